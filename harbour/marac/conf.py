"""Settings of MARAC, with their defaults (see docs/configuration.md)."""

from __future__ import annotations

from django.conf import settings


def cases_per_meeting() -> int:
    """How many cases a meeting's agenda is built up to, unless the meeting says otherwise
    (nationally, about 16 cases are heard at a meeting)."""
    return int(getattr(settings, "HARBOUR_MARAC_CASES_PER_MEETING", 16))


def action_reminder_hour() -> int:
    """The hour (UK time) of MARAC action reminders and overdue notices."""
    return int(getattr(settings, "HARBOUR_MARAC_ACTION_REMINDER_HOUR", 9))
