"""Published figures of safety reports, released once for each quarter through
``harbour.statistics`` (disclosure control, secondary suppression, rounding). Raw counts never
leave otherwise.

Two table sets, each protected as one problem so no table can be subtracted from another:

- ``safety_reports.reports``: every report received in the quarter, once, by area (with "Not
  given"), what the reporter agreed to, the project's decision, and the time from the report to
  its alert, in bands (times are published only as bands: never a least or greatest time);
- ``safety_reports.types``: what happened, counted once for each type a report names (a report
  may name several, so these are mentions, not reports), by street or online.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.regions.queries import area_categories
from harbour.safety_reports.choices import Consent, ReportStatus, ViolenceType, WorkingPattern
from harbour.safety_reports.models import Alert, SafetyReport
from harbour.statistics.periods import QUARTER, Period
from harbour.statistics.registry import DimensionSpec, TableSetSpec, table_sets
from harbour.statistics.tables import PublishedTable

REPORTS = "safety_reports.reports"
TYPES = "safety_reports.types"
NO_AREA = "none"
NO_ALERT = "no_alert"
LAG_DAYS = 14

# (key, label, upper bound): the time from a report to its alert.
TIME_BANDS: tuple[tuple[str, str, datetime.timedelta | None], ...] = (
    ("within_1_day", _("Within a day"), datetime.timedelta(days=1)),
    ("1_to_3_days", _("1 to 3 days"), datetime.timedelta(days=3)),
    ("3_to_7_days", _("3 to 7 days"), datetime.timedelta(days=7)),
    ("over_7_days", _("Over 7 days"), None),
)


def areas() -> list[tuple[str, str]]:
    return [*area_categories(), (NO_AREA, str(_("Not given")))]


def time_categories() -> list[tuple[str, str]]:
    return [*((key, label) for key, label, _bound in TIME_BANDS), (NO_ALERT, _("No alert"))]


def time_band(waited: datetime.timedelta) -> str:
    for key, _label, bound in TIME_BANDS:
        if bound is None or waited < bound:
            return key
    return TIME_BANDS[-1][0]


def first_day() -> datetime.date | None:
    first = SafetyReport.objects.aggregate(first=Min("received_at"))["first"]
    return timezone.localdate(first) if first else None


def _received_in(period: Period):
    span = period.datetimes(timezone.get_current_timezone())
    return SafetyReport.objects.filter(received_at__gte=span[0], received_at__lt=span[1])


def report_counts(period: Period) -> Counter:
    """{(area, choice, decision, time to alert): reports} received in ``period``."""
    known = {code for code, _name in area_categories()}
    reports = list(
        _received_in(period).values_list(
            "id", "local_authority__gss_code", "consent", "status", "received_at"
        )
    )
    alerted = {}
    for report_id, published_at in (
        Alert.objects.filter(report_id__in=[r[0] for r in reports])
        .order_by("published_at")
        .values_list("report_id", "published_at")
    ):
        alerted.setdefault(report_id, published_at)
    counts: Counter = Counter()
    for report_id, area, consent, status, received_at in reports:
        waited = alerted.get(report_id)
        band = NO_ALERT
        if status == ReportStatus.ALERTED and waited is not None:
            band = time_band(waited - received_at)
        counts[(area if area in known else NO_AREA, consent, status, band)] += 1
    return counts


def report_structural_zeros(period: Period):
    """A report with an alert has a time to it; one without has none."""

    def is_zero(keys: dict[str, str]) -> bool:
        return (keys["decision"] == ReportStatus.ALERTED) == (keys["time"] == NO_ALERT)

    return is_zero


def type_counts(period: Period) -> Counter:
    """{(type, street or online): reports naming it} received in ``period``."""
    counts: Counter = Counter()
    for report in _received_in(period).only("violence_types", "pattern"):
        for kind in set(report.violence_types):
            counts[(kind, report.pattern)] += 1
    return counts


table_sets.register(
    TableSetSpec(
        name=REPORTS,
        title=_("Sex workers' safety reports"),
        dimensions=(
            DimensionSpec("area", _("Area"), areas),
            DimensionSpec("consent", _("What the reporter agreed to"), Consent.choices),
            DimensionSpec("decision", _("The project's decision"), ReportStatus.choices),
            DimensionSpec("time", _("Time from the report to its alert"), time_categories),
        ),
        tables=(
            PublishedTable("by_area", ("area",), _("Reports by area")),
            PublishedTable("by_consent", ("consent",), _("Reports by what the reporter agreed to")),
            PublishedTable("by_decision", ("decision",), _("Reports by the project's decision")),
            PublishedTable(
                "by_area_decision", ("area", "decision"), _("Reports by area and decision")
            ),
            PublishedTable("by_time", ("time",), _("Time from the report to its alert")),
        ),
        counts=report_counts,
        period=QUARTER,
        starts=first_day,
        structural_zeros=report_structural_zeros,
        lag_days=LAG_DAYS,
    )
)

table_sets.register(
    TableSetSpec(
        name=TYPES,
        title=_("What sex workers reported"),
        dimensions=(
            DimensionSpec("type", _("What happened"), ViolenceType.choices),
            DimensionSpec("pattern", _("Street or online"), WorkingPattern.choices),
        ),
        tables=(
            PublishedTable("by_type", ("type",), _("Reports naming each kind of harm")),
            PublishedTable(
                "by_type_pattern",
                ("type", "pattern"),
                _("Reports naming each kind of harm, street or online"),
            ),
        ),
        counts=type_counts,
        period=QUARTER,
        starts=first_day,
        lag_days=LAG_DAYS,
    )
)
