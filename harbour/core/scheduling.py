"""Queuing background tasks for a time: rows in the task table (django-tasks-db) with their
``run_after``, so that work scheduled before a restart of the app or the worker still runs."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone


def enqueue_at(task, at: datetime.datetime | None, *args: Any):
    """Queue ``task(*args)`` to run at ``at``, or at once when ``at`` is None or has passed."""
    if at is not None and at > timezone.now():
        task = task.using(run_after=at)
    return task.enqueue(*args)


def stages_schedule(
    task,
    *,
    key: Any,
    stages: Iterable[str],
    time_of: Callable[[str], datetime.datetime],
    final: str,
) -> list[str]:
    """Queue ``task(key, stage)`` for each stage at ``time_of(stage)``: reminders before a
    deadline and the deadline's own task (``final``). A reminder whose time has passed is not
    queued; the final stage always is (at once, if its time has passed). Returns the stages
    queued."""
    now = timezone.now()
    queued = []
    for stage in stages:
        at = time_of(stage)
        if stage != final and at <= now:
            continue
        enqueue_at(task, at, key, stage)
        queued.append(stage)
    return queued
