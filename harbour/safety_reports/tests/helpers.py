"""Reports made through the service, for tests that start after the form."""

from __future__ import annotations

from harbour.safety_reports.choices import Consent, ViolenceType, WorkingPattern
from harbour.safety_reports.models import SafetyReport
from harbour.safety_reports.services import report_submit


def make_report(world, **values) -> SafetyReport:
    fields = {
        "consent": Consent.POLICE_ANONYMISED,
        "pattern": WorkingPattern.STREET,
        "local_authority": world.liverpool,
        "violence_types": [ViolenceType.PHYSICAL],
        "location": "Behind the old bus depot",
        "account": "My name is Kerry-Ann, he hit me.",
        "description": "Wore a red cap.",
        "gender": "man",
        "vehicle": "Blue van",
        "registrations": ["AB12 CDE"],
        "phones": ["07700 900123"],
        "handles": [],
        "contact_name": "Kerry-Ann",
        "contact_details": "07700 900999",
    }
    fields.update(values)
    return report_submit(**fields)
