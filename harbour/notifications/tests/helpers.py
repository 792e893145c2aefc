"""Helpers for tests of background work: run the task worker once, and see what was sent."""

from __future__ import annotations

from harbour.core.testing import run_worker
from harbour.notifications.models import Notification

__all__ = ["run_worker", "sent"]


def sent(kind: str) -> list[str]:
    """Usernames of the recipients of messages of ``kind`` sent so far (sorted, repeated)."""
    return sorted(
        Notification.objects.filter(kind=kind, status=Notification.Status.SENT).values_list(
            "recipient__username", flat=True
        )
    )
