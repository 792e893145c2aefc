"""Campaigns beside released searches and self-referrals; never the weekly totals as they are."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.roles import AgencyKind, Role
from harbour.accounts.testing import sign_in
from harbour.campaigns.figures import campaign_quarters, quarters_chart
from harbour.campaigns.models import Campaign, Channel
from harbour.campaigns.published_tables import NAME as SELF_REFERRALS
from harbour.campaigns.services import campaign_create
from harbour.directory.factories import LocalAuthorityFactory
from harbour.directory.models import SearchCount
from harbour.directory.published_tables import NAME as SEARCHES
from harbour.referrals.models import SelfReferral
from harbour.statistics.releases import releases_publish_due

NOW = datetime.datetime(2026, 11, 10, 12, tzinfo=datetime.UTC)


@pytest.fixture
def region(db):
    with time_machine.travel(NOW):
        riverside = LocalAuthorityFactory(name="Riverside")
        hillside = LocalAuthorityFactory(name="Hillside")
        analyst = UserFactory(role=Role.COMMISSIONER)
        yield {"riverside": riverside, "hillside": hillside, "analyst": analyst}


def _campaign(region, **kwargs):
    values = {
        "name": "Know the signs",
        "message": "Controlling behaviour is abuse.",
        "channels": [Channel.SOCIAL_MEDIA],
        "starts_on": datetime.date(2026, 7, 14),
        "ends_on": datetime.date(2026, 9, 10),
        "areas": [region["riverside"]],
        "reach": 50_000,
        "by": region["analyst"],
    }
    values.update(kwargs)
    return campaign_create(**values)


def test_a_campaign_needs_channels_areas_and_sensible_dates(region):
    with pytest.raises(ValidationError):
        _campaign(region, channels=[])
    with pytest.raises(ValidationError):
        _campaign(region, channels=["billboards-on-the-moon"])
    with pytest.raises(ValidationError):
        _campaign(region, ends_on=datetime.date(2026, 7, 1))
    with pytest.raises(ValidationError):
        _campaign(region, areas=[])
    assert not Campaign.objects.exists()
    police = UserFactory(role=Role.ANALYST, agency=AgencyFactory(kind=AgencyKind.POLICE))
    with pytest.raises(PermissionDenied):
        _campaign(region, by=police)


def _activity(region, *, week, searches, self_referrals, area="riverside"):
    SearchCount.objects.create(
        week=week, need_code="", area_code=region[area].gss_code, count=searches
    )
    for _number in range(self_referrals):
        SelfReferral.objects.create(
            agency=region["analyst"].agency,
            received_at=timezone.make_aware(datetime.datetime.combine(week, datetime.time(12))),
            local_authority=region[area],
        )


def test_the_campaign_is_set_against_released_quarters_only(region):
    with time_machine.travel(NOW):
        campaign = _campaign(region)
        # Before (April to June) and during (July to September) the campaign.
        _activity(region, week=datetime.date(2026, 5, 4), searches=40, self_referrals=12)
        _activity(
            region, week=datetime.date(2026, 5, 4), searches=30, self_referrals=11, area="hillside"
        )
        _activity(region, week=datetime.date(2026, 8, 3), searches=90, self_referrals=25)
        _activity(
            region, week=datetime.date(2026, 8, 3), searches=35, self_referrals=3, area="hillside"
        )
        rows = campaign_quarters(campaign)
        assert [row.period.key for row in rows] == ["2026-Q2", "2026-Q3"]
        assert all(row.searches.region is None for row in rows), "nothing released yet"
        releases_publish_due(names=[SEARCHES, SELF_REFERRALS])
        rows = campaign_quarters(campaign)
    before, during = rows
    assert not before.during and during.during
    assert before.searches.in_areas.value == 40
    assert before.searches.region.value == 70
    assert during.searches.in_areas.value == 90
    assert (before.self_referrals.in_areas.value, before.self_referrals.region.value) == (12, 23)
    # 3 self-referrals in Hillside are withheld, and with them one more cell: the campaign's area
    # or the region's total.
    assert (
        during.self_referrals.in_areas.value is None or during.self_referrals.region.value is None
    )
    # The charts draw the released figures only: a withheld one is a gap.
    searches = quarters_chart(rows, "searches")
    assert [d["data"] for d in searches["datasets"]] == [[40, 90], [70, 125]]
    assert searches["labels"][1].endswith("(campaign)")
    referrals = quarters_chart(rows, "self_referrals")
    in_areas, region_total = (d["data"] for d in referrals["datasets"])
    assert in_areas[0] == 12 and region_total[0] == 23
    assert None in (in_areas[1], region_total[1])


def test_the_page_is_the_commissioners_and_shows_released_figures(region, caplog):
    caplog.set_level("ERROR", logger="django.request")
    with time_machine.travel(NOW):
        campaign = _campaign(region)
        client = sign_in(Client(), region["analyst"])
        page = client.get(reverse("campaigns:detail", args=[campaign.public_id]))
        assert "not released yet" in page.content.decode()
        educator = sign_in(Client(), UserFactory(role=Role.EDUCATION_PROVIDER))
        assert educator.get(reverse("campaigns:home")).status_code == 403
        police = UserFactory(role=Role.ANALYST, agency=AgencyFactory(kind=AgencyKind.POLICE))
        assert sign_in(Client(), police).get(reverse("campaigns:home")).status_code == 403
        response = client.post(
            reverse("campaigns:add"),
            {
                "name": "Sixteen days",
                "message": "Talk to us.",
                "channels": [Channel.RADIO],
                "starts_on": "25/11/2026",
                "ends_on": "10/12/2026",
                "areas": [region["hillside"].pk],
            },
        )
        assert response.status_code == 302
        assert Campaign.objects.filter(name="Sixteen days", reach=None).exists()


def test_the_self_referral_table_set_is_registered_and_quarterly():
    from harbour.statistics.registry import table_sets

    spec = table_sets.get(SELF_REFERRALS)
    assert spec.period is not None and spec.period.months == 3
    assert table_sets.get(SEARCHES).period.months == 3
