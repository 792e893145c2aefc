"""Settings of the 24-hour follow-up, with their defaults (see docs/configuration.md)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The visit is due this long after the first police visit: elapsed time, whatever the clocks do.
DEADLINE = datetime.timedelta(hours=24)


def reminder_hours() -> list[int]:
    """Hours before the deadline at which the IDVA service is reminded, latest last."""
    raw = getattr(settings, "HARBOUR_FOLLOWUPS_REMINDER_HOURS", "12,2")
    try:
        hours = sorted({int(part) for part in str(raw).split(",") if part.strip()}, reverse=True)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"HARBOUR_FOLLOWUPS_REMINDER_HOURS must be whole hours like 12,2, not {raw!r}."
        ) from exc
    if any(h <= 0 or h >= 24 for h in hours):
        raise ImproperlyConfigured(
            "HARBOUR_FOLLOWUPS_REMINDER_HOURS must be between 1 and 23 hours before the deadline."
        )
    return hours
