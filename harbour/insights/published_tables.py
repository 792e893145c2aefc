"""The region dashboard's figures: incidents by area and kind, released once a quarter.

Counts come from the summary table (``IncidentSummary``), never from a scan of the incidents:
making a quarter's release reads a few rows per area. Each quarter (UK time, by when the abuse
happened) is released a fortnight after it ends; late records and corrections appear only in a
revision, looked at once a year and published only when the change is safe.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from harbour.incidents.choices import IncidentKind
from harbour.insights.models import IncidentSummary
from harbour.regions.queries import area_categories
from harbour.statistics.periods import QUARTER, Period
from harbour.statistics.registry import DimensionSpec, TableSetSpec, table_sets
from harbour.statistics.tables import PublishedTable

INCIDENTS = "insights.incidents"
LAG_DAYS = 14


def kind_categories() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in IncidentKind.choices]


def first_quarter() -> datetime.date | None:
    """The first quarter with an incident: where the series starts."""
    return IncidentSummary.objects.filter(count__gt=0).aggregate(first=Min("quarter"))["first"]


def incident_counts(period: Period) -> Counter:
    """{(area code, kind): incidents} in the quarter ``period``, from the summary table."""
    areas = {code for code, _name in area_categories()}
    counts: Counter = Counter()
    rows = IncidentSummary.objects.filter(quarter=period.start, count__gt=0).values_list(
        "local_authority__gss_code", "kind", "count"
    )
    for area, kind, n in rows:
        if area in areas:
            counts[(area, kind)] += n
    return counts


table_sets.register(
    TableSetSpec(
        name=INCIDENTS,
        title=_("Incidents by area and kind"),
        dimensions=(
            DimensionSpec("area", _("Area"), area_categories),
            DimensionSpec("kind", _("Kind"), kind_categories),
        ),
        tables=(
            PublishedTable("by_area", ("area",), _("Incidents by area")),
            PublishedTable("by_kind", ("kind",), _("Incidents by kind")),
            PublishedTable("by_area_kind", ("area", "kind"), _("Incidents by area and kind")),
        ),
        counts=incident_counts,
        period=QUARTER,
        starts=first_quarter,
        lag_days=LAG_DAYS,
        revise_every_months=12,
        open_data=True,
    )
)
