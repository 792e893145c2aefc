"""Published figures of safety reports: reports by area, the reporter's choice and what the
project decided, released once for each quarter through ``harbour.statistics`` (disclosure
control, secondary suppression, rounding). Drawn from one cross-classification, the tables are
protected together, so none can be subtracted from another. Raw counts never leave otherwise.

Reports with no area are counted under "Not given". Times to publish and the types of violence
(several a report, so not additive) are not published yet.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.regions.queries import area_categories
from harbour.safety_reports.choices import Consent, ReportStatus
from harbour.safety_reports.models import SafetyReport
from harbour.statistics.periods import QUARTER, Period
from harbour.statistics.registry import DimensionSpec, TableSetSpec, table_sets
from harbour.statistics.tables import PublishedTable

NAME = "safety_reports.reports"
NO_AREA = "none"


def areas() -> list[tuple[str, str]]:
    return [*area_categories(), (NO_AREA, str(_("Not given")))]


def first_day() -> datetime.date | None:
    first = SafetyReport.objects.aggregate(first=Min("received_at"))["first"]
    return timezone.localdate(first) if first else None


def report_counts(period: Period) -> Counter:
    """{(area, choice, decision): reports} received in ``period``."""
    span = period.datetimes(timezone.get_current_timezone())
    known = {code for code, _name in area_categories()}
    counts: Counter = Counter()
    rows = SafetyReport.objects.filter(
        received_at__gte=span[0], received_at__lt=span[1]
    ).values_list("local_authority__gss_code", "consent", "status")
    for area, consent, status in rows:
        counts[(area if area in known else NO_AREA, consent, status)] += 1
    return counts


table_sets.register(
    TableSetSpec(
        name=NAME,
        title=_("Sex workers' safety reports"),
        dimensions=(
            DimensionSpec("area", _("Area"), areas),
            DimensionSpec("consent", _("What the reporter agreed to"), Consent.choices),
            DimensionSpec("decision", _("The project's decision"), ReportStatus.choices),
        ),
        tables=(
            PublishedTable("by_area", ("area",), _("Reports by area")),
            PublishedTable("by_consent", ("consent",), _("Reports by what the reporter agreed to")),
            PublishedTable("by_decision", ("decision",), _("Reports by the project's decision")),
            PublishedTable(
                "by_area_decision", ("area", "decision"), _("Reports by area and decision")
            ),
        ),
        counts=report_counts,
        period=QUARTER,
        starts=first_day,
        lag_days=14,
    )
)
