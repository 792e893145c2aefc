"""Reminders of MARAC actions, as background tasks on the database backend.

When an action is recorded, two tasks are queued with their ``run_after`` times, so a restart of
the web process or the worker loses neither:

- ``due_soon``: on the due date, at ``HARBOUR_MARAC_ACTION_REMINDER_HOUR`` (UK time), the owning
  agency's casework users are reminded (not queued when that time has already passed);
- ``overdue``: at the same hour the day after, if the action is still open, the owning agency's
  casework users are told it is overdue and the MARAC's coordinators that it needs attention.

Each task looks at the action as it is when it runs: nothing is sent for an action done or not
needed, and each stage is sent once. Messages are in fixed words (``notifications.catalogue``).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from harbour.accounts.roles import CASEWORK_ROLES, Role
from harbour.core.scheduling import stages_schedule
from harbour.marac import conf
from harbour.marac.models import MaracAction
from harbour.marac.rules import LONDON
from harbour.notifications.catalogue import Kind
from harbour.notifications.services import notification_queue_for_agency

DUE_SOON = "due_soon"
OVERDUE = "overdue"
STAGES = (DUE_SOON, OVERDUE)


def action_stage_time(action: MaracAction, stage: str) -> datetime.datetime:
    """When ``stage`` is due: the reminder hour (UK time) on the due date, or the day after."""
    if stage not in STAGES:
        raise ValueError(f"not a stage of an action reminder: {stage!r}")
    day = action.due_on + datetime.timedelta(days=1 if stage == OVERDUE else 0)
    at = datetime.datetime.combine(day, datetime.time(conf.action_reminder_hour()), LONDON)
    return at.astimezone(datetime.UTC)


def action_reminders_schedule(action: MaracAction, *, stages=STAGES) -> list[str]:
    """Queue the tasks for ``stages``; a reminder whose time has passed is not queued, the
    overdue notice always is (at once, if its time has passed)."""
    from harbour.marac.tasks import marac_action_remind

    return stages_schedule(
        marac_action_remind,
        key=action.pk,
        stages=stages,
        time_of=lambda stage: action_stage_time(action, stage),
        final=OVERDUE,
    )


def action_reminder_send(*, action_id: int, stage: str) -> str:
    """Run one stage for one action, once; says what it did."""
    if stage not in STAGES:
        return "not a stage"
    with transaction.atomic():
        action = (
            MaracAction.objects.select_for_update()
            .select_related("agency", "hearing__meeting__marac__agency")
            .filter(pk=action_id)
            .first()
        )
        if action is None:
            return "no such action"
        field = "reminded_at" if stage == DUE_SOON else "overdue_notified_at"
        if getattr(action, field) is not None:
            return "already sent"
        if not action.is_open:
            return "not needed"
        now = timezone.now()
        if now < action_stage_time(action, stage):
            # Run early (a task queued for other times): wait for this stage's time.
            action_reminders_schedule(action, stages=[stage])
            return "not yet due"
        if stage == DUE_SOON and now >= action_stage_time(action, OVERDUE):
            return "too late: the overdue notice takes over"
        kind = Kind.REMINDER if stage == DUE_SOON else Kind.OVERDUE
        sent = notification_queue_for_agency(
            agency=action.agency, kind=kind, roles=set(CASEWORK_ROLES)
        )
        if stage == OVERDUE:
            sent += notification_queue_for_agency(
                agency=action.hearing.meeting.marac.agency,
                kind=Kind.ESCALATION,
                roles={Role.MARAC_COORDINATOR},
            )
        setattr(action, field, now)
        action.save(update_fields=[field])
        return f"sent to {sent}"
