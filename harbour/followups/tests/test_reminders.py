"""Reminders before the deadline and escalation after it, as background tasks on the database
backend: scheduled with ``run_after``, run by the worker, each sent once, and only while the
follow-up still needs a visit."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from harbour.core import doors
from harbour.followups.choices import Prosecution, Status
from harbour.followups.models import Followup, FollowupReminder
from harbour.followups.services import followup_contact_record, reminder_send
from harbour.notifications.models import Notification
from harbour.notifications.tests.helpers import run_worker, sent

pytestmark = pytest.mark.django_db(transaction=True)


def remind_rows(followup) -> list[tuple[str, datetime.datetime]]:
    rows = DBTaskResult.objects.filter(task_path__endswith="followup_remind")
    return [
        (task.args_kwargs["args"][1], task.run_after)
        for task in rows
        if task.args_kwargs["args"][0] == followup.pk
    ]


def remind_tasks(followup) -> dict[str, datetime.datetime]:
    return dict(remind_rows(followup))


def test_reminders_are_scheduled_in_the_database_at_their_times(base):
    followup = base.followup()
    tasks = remind_tasks(followup)
    assert tasks == {
        "due": followup.due_at,
        "before:12": followup.due_at - datetime.timedelta(hours=12),
        "before:2": followup.due_at - datetime.timedelta(hours=2),
    }
    # The IDVA service is told at once that it has a new follow-up; no reminder yet.
    run_worker()
    assert sent("new_task") == ["idva", "idva.manager"]
    assert sent("reminder") == []


def test_reminders_then_overdue_and_escalation_each_sent_once(base):
    followup = base.followup()
    run_worker()
    with time_machine.travel(followup.due_at - datetime.timedelta(hours=12, minutes=-1)):
        run_worker()
        run_worker()
    assert sent("reminder") == ["idva", "idva.manager"]
    with time_machine.travel(followup.due_at - datetime.timedelta(hours=1)):
        run_worker()
    assert sent("reminder") == ["idva", "idva", "idva.manager", "idva.manager"]
    with time_machine.travel(followup.due_at + datetime.timedelta(minutes=1)):
        run_worker()
    assert sent("overdue") == ["idva", "idva.manager"]
    assert sent("escalation") == ["idva.manager"]  # the scheme's escalation contact
    followup.refresh_from_db()
    assert followup.escalated_at is not None
    assert set(FollowupReminder.objects.values_list("stage", flat=True)) == {
        "before:12",
        "before:2",
        "due",
    }
    # Run again (a retry, a second worker): nothing more is sent.
    with time_machine.travel(followup.due_at + datetime.timedelta(hours=1)):
        assert reminder_send(followup_id=followup.pk, stage="due") == "already sent"
        run_worker()
    assert len(sent("escalation")) == 1
    # Messages carry no personal details.
    with doors.opened("test: what was stored"):
        family_name = followup.person.family_name
    for message in mail.outbox:
        assert family_name not in message.body + message.subject
        assert followup.public_id not in message.body


def test_once_taken_reminders_go_to_that_idva_and_escalation_falls_back(base):
    from harbour.followups.services import followup_assign

    base.scheme.escalation_contacts.clear()
    followup = followup_assign(followup=base.followup(), by=base.idva)
    with time_machine.travel(followup.due_at - datetime.timedelta(hours=11)):
        run_worker()
    assert sent("reminder") == ["idva"]
    with time_machine.travel(followup.due_at + datetime.timedelta(minutes=5)):
        run_worker()
    assert sent("overdue") == ["idva"]
    # No escalation contact named and no MARAC coordinator: every IDVA of the service.
    assert sent("escalation") == ["idva", "idva.manager"]


def test_no_reminder_or_escalation_for_a_visited_follow_up(base):
    followup = base.followup()
    followup_contact_record(
        followup=followup,
        by=base.idva,
        at=timezone.now(),
        method="in_person",
        contact_made=True,
        safety_plan="no",
        supports_prosecution=Prosecution.YES,
    )
    for moment in (
        followup.due_at - datetime.timedelta(hours=11),
        followup.due_at - datetime.timedelta(hours=1),
        followup.due_at + datetime.timedelta(hours=1),
    ):
        with time_machine.travel(moment):
            run_worker()
    assert sent("reminder") == sent("overdue") == sent("escalation") == []
    assert not FollowupReminder.objects.exists()
    assert Followup.objects.get(pk=followup.pk).escalated_at is None


def test_nothing_is_sent_for_a_follow_up_she_declined(base):
    followup = base.followup(answer="declines")
    assert set(remind_tasks(followup)) == {"due"}
    with time_machine.travel(followup.due_at + datetime.timedelta(hours=1)):
        run_worker()
    assert Notification.objects.count() == 0
    assert Followup.objects.get(pk=followup.pk).status == Status.DECLINED


def test_when_the_police_have_not_recorded_her_answer_by_the_deadline_they_are_told(base):
    followup = base.followup(answer=None)
    with time_machine.travel(followup.due_at + datetime.timedelta(minutes=1)):
        run_worker()
    assert sent("overdue") == ["officer"]
    assert sent("escalation") == ["idva.manager"]


def test_a_deadline_task_run_early_waits_for_the_deadline(base):
    followup = base.followup()
    assert reminder_send(followup_id=followup.pk, stage="due") == "not yet due"
    assert not FollowupReminder.objects.exists()
    # Queued again for its time, not sent now.
    assert [r for r in remind_rows(followup) if r[0] == "due"] == [("due", followup.due_at)] * 2
