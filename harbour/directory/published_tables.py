"""Published figures about Find support: searches by quarter, need and area.

The weekly totals (``SearchCount``) are never shown as they are: they leave Harbour only as
these tables, protected together by the statistics app, for completed quarters only (figures for
a quarter still running could be differenced from one release to the next).
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.directory.models import SearchCount
from harbour.directory.queries import top_level_needs
from harbour.regions.queries import area_categories
from harbour.statistics.published import ProtectedTable
from harbour.statistics.registry import (
    DimensionSpec,
    TableSetSpec,
    table_set_publish,
    table_sets,
)
from harbour.statistics.tables import PublishedTable

NAME = "directory.searches"
NOT_CHOSEN = "none"  # the category of searches that chose no need (or no area)


def _quarter_of(day: datetime.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _completed_counts() -> Counter:
    """Searches by (quarter, need, area) for the weeks that began before this quarter did."""
    this_quarter = _quarter_start(timezone.localdate())
    needs = {code for code, _label in need_categories()}
    areas = {code for code, _label in area_search_categories()}
    counts: Counter = Counter()
    rows = SearchCount.objects.filter(week__lt=this_quarter).values_list(
        "week", "need_code", "area_code", "count"
    )
    for week, need, area, count in rows:
        need, area = need or NOT_CHOSEN, area or NOT_CHOSEN
        if need in needs and area in areas:  # needs or areas since removed are left out
            counts[(_quarter_of(week), need, area)] += count
    return counts


def quarter_categories() -> list[tuple[str, str]]:
    quarters = sorted({key[0] for key in _completed_counts()})
    return [(quarter, quarter.replace("-", " ")) for quarter in quarters]


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
            DimensionSpec("quarter", _("Quarter"), quarter_categories),
            DimensionSpec("need", _("Kind of support"), need_categories),
            DimensionSpec("area", _("Area"), area_search_categories),
        ),
        tables=(
            PublishedTable("by_need", ("quarter", "need"), _("Searches by kind of support")),
            PublishedTable("by_area", ("quarter", "area"), _("Searches by area")),
            PublishedTable(
                "by_need_area",
                ("quarter", "need", "area"),
                _("Searches by kind of support and area"),
            ),
        ),
        counts=lambda: dict(_completed_counts()),
    )
)


def search_figures_publish() -> dict[str, ProtectedTable]:
    """The protected tables, or nothing before the first quarter with searches has ended."""
    if not quarter_categories():
        return {}
    return table_set_publish(name=NAME)
