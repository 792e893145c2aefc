"""Published figures about Find support: searches by quarter, need and area.

The weekly totals (``SearchCount``) are never shown as they are: they leave Harbour only as
these tables, protected together by the statistics app and released once for each completed
quarter (a week counts in the quarter it began in); the page shows the stored releases.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.directory.choices import ServiceStatus
from harbour.directory.models import SearchCount, Service
from harbour.directory.queries import top_level_needs
from harbour.regions.queries import area_categories
from harbour.statistics.periods import QUARTER, Period
from harbour.statistics.registry import DimensionSpec, TableSetSpec, table_sets
from harbour.statistics.releases import StoredRelease, releases_current
from harbour.statistics.rules import SuppressionRules
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


# Service coverage ---------------------------------------------------------------------------

COVERAGE = "directory.coverage"
COVERAGE_RULES = SuppressionRules(threshold=1)
"""Services are organisations' public offers, not people: no count of them is withheld
(decision 0054). The set is still released, so the page shows a dated, stored figure."""
NEVER_REVISED_MONTHS = 1200
"""The directory keeps no history of a service's areas and kinds of support, so a quarter's
coverage cannot be counted again later: it is released once, as the directory stood, and never
revised."""


COVERAGE_LAG_DAYS = 14  # the same as the other quarterly sets, so their quarters line up


def coverage_quarter(today: datetime.date | None = None) -> Period:
    """The quarter whose coverage can be released now: the last one whose lag has passed."""
    day = (today or timezone.localdate()) - datetime.timedelta(days=COVERAGE_LAG_DAYS)
    return QUARTER.containing(day).previous()


def coverage_counts(period: Period) -> Counter:
    """{(kind of support, area): open services} as the directory stands now, for the last
    quarter whose lag has passed. A service counts once under each top-level kind of support it
    meets (itself or through a narrower term) and each area it serves; a gap is a cell of 0."""
    if period != coverage_quarter():
        raise ValueError(
            f"coverage of {period.key} cannot be counted now: only the last quarter due"
        )
    areas = {code for code, _label in area_categories()}
    needs = {term.pk: term.code for term in top_level_needs()}
    cells = set()
    rows = (
        Service.objects.filter(status=ServiceStatus.ACTIVE)
        .values_list("pk", "needs__pk", "needs__parent_id", "areas__gss_code")
        .order_by()
    )
    for service, need, parent, area in rows:
        code = needs.get(parent) or needs.get(need)
        if code and area in areas:
            cells.add((service, code, area))
    return Counter((code, area) for _service, code, area in cells)


def coverage_need_categories() -> list[tuple[str, str]]:
    return [(term.code, term.name) for term in top_level_needs()]


def coverage_starts() -> datetime.date | None:
    """Only the last quarter whose lag has passed is ever due: earlier ones cannot be counted."""
    if not Service.objects.exists():
        return None
    return coverage_quarter().start


table_sets.register(
    TableSetSpec(
        name=COVERAGE,
        title=_("Open services by kind of support and area"),
        dimensions=(
            DimensionSpec("need", _("Kind of support"), coverage_need_categories),
            DimensionSpec("area", _("Area"), area_categories),
        ),
        tables=(
            PublishedTable(
                "by_need_area",
                ("need", "area"),
                _("Open services by kind of support and area"),
            ),
        ),
        counts=coverage_counts,
        rules=COVERAGE_RULES,
        period=QUARTER,
        open_data=True,  # on the public open-data page (decisions 0054, 0055)
        starts=coverage_starts,
        lag_days=COVERAGE_LAG_DAYS,
        revise_every_months=NEVER_REVISED_MONTHS,
    )
)
