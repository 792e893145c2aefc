"""Published MARAC figures: cases heard by area, reporting year and whether a repeat.

Cases leave Harbour only as these tables, protected together by the statistics app and
released once for each completed reporting year (October to September, like the national
figures), a month after it ends. A case heard late in the record (an outcome recorded after the
release) appears only in a revision, looked at once a year and published only when the change
is safe. A case is counted in the year of the meeting that heard it (outcome "heard"); a case
adjourned and heard later counts once, when heard.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.utils.translation import gettext_lazy as _

from harbour.marac import rules
from harbour.marac.choices import HEARD_OUTCOMES
from harbour.marac.models import Hearing
from harbour.regions.queries import area_categories
from harbour.statistics.periods import Period, PeriodLength
from harbour.statistics.registry import DimensionSpec, TableSetSpec, table_sets
from harbour.statistics.releases import StoredRelease, releases_current
from harbour.statistics.tables import PublishedTable

NAME = "marac.cases"
FIRST, REPEAT = "first", "repeat"
YEARS_SHOWN = 5
REPORTING_YEAR = PeriodLength(12, first_month=rules.YEAR_START_MONTH)
LAG_DAYS = 31  # outcomes are often recorded a few weeks after the meeting


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


def first_heard() -> datetime.date | None:
    """The day of the first meeting that heard a case: where the series starts."""
    first = (
        Hearing.objects.filter(outcome__in=HEARD_OUTCOMES, removed_at__isnull=True)
        .order_by("meeting__starts_at")
        .values_list("meeting__starts_at", flat=True)
        .first()
    )
    return rules.uk_date(first) if first else None


def repeat_categories() -> list[tuple[str, str]]:
    return [(FIRST, str(_("Not a repeat"))), (REPEAT, str(_("Repeat")))]


def case_counts(period: Period) -> Counter:
    """{(area, first or repeat): cases} heard in the reporting year ``period``."""
    areas = {code for code, _name in area_categories()}
    year = rules.reporting_year_of(period.start)
    counts: Counter = Counter()
    for area, heard_year, repeat in _heard():
        if heard_year == year and area in areas:
            counts[(area, REPEAT if repeat else FIRST)] += 1
    return counts


table_sets.register(
    TableSetSpec(
        name=NAME,
        title=_("MARAC cases heard"),
        dimensions=(
            DimensionSpec("area", _("Area"), area_categories),
            DimensionSpec("repeat", _("Repeat"), repeat_categories),
        ),
        tables=(
            PublishedTable("by_area", ("area",), _("MARAC cases heard")),
            PublishedTable(
                "by_area_repeat", ("area", "repeat"), _("MARAC cases heard, repeats and others")
            ),
        ),
        counts=case_counts,
        period=REPORTING_YEAR,
        starts=first_heard,
        lag_days=LAG_DAYS,
        revise_every_months=12,
    )
)


def marac_releases() -> list[StoredRelease]:
    """The released years, latest version of each, the last five only, oldest first."""
    return releases_current(name=NAME, last=YEARS_SHOWN)
