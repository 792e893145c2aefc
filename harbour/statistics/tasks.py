"""The daily releases task: makes every release that is due, then queues its own next run.

The task backend (django-tasks-db) has no periodic scheduler, so each run queues the next one
as a row in the task table with its ``run_after`` time: the schedule survives restarts of the
app and the worker. ``manage.py publish_releases --schedule`` queues the first run (and is
safe to repeat: it queues nothing while a run is already waiting).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from harbour.core.scheduling import enqueue_at, next_run_schedule

RUN_AT = datetime.time(6, 0)  # UK time, before anyone reads the figures


def next_run(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next 06:00 UK time after ``now``."""
    now = timezone.localtime(now or timezone.now())
    today = datetime.datetime.combine(now.date(), RUN_AT, tzinfo=now.tzinfo)
    candidate = today if today > now else today + datetime.timedelta(days=1)
    return candidate.replace(tzinfo=timezone.get_current_timezone())


def releases_schedule(now: datetime.datetime | None = None) -> bool:
    """Queue the next run unless one is already waiting. Returns whether one was queued."""
    return next_run_schedule(releases_publish, next_run(now))


@task()
def releases_publish() -> str:
    """Make every release and revision that is due, then queue tomorrow's run."""
    from harbour.statistics.releases import releases_publish_due

    summary = releases_publish_due()
    enqueue_at(releases_publish, next_run())
    return str(summary)
