"""Background tasks of the 24-hour follow-up, run by the task worker (``manage.py task_worker``).

Tasks are rows in the database (django-tasks-db) with their ``run_after`` time, so a reminder
scheduled before a restart of the web process or the worker is still sent after it. Each task
looks at the follow-up as it is when it runs, and sends each stage once.
"""

from __future__ import annotations

from django_tasks import task

from harbour.followups.services import reminder_send


@task()
def followup_remind(followup_id: int, stage: str) -> str:
    """A reminder (``before:<hours>``) or the deadline's overdue notice and escalation (``due``)."""
    return reminder_send(followup_id=followup_id, stage=stage)
