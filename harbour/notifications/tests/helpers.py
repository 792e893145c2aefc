"""Helpers for tests of background work: run the task worker once, and see what was sent."""

from __future__ import annotations

from django.core.management import call_command

from harbour.notifications.models import Notification


def run_worker() -> None:
    """Run every task that is due now in this process (Harbour's ``task_worker``, in batch mode)."""
    call_command("task_worker", batch=True, startup_delay=False, interval=0, verbosity=0)


def sent(kind: str) -> list[str]:
    """Usernames of the recipients of messages of ``kind`` sent so far (sorted, repeated)."""
    return sorted(
        Notification.objects.filter(kind=kind, status=Notification.Status.SENT).values_list(
            "recipient__username", flat=True
        )
    )
