"""What a report releases to the police: exactly what the reporter consented to, nothing more.

- (a) ``alert_only``: nothing. The liaison officer never sees the report.
- (b) ``police_anonymised``: :data:`ANONYMISED_FIELDS`: when (the date), the area, street or
  online, what happened (the types), how he made contact, the individual's description and
  identifiers, and the project's *redacted* account. Not her words, not where she works, not
  who she is.
- (c) ``police_full``: :data:`FULL_FIELDS`: the above, her own account and description, the
  street or website, and her name and contact details.

Every export is logged (the access log, and an event on the report).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from harbour.audit.services import Action, access_log
from harbour.safety_reports.choices import (
    AgeRange,
    Consent,
    ContactMethod,
    EventKind,
    Gender,
    ViolenceType,
    WorkingPattern,
)
from harbour.safety_reports.models import ReportEvent, SafetyReport
from harbour.safety_reports.queries import is_liaison_officer, report_get_for_user

ANONYMISED_FIELDS: tuple[str, ...] = (
    "reference",
    "received_on",
    "happened_on",
    "area",
    "pattern",
    "violence_types",
    "contact_method",
    "gender",
    "age_range",
    "build",
    "features",
    "vehicle",
    "registrations",
    "phones",
    "handles",
    "redacted_description",
    "redacted_account",
)
FULL_FIELDS: tuple[str, ...] = (
    *ANONYMISED_FIELDS,
    "happened_time",
    "location",
    "platform",
    "description",
    "account",
    "contact_name",
    "contact_details",
)

FIELDS_FOR_CONSENT: dict[str, tuple[str, ...]] = {
    Consent.ALERT_ONLY: (),
    Consent.POLICE_ANONYMISED: ANONYMISED_FIELDS,
    Consent.POLICE_FULL: FULL_FIELDS,
}


def _value(report: SafetyReport, name: str) -> Any:
    if name == "reference":
        return report.reference
    if name == "received_on":
        return report.received_at.date().isoformat()
    if name == "happened_on":
        return report.happened_on.isoformat() if report.happened_on else ""
    if name == "area":
        return report.local_authority.name if report.local_authority else ""
    return getattr(report, name)


_LABELS: dict[str, dict[str, str]] = {
    "violence_types": dict(ViolenceType.choices),
    "contact_method": dict(ContactMethod.choices),
    "gender": dict(Gender.choices),
    "age_range": dict(AgeRange.choices),
    "pattern": dict(WorkingPattern.choices),
}


def display_value(name: str, value: Any) -> str:
    """A value as people read it: coded values by their label, lists joined."""
    labels = _LABELS.get(name, {})
    if isinstance(value, list):
        return ", ".join(str(labels.get(item, item)) for item in value)
    return str(labels.get(value, value)) if value is not None else ""


def police_view(report: SafetyReport) -> dict[str, Any]:
    """The fields the reporter's choice releases, with their values (empty for (a))."""
    return {name: _value(report, name) for name in FIELDS_FOR_CONSENT[report.consent]}


def police_export(*, user, public_id: str) -> dict[str, Any]:
    """The export of one report for the police, through the liaison officer's need-to-know
    (``report_get_for_user``: a report under (a) is not found); logged."""
    if not is_liaison_officer(user):
        raise PermissionDenied
    report = report_get_for_user(user=user, public_id=public_id, reason="Export to the police")
    data = police_view(report)
    with transaction.atomic():
        ReportEvent.objects.create(
            report=report, kind=EventKind.EXPORTED, by=user, detail={"fields": len(data)}
        )
        access_log(
            user=user,
            action=Action.EXPORT,
            record=report,
            reason="Intelligence to the police",
            detail={"consent": report.consent, "fields": sorted(data)},
        )
    return data
