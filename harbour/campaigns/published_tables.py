"""Published figures for campaigns: the hub's self-referrals by quarter and area.

Self-referrals leave Harbour only as this table set, protected by the statistics app and released
once for each completed quarter (a fortnight after it ends, for late triage), so a campaign's
page can set them beside Find support's released search totals.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from harbour.referrals.models import SelfReferral
from harbour.regions.queries import area_categories
from harbour.statistics.periods import QUARTER, Period
from harbour.statistics.registry import DimensionSpec, TableSetSpec, table_sets
from harbour.statistics.tables import PublishedTable

NAME = "campaigns.self_referrals"
NO_AREA = "none"


def _areas() -> list[tuple[str, str]]:
    return [*area_categories(), (NO_AREA, str(_("No area given")))]


def self_referral_counts(period: Period) -> Counter:
    known = {code for code, _label in _areas()}
    counts: Counter = Counter()
    rows = SelfReferral.objects.filter(
        received_at__date__gte=period.start, received_at__date__lt=period.end
    ).values_list("local_authority__gss_code", flat=True)
    for code in rows:
        code = code or NO_AREA
        if code in known:
            counts[(code,)] += 1
    return counts


def first_day():
    first = SelfReferral.objects.aggregate(first=Min("received_at"))["first"]
    return first.date() if first else None


table_sets.register(
    TableSetSpec(
        name=NAME,
        title=_("Self-referrals to the victim care hub"),
        dimensions=(DimensionSpec("area", _("Area"), _areas),),
        tables=(PublishedTable("by_area", ("area",), _("Self-referrals by area")),),
        counts=self_referral_counts,
        period=QUARTER,
        starts=first_day,
        lag_days=14,
    )
)
