"""Published MARAC figures: cases heard by area, reporting year and whether a repeat.

Cases leave Harbour only as these tables, protected together by the statistics app, and only
for completed reporting years (October to September, like the national figures): a year still
running could be differenced from one release to the next. A case is counted in the year of the
meeting that heard it (outcome "heard"); a case adjourned and heard later counts once, when
heard.
"""

from __future__ import annotations

from collections import Counter

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from harbour.marac import rules
from harbour.marac.choices import HEARD_OUTCOMES
from harbour.marac.models import Hearing
from harbour.regions.queries import area_categories
from harbour.statistics.published import ProtectedTable
from harbour.statistics.registry import (
    DimensionSpec,
    TableSetSpec,
    table_set_publish,
    table_sets,
)
from harbour.statistics.tables import PublishedTable

NAME = "marac.cases"
FIRST, REPEAT = "first", "repeat"
YEARS_SHOWN = 5


def _heard() -> list[tuple[str, int, bool]]:
    """(area code, reporting year, repeat) for every case heard, once each."""
    seen: dict[int, tuple[str, int, bool]] = {}
    rows = (
        Hearing.objects.filter(outcome__in=HEARD_OUTCOMES, removed_at__isnull=True)
        .exclude(referral__local_authority=None)
        .order_by("meeting__starts_at")
        .values_list(
            "referral_id",
            "referral__local_authority__gss_code",
            "referral__is_repeat",
            "meeting__starts_at",
        )
    )
    for referral_id, area, repeat, starts_at in rows:
        if referral_id not in seen:
            year = rules.reporting_year_of(rules.uk_date(starts_at))
            seen[referral_id] = (area, year, repeat)
    return list(seen.values())


def completed_years() -> list[int]:
    """The completed reporting years to publish: from the first with a case heard (at most
    the last five), up to the last completed one."""
    last = rules.last_completed_reporting_year(timezone.localdate())
    years = [year for _area, year, _repeat in _heard() if year <= last]
    if not years:
        return []
    first = max(min(years), last - YEARS_SHOWN + 1)
    return list(range(first, last + 1))


def year_categories() -> list[tuple[str, str]]:
    categories = []
    for year in completed_years():
        start, end = rules.reporting_year_bounds(year)
        label = _("%(start)s to %(end)s") % {
            "start": date_format(start, "F Y"),
            "end": date_format(end, "F Y"),
        }
        categories.append((rules.reporting_year_key(year), str(label)))
    return categories


def repeat_categories() -> list[tuple[str, str]]:
    return [(FIRST, str(_("Not a repeat"))), (REPEAT, str(_("Repeat")))]


def case_counts() -> Counter:
    years = set(completed_years())
    areas = {code for code, _name in area_categories()}
    counts: Counter = Counter()
    for area, year, repeat in _heard():
        if year in years and area in areas:
            counts[(area, rules.reporting_year_key(year), REPEAT if repeat else FIRST)] += 1
    return counts


table_sets.register(
    TableSetSpec(
        name=NAME,
        title=_("MARAC cases heard"),
        dimensions=(
            DimensionSpec("area", _("Area"), area_categories),
            DimensionSpec("year", _("Year"), year_categories),
            DimensionSpec("repeat", _("Repeat"), repeat_categories),
        ),
        tables=(
            PublishedTable("by_area_year", ("area", "year"), _("MARAC cases heard")),
            PublishedTable(
                "by_area_year_repeat",
                ("area", "year", "repeat"),
                _("MARAC cases heard, repeats and others"),
            ),
        ),
        counts=lambda: dict(case_counts()),
    )
)


def marac_tables_publish() -> dict[str, ProtectedTable]:
    """The protected tables, or nothing before a case has been heard in a completed year."""
    if not completed_years() or not area_categories():
        return {}
    return table_set_publish(name=NAME)
