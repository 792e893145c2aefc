"""Background tasks of MARAC, run by the task worker (``manage.py task_worker``)."""

from __future__ import annotations

from django_tasks import task

from harbour.marac.services.reminders import action_reminder_send


@task()
def marac_action_remind(action_id: int, stage: str) -> str:
    """An action's reminder on its due date (``due_soon``) or its overdue notice (``overdue``)."""
    return action_reminder_send(action_id=action_id, stage=stage)
