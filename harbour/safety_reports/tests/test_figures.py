"""Safety reports' figures leave Harbour only as protected releases."""

from __future__ import annotations

import datetime

import time_machine
from django.utils import timezone

from harbour.safety_reports.published_tables import (
    NO_ALERT,
    NO_AREA,
    REPORTS,
    TYPES,
    report_counts,
    type_counts,
)
from harbour.safety_reports.services import alert_publish, report_reject
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
        ("E08000012", "police_anonymised", "new", NO_ALERT): 1,
        ("E08000012", "alert_only", "new", NO_ALERT): 1,
        (NO_AREA, "police_anonymised", "rejected", NO_ALERT): 1,
    }


def test_a_complete_quarter_is_released_through_the_statistics_app(world):
    day = datetime.date(2026, 5, 14)
    for _n in range(3):
        make_report(world, received_at=_at(day))
    release = release_make(name=REPORTS, period=QUARTER.containing(day))
    assert Release.objects.filter(table_set=REPORTS).get() == release
    release_make(name=TYPES, period=QUARTER.containing(day))
    assert Release.objects.filter(table_set=TYPES).count() == 1


def test_time_to_alert_in_bands_and_types_counted_once_a_report(world):
    day = datetime.date(2026, 5, 14)
    quick = make_report(world, received_at=_at(day), violence_types=["physical", "physical"])
    slow = make_report(world, received_at=_at(day) - datetime.timedelta(days=5))
    for report, waited in (
        (quick, datetime.timedelta(hours=3)),
        (slow, datetime.timedelta(days=4)),
    ):
        with time_machine.travel(report.received_at + waited):
            alert_publish(
                report=report,
                by=world.caseworker,
                warning="W",
                description="",
                condition="safeguarding",
            )
    counts = report_counts(QUARTER.containing(day))
    assert counts[("E08000012", "police_anonymised", "alerted", "within_1_day")] == 1
    assert counts[("E08000012", "police_anonymised", "alerted", "3_to_7_days")] == 1
    assert type_counts(QUARTER.containing(day)) == {("physical", "street"): 2}


def test_the_figures_page_reads_releases_only(world, staff_client):
    from harbour.accounts.factories import UserFactory
    from harbour.accounts.roles import Role

    day = datetime.date(2026, 5, 14)
    for _n in range(12):
        make_report(world, received_at=_at(day))
    page = staff_client(world.caseworker).get("/staff/safety/figures/")
    assert page.status_code == 200 and "No figures have been published yet" in page.content.decode()
    release_make(name=REPORTS, period=QUARTER.containing(day))
    release_make(name=TYPES, period=QUARTER.containing(day))
    analyst = UserFactory(role=Role.ANALYST)
    page = staff_client(analyst).get("/staff/safety/figures/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Reports by area" in body and "Reports naming each kind of harm" in body
    for user in (world.liaison, world.specialist, world.officer):
        assert staff_client(user).get("/staff/safety/figures/").status_code == 403
