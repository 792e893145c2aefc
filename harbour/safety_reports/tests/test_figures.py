"""Safety reports' figures leave Harbour only as protected releases."""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.safety_reports.published_tables import NAME, NO_AREA, report_counts
from harbour.safety_reports.services import report_reject
from harbour.statistics.models import Release
from harbour.statistics.periods import QUARTER
from harbour.statistics.releases import release_make

from .helpers import make_report


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def test_counts_by_area_choice_and_decision(world):
    day = datetime.date(2026, 5, 14)
    make_report(world, received_at=_at(day))
    make_report(world, received_at=_at(day), consent="alert_only")
    rejected = make_report(world, received_at=_at(day), local_authority=None)
    report_reject(report=rejected, by=world.caseworker, reason="not_credible")
    make_report(world, received_at=_at(datetime.date(2026, 8, 1)))  # the next quarter
    counts = report_counts(QUARTER.containing(day))
    assert counts == {
        ("E08000012", "police_anonymised", "new"): 1,
        ("E08000012", "alert_only", "new"): 1,
        (NO_AREA, "police_anonymised", "rejected"): 1,
    }


def test_a_complete_quarter_is_released_through_the_statistics_app(world):
    day = datetime.date(2026, 5, 14)
    for _n in range(3):
        make_report(world, received_at=_at(day))
    release = release_make(name=NAME, period=QUARTER.containing(day))
    assert Release.objects.filter(table_set=NAME).get() == release
