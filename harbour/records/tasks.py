"""Background work: the daily retention run and its continuations (``records.retention``)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from harbour.core.scheduling import enqueue_at, next_run_schedule


def _next_run(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(days=1)


def retention_schedule() -> bool:
    """Queue tomorrow's run unless one is already waiting. Returns whether one was queued."""
    return next_run_schedule(retention_daily, _next_run(timezone.now()))


@task()
def retention_daily() -> str:
    """Start a retention run (or find the one running), work on it, and queue tomorrow's."""
    from harbour.records.retention import run_advance, run_start

    run = run_start()
    enqueue_at(retention_daily, _next_run(timezone.now()))
    return run_advance(run_id=run.pk, token=run.token)


@task()
def retention_continue(run_id: int, token: str) -> str:
    """Batches of a run for a while, then the next continuation queued; a continuation whose
    token is no longer the run's stops at once."""
    from harbour.records.retention import run_advance

    return run_advance(run_id=run_id, token=token)
