"""Test factories for risk assessments (synthetic data), for this app's and others' tests.

``assessment_make`` saves a completed checklist at a level, without the services' scoring
(tests of figures make hundreds); the police checklist is loaded by the migrations."""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.risk.models import Assessment
from harbour.risk.queries import risk_tool_current


def assessment_make(
    *, person, by, level: str = "standard", assessed_at: datetime.datetime | None = None
) -> Assessment:
    """A completed police checklist of ``person`` by the user ``by``, ending at ``level``."""
    return Assessment.objects.create(
        tool_version=risk_tool_current(key="police-checklist"),
        person=person,
        level=level,
        tool_level=level,
        yes_count=0,
        not_known_count=0,
        question_count=27,
        assessed_by=by,
        assessed_by_agency=by.agency,
        assessed_at=assessed_at or timezone.now(),
    )
