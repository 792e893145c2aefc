"""Reminders of MARAC actions: queued in the database when the action is recorded, sent by the
worker on the due date and, if the action is still open, the day after (with the coordinators
told); each once, in fixed words, and nothing for an action already done."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from harbour.marac.models import MaracAction
from harbour.marac.services import action_complete, action_record
from harbour.marac.services.reminders import (
    DUE_SOON,
    OVERDUE,
    action_reminder_send,
    action_stage_time,
)
from harbour.marac.tests.helpers import listed_case
from harbour.notifications.tests.helpers import run_worker, sent

pytestmark = pytest.mark.django_db(transaction=True)

UTC = datetime.UTC


def record(world, *, days: int = 10) -> MaracAction:
    _meeting, hearing = listed_case(world)
    return action_record(
        hearing=hearing,
        by=world.coordinator,
        agency=world.police,
        description="Check Nadia's bail conditions",
        due_on=timezone.localdate() + datetime.timedelta(days=days),
    )


def test_stage_times_are_at_the_reminder_hour_in_uk_time():
    summer = MaracAction(due_on=datetime.date(2027, 7, 1))
    assert action_stage_time(summer, DUE_SOON) == datetime.datetime(2027, 7, 1, 8, tzinfo=UTC)
    assert action_stage_time(summer, OVERDUE) == datetime.datetime(2027, 7, 2, 8, tzinfo=UTC)
    winter = MaracAction(due_on=datetime.date(2027, 1, 14))
    assert action_stage_time(winter, DUE_SOON) == datetime.datetime(2027, 1, 14, 9, tzinfo=UTC)
    # Due the day the clocks go forward: the overdue notice is at 09:00 BST the next day.
    spring = MaracAction(due_on=datetime.date(2027, 3, 28))
    assert action_stage_time(spring, DUE_SOON) == datetime.datetime(2027, 3, 28, 8, tzinfo=UTC)
    assert action_stage_time(spring, OVERDUE) == datetime.datetime(2027, 3, 29, 8, tzinfo=UTC)


def test_recording_an_action_queues_both_stages_in_the_database(world):
    action = record(world)
    rows = DBTaskResult.objects.filter(task_path__endswith="marac_action_remind")
    queued = {row.args_kwargs["args"][1]: row.run_after for row in rows}
    assert queued == {
        DUE_SOON: action_stage_time(action, DUE_SOON),
        OVERDUE: action_stage_time(action, OVERDUE),
    }


def test_reminded_on_the_due_date_then_overdue_with_the_coordinators_told_each_once(world):
    action = record(world)
    run_worker()
    assert sent("new_task") == ["officer"]
    assert sent("reminder") == []
    with time_machine.travel(action_stage_time(action, DUE_SOON) + datetime.timedelta(minutes=1)):
        run_worker()
        run_worker()
    assert sent("reminder") == ["officer"]
    assert sent("overdue") == []
    with time_machine.travel(action_stage_time(action, OVERDUE) + datetime.timedelta(minutes=1)):
        run_worker()
        # A task run again (a retry, a second worker) sends nothing more.
        assert action_reminder_send(action_id=action.pk, stage=OVERDUE) == "already sent"
    assert sent("overdue") == ["officer"]
    assert sent("escalation") == ["coordinator"]
    action.refresh_from_db()
    assert action.reminded_at is not None and action.overdue_notified_at is not None
    for message in mail.outbox:
        assert "Nadia" not in message.subject + message.body
        assert "bail" not in message.body and action.public_id not in message.body


def test_nothing_is_sent_for_an_action_already_done(world):
    action = record(world)
    action_complete(action=action, by=world.officer, note="Bail conditions checked")
    with time_machine.travel(action_stage_time(action, OVERDUE) + datetime.timedelta(hours=1)):
        run_worker()
    assert sent("reminder") == [] and sent("overdue") == [] and sent("escalation") == []


def test_a_task_run_early_waits_and_a_late_reminder_gives_way_to_the_overdue_notice(world):
    action = record(world)
    assert action_reminder_send(action_id=action.pk, stage=OVERDUE) == "not yet due"
    with time_machine.travel(action_stage_time(action, OVERDUE) + datetime.timedelta(hours=1)):
        assert action_reminder_send(action_id=action.pk, stage=DUE_SOON).startswith("too late")
    assert action_reminder_send(action_id=0, stage=DUE_SOON) == "no such action"
    assert action_reminder_send(action_id=action.pk, stage="whenever") == "not a stage"


def test_an_action_due_today_after_the_reminder_hour_gets_only_the_overdue_notice(world):
    today = timezone.localdate()
    late = datetime.datetime.combine(today, datetime.time(18), timezone.get_current_timezone())
    with time_machine.travel(late, tick=False):
        action = record(world, days=0)
    queued = DBTaskResult.objects.filter(task_path__endswith="marac_action_remind")
    assert [row.args_kwargs["args"][1] for row in queued] == [OVERDUE]
    assert action.due_on == today
