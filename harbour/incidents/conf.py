"""Settings of incidents, with their defaults (see docs/configuration.md)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def school_day_start() -> datetime.time:
    """When a school day starts (UK time): the school notice is due before then."""
    value = str(getattr(settings, "HARBOUR_INCIDENTS_SCHOOL_DAY_START", "08:30"))
    try:
        return datetime.time.fromisoformat(value)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"HARBOUR_INCIDENTS_SCHOOL_DAY_START must be a time like 08:30, not {value!r}."
        ) from exc


def childrens_social_care_hours() -> int:
    """Hours after the first police visit by which children's social care is told."""
    return int(getattr(settings, "HARBOUR_INCIDENTS_CSC_REFERRAL_HOURS", 24))


def checklist_hours() -> int:
    """Hours after the first police visit by which the risk checklist is completed."""
    return int(getattr(settings, "HARBOUR_INCIDENTS_CHECKLIST_HOURS", 24))
