"""``manage.py task_worker``: run background tasks (see :mod:`harbour.core.worker`).

Takes the options of django-tasks-db's ``db_worker`` (``--batch``, ``--interval``,
``--max-tasks``...), except ``--reload``.
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from harbour.core.worker import HarbourWorker


class Command(DbWorkerCommand):
    help = (
        "Run Harbour's background tasks: tasks left running by a worker that died are run again, "
        "and a database outage is waited out."
    )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        worker = HarbourWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        worker.configure_signals()
        worker.run()
