"""Published figures about Find support: searches by quarter, need and area.

The weekly totals (``SearchCount``) are never shown as they are: they leave Harbour only as
these tables, protected together by the statistics app and released once for each completed
quarter (a week counts in the quarter it began in); the page shows the stored releases.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from harbour.directory.models import SearchCount
from harbour.directory.queries import top_level_needs
from harbour.regions.queries import area_categories
from harbour.statistics.periods import QUARTER, Period
from harbour.statistics.registry import DimensionSpec, TableSetSpec, table_sets
from harbour.statistics.releases import StoredRelease, releases_current
from harbour.statistics.tables import PublishedTable

NAME = "directory.searches"
NOT_CHOSEN = "none"  # the category of searches that chose no need (or no area)


def search_counts(period: Period) -> Counter:
    """Searches by (need, area) for the weeks that began in ``period``."""
    needs = {code for code, _label in need_categories()}
    areas = {code for code, _label in area_search_categories()}
    counts: Counter = Counter()
    rows = SearchCount.objects.filter(week__gte=period.start, week__lt=period.end).values_list(
        "need_code", "area_code", "count"
    )
    for need, area, count in rows:
        need, area = need or NOT_CHOSEN, area or NOT_CHOSEN
        if need in needs and area in areas:  # needs or areas since removed are left out
            counts[(need, area)] += count
    return counts


def first_week() -> datetime.date | None:
    return SearchCount.objects.aggregate(first=Min("week"))["first"]


def need_categories() -> list[tuple[str, str]]:
    return [
        *((term.code, term.name) for term in top_level_needs()),
        (NOT_CHOSEN, str(_("No kind of support chosen"))),
    ]


def area_search_categories() -> list[tuple[str, str]]:
    return [*area_categories(), (NOT_CHOSEN, str(_("No area chosen")))]


table_sets.register(
    TableSetSpec(
        name=NAME,
        title=_("Searches on Find support"),
        dimensions=(
            DimensionSpec("need", _("Kind of support"), need_categories),
            DimensionSpec("area", _("Area"), area_search_categories),
        ),
        tables=(
            PublishedTable("by_need", ("need",), _("Searches by kind of support")),
            PublishedTable("by_area", ("area",), _("Searches by area")),
            PublishedTable(
                "by_need_area", ("need", "area"), _("Searches by kind of support and area")
            ),
        ),
        counts=search_counts,
        period=QUARTER,
        starts=first_week,
    )
)


def search_releases() -> list[StoredRelease]:
    """The released quarters, latest first, as stored."""
    return list(reversed(releases_current(name=NAME)))
