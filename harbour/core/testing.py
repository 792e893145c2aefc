"""Helpers for tests of background work, for every app's tests."""

from __future__ import annotations

from django.core.management import call_command
from django.db import connection


def run_worker() -> None:
    """Run every task that is due now in this process (Harbour's ``task_worker``, in batch mode).

    The worker takes each task in its own transaction and closes connections between tasks, as
    in production: on PostgreSQL a test that calls it must not hold a transaction open
    (``@pytest.mark.django_db(transaction=True)``), or the worker would wait for ever."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        raise RuntimeError(
            "run_worker() inside a test's transaction: mark the test "
            "@pytest.mark.django_db(transaction=True)"
        )
    call_command("task_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
