"""Helpers for tests of background work, for every app's tests."""

from __future__ import annotations

from django.core.management import call_command


def run_worker() -> None:
    """Run every task that is due now in this process (Harbour's ``task_worker``, in batch mode)."""
    call_command("task_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
