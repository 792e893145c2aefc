"""The task worker loses no task to a database outage or a worker that died."""

from __future__ import annotations

import datetime

import pytest
from django.db import OperationalError, transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from harbour.core import worker
from harbour.core.testing import run_worker
from harbour.core.worker import tasks_recover_abandoned

pytestmark = pytest.mark.django_db(transaction=True)

RUNS: list[str] = []


@task()
def loses_the_database() -> None:
    RUNS.append("ran")
    if len(RUNS) == 1:
        raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch):
    monkeypatch.setattr(worker.time, "sleep", lambda seconds: None)
    RUNS.clear()


def test_a_task_that_lost_the_database_is_queued_again_not_failed():
    with transaction.atomic():
        result = loses_the_database.enqueue()
    run_worker()
    # Put back in the queue after the outage, and run again: it succeeds the second time.
    assert RUNS == ["ran", "ran"]
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"


def test_only_tasks_running_past_the_timeout_are_recovered(settings):
    settings.HARBOUR_TASK_RUNNING_TIMEOUT = 60
    with transaction.atomic():
        old = loses_the_database.enqueue()
        recent = loses_the_database.enqueue()
    now = timezone.now()
    DBTaskResult.objects.filter(pk=old.id).update(
        status="RUNNING", started_at=now - datetime.timedelta(seconds=61)
    )
    DBTaskResult.objects.filter(pk=recent.id).update(
        status="RUNNING", started_at=now - datetime.timedelta(seconds=30)
    )
    assert tasks_recover_abandoned(now=now) == 1
    assert DBTaskResult.objects.get(pk=old.id).status == "READY"
    assert DBTaskResult.objects.get(pk=recent.id).status == "RUNNING"


def test_the_worker_waits_out_a_database_outage(monkeypatch):
    """Losing the database while looking for work: the worker waits and carries on."""
    calls = {"n": 0}
    real = worker.HarbourWorker._once

    def flaky(self):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise OperationalError("the database system is starting up")
        return real(self)

    monkeypatch.setattr(worker.HarbourWorker, "_once", flaky)
    with transaction.atomic():
        result = loses_the_database.enqueue()
    run_worker()
    assert calls["n"] >= 3
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
