"""Harbour's task worker: django-tasks-db's worker, made to lose nothing when things fail.

``manage.py task_worker`` (``bin/worker``) runs tasks from the database like ``db_worker`` and
adds what a crash or a database restart needs:

- **a task whose worker died is run again.** A task is marked running when a worker takes it; a
  worker killed while running it leaves it so. A task still marked running
  ``HARBOUR_TASK_RUNNING_TIMEOUT`` seconds after it started is put back in the queue (Harbour's
  tasks are short, and each is safe to run twice: it checks what is already done);
- **a database outage is waited out.** Losing the database while looking for work, or while a
  task runs, puts the task back in the queue and the worker waits for the database to return,
  instead of recording the task as failed for good or stopping;
- **a failed task's record holds no personal data**: the exception's class and frames are kept
  (as in the logs, :mod:`harbour.core.logs`), never its message, which can repeat the values a
  database refused.
"""

from __future__ import annotations

import datetime
import json
import logging
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections
from django.utils import timezone
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, TaskResultStatus
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from harbour.core.logs import scrubbed_exception, task_context

logger = logging.getLogger("harbour.tasks")

# Connection errors: the database went away, not the task's fault.
CONNECTION_ERRORS = (OperationalError, InterfaceError)
RECOVER_EVERY_SECONDS = 15
OUTAGE_WAIT_SECONDS = (1, 2, 4, 8, 15)


def _is_connection_error(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, CONNECTION_ERRORS) and not is_locked_database_exception(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def running_timeout() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.HARBOUR_TASK_RUNNING_TIMEOUT)


def tasks_recover_abandoned(*, now: datetime.datetime | None = None) -> int:
    """Put back in the queue every task marked running for longer than the timeout (its worker
    died). Returns how many."""
    now = now or timezone.now()
    count = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - running_timeout()
    ).update(status=TaskResultStatus.READY, run_after=now)
    if count:
        logger.warning(
            "tasks whose worker stopped put back in the queue",
            extra={"event": "tasks_recovered", "count": count},
        )
    return count


class HarbourWorker(Worker):
    _last_recovery = 0.0

    def run(self) -> None:
        logger.info("task worker started", extra={"event": "worker_started"})
        outage = 0
        while self.running:
            try:
                ran = self._once()
                outage = 0
            except CONNECTION_ERRORS:
                wait = OUTAGE_WAIT_SECONDS[min(outage, len(OUTAGE_WAIT_SECONDS) - 1)]
                outage += 1
                logger.warning(
                    "database unavailable: waiting",
                    extra={"event": "database_unavailable", "duration_ms": wait * 1000},
                )
                close_old_connections()
                time.sleep(wait)
                continue
            if ran is None:  # batch mode: nothing left
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.running and not ran:
                time.sleep(self.interval)

    def _once(self) -> bool | None:
        """Take and run one due task. True if one ran, False if none was due, None when a
        batch run has nothing left."""
        close_old_connections()
        monotonic = time.monotonic()
        if monotonic - self._last_recovery >= RECOVER_EVERY_SECONDS:
            tasks_recover_abandoned()
            self._last_recovery = monotonic
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
        except OperationalError as exc:
            if not is_locked_database_exception(exc):
                raise
            return False
        if task_result is None:
            return None if self.batch else False
        self.run_task(task_result)
        close_old_connections()
        return True

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.running_task = True
        try:
            with task_context(str(db_task_result.id)):
                self._run(db_task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _run(self, db_task_result: DBTaskResult) -> None:
        try:
            task = db_task_result.task
            sender = type(task.get_backend())
            task_started.send(sender=sender, task_result=db_task_result.task_result)
            if task.takes_context:
                value = task.call(
                    TaskContext(task_result=db_task_result.task_result),
                    *db_task_result.task_result.args,
                    **db_task_result.task_result.kwargs,
                )
            else:
                value = task.call(
                    *db_task_result.task_result.args, **db_task_result.task_result.kwargs
                )
            db_task_result.set_successful(value)
        except BaseException as exc:
            if isinstance(exc, DatabaseError | InterfaceError) and _is_connection_error(exc):
                self._requeue(db_task_result)
                return
            if not isinstance(exc, Exception):
                raise
            self._record_failure(db_task_result, exc)
            logger.error("task failed", exc_info=exc, extra={"event": "task_failed"})
            return
        task_finished.send(sender=sender, task_result=db_task_result.task_result)

    def _requeue(self, db_task_result: DBTaskResult) -> None:
        """The database went away during the task: put it back once the database returns (the
        task's own transaction was rolled back, or committed and the task will see so)."""
        for wait in OUTAGE_WAIT_SECONDS:
            close_old_connections()
            time.sleep(wait)
            try:
                DBTaskResult.objects.filter(pk=db_task_result.pk).update(
                    status=TaskResultStatus.READY, run_after=timezone.now()
                )
            except CONNECTION_ERRORS:
                continue
            logger.warning(
                "database lost during a task: queued again", extra={"event": "task_requeued"}
            )
            return
        # Still no database: the task stays marked running and is recovered after the timeout.
        logger.error("database lost during a task", extra={"event": "task_abandoned"})

    def _record_failure(self, db_task_result: DBTaskResult, exc: Exception) -> None:
        db_task_result.status = TaskResultStatus.FAILED
        db_task_result.finished_at = timezone.now()
        db_task_result.exception_class_path = f"{type(exc).__module__}.{type(exc).__qualname__}"
        db_task_result.traceback = json.dumps(
            scrubbed_exception((type(exc), exc, exc.__traceback__)), indent=1
        )
        db_task_result.return_value = None
        db_task_result.save(
            update_fields=[
                "status",
                "return_value",
                "finished_at",
                "exception_class_path",
                "traceback",
            ]
        )
