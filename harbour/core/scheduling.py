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


def task_waiting(task) -> bool:
    """Whether a run of ``task`` is queued and not yet started (in the task table)."""
    from django.conf import settings

    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db."):
        return False
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=task.module_path, status=TaskResultStatus.READY
    ).exists()


def next_run_schedule(task, at: datetime.datetime) -> bool:
    """Queue ``task``'s next run for ``at`` unless one is already waiting (a task that queues
    its own next run: the schedule is rows in the task table, so it survives restarts, and
    starting it twice queues nothing more). Returns whether one was queued."""
    if task_waiting(task):
        return False
    enqueue_at(task, at)
    return True


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
