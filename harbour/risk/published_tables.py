"""Published risk figures: risk assessments by area and level, released once a quarter
(decision 0054).

An assessment counts in the quarter (UK time) it was completed, under the area her record gives
and the level it ended at (standard, medium, high, after professional judgement). Shares of each
level are worked out on the page from these published counts, never from the records.

Counts are made when a release is made, by one query bounded by the quarter on the indexed
``(level, assessed_at)``: every level is named, so the index serves the range.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.regions.queries import area_categories
from harbour.risk.definitions import Level
from harbour.risk.models import Assessment
from harbour.statistics.periods import QUARTER, Period
from harbour.statistics.registry import DimensionSpec, TableSetSpec, table_sets
from harbour.statistics.tables import PublishedTable

LEVELS = "risk.levels"
LAG_DAYS = 14


def level_categories() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in Level.choices]


def level_counts(period: Period) -> Counter:
    """{(area, level): assessments} completed in the quarter ``period``."""
    start, end = period.datetimes(timezone.get_default_timezone())
    areas = {code for code, _name in area_categories()}
    rows = Assessment.objects.filter(
        level__in=Level.values, assessed_at__gte=start, assessed_at__lt=end
    ).values_list("person__local_authority__gss_code", "level")
    counts: Counter = Counter()
    for area, level in rows.order_by():
        if area in areas:
            counts[(area, level)] += 1
    return counts


def first_assessment() -> datetime.date | None:
    first = Assessment.objects.aggregate(first=Min("assessed_at"))["first"]
    return timezone.localtime(first, timezone.get_default_timezone()).date() if first else None


table_sets.register(
    TableSetSpec(
        name=LEVELS,
        title=_("Risk assessments by area and level"),
        dimensions=(
            DimensionSpec("area", _("Area"), area_categories),
            DimensionSpec("level", _("Risk level"), level_categories),
        ),
        tables=(
            PublishedTable("by_area", ("area",), _("Risk assessments by area")),
            PublishedTable("by_level", ("level",), _("Risk assessments by level")),
            PublishedTable(
                "by_area_level", ("area", "level"), _("Risk assessments by area and level")
            ),
        ),
        counts=level_counts,
        period=QUARTER,
        open_data=True,  # on the public open-data page (decisions 0054, 0055)
        starts=first_assessment,
        lag_days=LAG_DAYS,
        revise_every_months=12,
    )
)
