"""The demo region has follow-ups in every state, so the pages are not empty."""

import pytest

from harbour.core.queues import work_for
from harbour.followups.choices import Status
from harbour.followups.figures import figures_for_page
from harbour.followups.models import Followup, FollowupScheme


@pytest.mark.django_db
def test_demo_follow_ups_in_every_state_and_figures_that_show(demo_region, staff_client):
    ctx = demo_region
    assert set(FollowupScheme.objects.values_list("local_authority__name", flat=True)) == {
        "Knowsley",
        "St Helens",
    }
    assert set(Followup.objects.values_list("status", flat=True)) == set(Status.values)
    open_ = Followup.objects.filter(status=Status.OPEN)
    assert any(f.overdue for f in open_) and any(not f.overdue for f in open_)
    assert Followup.objects.filter(decisions__isnull=False).distinct().count() >= 10
    assert Followup.objects.filter(
        decisions__value="undecided", supports_prosecution="yes"
    ).exists()
    users = ctx.shared["users"]
    assert [i for i in work_for(users["idva.knowsley"]) if i.overdue]
    assert [i for i in work_for(users["police.officer"]) if "/followups/notice/" in i.url]
    figures = figures_for_page()
    assert figures["releases"]
    assert any(a.within_share.value is not None for a in figures["areas"] if a.in_pilot)
    assert all(g.incidents.value is not None for g in figures["groups"])
    client = staff_client(users["idva.knowsley"])
    for show in ("open", "overdue", "done"):
        assert client.get(f"/staff/followups/?show={show}").status_code == 200
    assert staff_client(users["analyst"]).get("/staff/followups/figures/").status_code == 200
