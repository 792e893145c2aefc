"""A reminder scheduled before the worker restarts is still sent after it.

A real ``manage.py task_worker`` process is started, stopped before the reminder is due, and
started again; the second process sends it. The worker shares the test database, so this runs
on PostgreSQL (``bin/test`` runs the suite there too); the in-memory SQLite test database cannot
be shared with another process, so it is skipped on SQLite.
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from harbour.followups.models import FollowupReminder
from harbour.notifications.models import Notification

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker process needs a database it can share (PostgreSQL)",
    ),
]

LEAD = datetime.timedelta(seconds=8)


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "HARBOUR_MODE": "test",
        "DATABASE_CONN_MAX_AGE": "0",
    }
    return subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "task_worker",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--no-reload",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=5)


def _reminder_task(followup, stage: str) -> DBTaskResult:
    for task in DBTaskResult.objects.filter(task_path__endswith="followup_remind"):
        if task.args_kwargs["args"] == [followup.pk, stage]:
            return task
    raise AssertionError(f"no {stage} task for the follow-up")


def test_a_reminder_scheduled_before_a_worker_restart_is_sent_after_it(base, tmp_path):
    log = tmp_path / "worker.log"
    # The 2-hour reminder falls a few seconds from now.
    visited = timezone.now() - datetime.timedelta(hours=22) + LEAD
    followup = base.followup(
        occurred_at=visited - datetime.timedelta(minutes=30), visited_at=visited
    )
    task = _reminder_task(followup, "before:2")
    assert task.run_after > timezone.now()

    first = _start_worker(log)
    try:
        time.sleep(2)  # the worker polls, finds the new-task emails, and not the reminder
        assert first.poll() is None, log.read_text()
    finally:
        _stop(first)
    task.refresh_from_db()
    assert task.status == "READY", "the reminder must wait for its time"
    assert not FollowupReminder.objects.exists()

    # Past the reminder's time with no worker running, then a fresh worker.
    time.sleep(max(0.0, (task.run_after - timezone.now()).total_seconds()) + 0.5)
    second = _start_worker(log)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            reminders = Notification.objects.filter(kind="reminder", status="sent")
            if reminders.count() == 2:
                break
            time.sleep(0.3)
        else:
            raise AssertionError("the reminder was not sent:\n" + log.read_text())
    finally:
        _stop(second)
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert FollowupReminder.objects.get(followup=followup).stage == "before:2"
    assert sorted(reminders.values_list("recipient__username", flat=True)) == [
        "idva",
        "idva.manager",
    ]
