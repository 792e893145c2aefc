"""Actions: recorded by the coordinator for an agency hearing the case, with a due date; in the
owning agency's work queue (overdue first, flagged); completed by that agency; a case closes
only when none is open. Outcomes of hearings, and the research still to record."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from harbour.audit.models import AccessLogEntry, Action
from harbour.core.queues import work_for
from harbour.marac.choices import ActionStatus, ClosureOutcome, HearingOutcome, ReferralStatus
from harbour.marac.models import Invitation, MaracAction, MaracReferral
from harbour.marac.rules import LONDON
from harbour.marac.services import (
    action_cancel,
    action_complete,
    action_record,
    hearing_outcome_record,
    information_record,
    referral_close,
)
from harbour.marac.tests.helpers import during, listed_case
from harbour.notifications.catalogue import Kind
from harbour.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _action(world, hearing, *, agency=None, due_on=None, description="Check bail conditions"):
    return action_record(
        hearing=hearing,
        by=world.coordinator,
        agency=agency or world.police,
        description=description,
        due_on=due_on or timezone.localdate() + datetime.timedelta(days=14),
    )


def _titles(user) -> list[str]:
    return [str(item.title) for item in work_for(user)]


def test_an_action_is_recorded_for_an_agency_hearing_the_case_and_it_is_told(world):
    _meeting, hearing = listed_case(world)
    action = _action(world, hearing)
    assert action.status == ActionStatus.OPEN
    assert action.agency == world.police
    assert Notification.objects.filter(recipient=world.officer, kind=Kind.NEW_TASK).exists()
    notification = Notification.objects.get(recipient=world.officer, kind=Kind.NEW_TASK)
    assert "Nadia" not in notification.body and "bail" not in notification.body
    assert AccessLogEntry.objects.filter(
        action=Action.CREATE, record_type="marac.maracaction", record_id=action.public_id
    ).exists()


def test_bad_actions_are_refused_field_by_field(world):
    _meeting, hearing = listed_case(world)
    Invitation.objects.filter(hearing=hearing, agency=world.hub).update(ended_at=timezone.now())
    with pytest.raises(ValidationError) as error:
        action_record(
            hearing=hearing,
            by=world.coordinator,
            agency=world.hub,  # no longer invited
            description=" ",
            due_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"agency", "description", "due_on"}
    with pytest.raises(PermissionDenied):  # only the coordinators record actions
        action_record(
            hearing=hearing,
            by=world.officer,
            agency=world.police,
            description="Mine",
            due_on=timezone.localdate(),
        )
    assert not MaracAction.objects.exists()


def test_the_owning_agency_sees_its_action_in_its_work_queue_and_overdue_is_flagged(world):
    _meeting, hearing = listed_case(world)
    due = timezone.localdate() + datetime.timedelta(days=3)
    action = _action(world, hearing, due_on=due)
    [item] = [i for i in work_for(world.officer) if str(i.kind) == "MARAC action"]
    assert hearing.reference in str(item.title)
    assert "Nadia" not in str(item.title)  # no names on the home page
    assert not item.overdue and not action.overdue
    assert not [i for i in work_for(world.idva) if str(i.kind) == "MARAC action"]
    # The day after the due date, UK time: overdue, first in the queue.
    next_day = datetime.datetime.combine(
        due + datetime.timedelta(days=1), datetime.time(0, 5), LONDON
    )
    with time_machine.travel(next_day, tick=False):
        action.refresh_from_db()
        assert action.overdue
        items = work_for(world.officer)
        assert items[0].kind == item.kind and items[0].overdue
        assert any("was due on" in t for t in _titles(world.coordinator))
    late_evening = datetime.datetime.combine(due, datetime.time(23, 55), LONDON)
    with time_machine.travel(late_evening, tick=False):
        action.refresh_from_db()
        assert not action.overdue  # it may be done until the end of its day


def test_the_owning_agency_completes_its_action_and_no_one_else_does(world):
    _meeting, hearing = listed_case(world)
    action = _action(world, hearing)
    for who in (world.idva, world.outsider):
        with pytest.raises(PermissionDenied):
            action_complete(action=action, by=who)
    done = action_complete(action=action, by=world.officer, note="Bail conditions checked")
    assert done.status == ActionStatus.DONE and done.completed_by == world.officer
    assert not [i for i in work_for(world.officer) if str(i.kind) == "MARAC action"]
    with pytest.raises(ValidationError):
        action_complete(action=action, by=world.officer)


def test_only_the_coordinator_marks_an_action_not_needed_and_says_why(world):
    _meeting, hearing = listed_case(world)
    action = _action(world, hearing)
    with pytest.raises(PermissionDenied):
        action_cancel(action=action, by=world.officer, reason="Not mine")
    with pytest.raises(ValidationError):
        action_cancel(action=action, by=world.coordinator, reason="")
    cancelled = action_cancel(action=action, by=world.coordinator, reason="She moved away")
    assert cancelled.status == ActionStatus.CANCELLED and cancelled.note == "She moved away"


def test_a_case_closes_only_when_every_action_is_done(world):
    meeting, hearing = listed_case(world)
    action = _action(world, hearing)
    with pytest.raises(ValidationError, match="has been heard"):
        referral_close(
            referral=hearing.referral, by=world.coordinator, outcome=ClosureOutcome.NO_ACTIONS
        )
    with pytest.raises(ValidationError, match="once the meeting has started"):
        hearing_outcome_record(
            hearing=hearing, by=world.coordinator, outcome=HearingOutcome.ACTIONS_AGREED
        )
    with during(meeting):
        hearing_outcome_record(
            hearing=hearing, by=world.coordinator, outcome=HearingOutcome.ACTIONS_AGREED
        )
    referral = MaracReferral.objects.get(pk=hearing.referral_id)
    assert referral.status == ReferralStatus.HEARD
    with pytest.raises(ValidationError, match="still open"):
        referral_close(
            referral=referral, by=world.coordinator, outcome=ClosureOutcome.ACTIONS_COMPLETED
        )
    action_complete(action=action, by=world.officer)
    assert any("close it" in t for t in _titles(world.coordinator))
    closed = referral_close(
        referral=referral, by=world.coordinator, outcome=ClosureOutcome.ACTIONS_COMPLETED
    )
    assert closed.status == ReferralStatus.CLOSED and closed.closed_by == world.coordinator


def test_actions_agreed_needs_an_action_and_an_adjourned_case_waits_again(world):
    meeting, hearing = listed_case(world)
    with during(meeting):
        with pytest.raises(ValidationError, match="actions agreed first"):
            hearing_outcome_record(
                hearing=hearing, by=world.coordinator, outcome=HearingOutcome.ACTIONS_AGREED
            )
        assert any("Record the outcome" in t for t in _titles(world.coordinator))
        hearing_outcome_record(
            hearing=hearing, by=world.coordinator, outcome=HearingOutcome.ADJOURNED
        )
    assert MaracReferral.objects.get(pk=hearing.referral_id).status == ReferralStatus.OPEN
    assert not Invitation.objects.filter(hearing=hearing, ended_at__isnull=True).exists()


def test_invited_agencies_are_asked_for_what_they_know_before_the_meeting(world):
    _meeting, hearing = listed_case(world)
    wanted = f"Record what your agency knows for case {hearing.reference}"
    assert any(t.startswith(wanted) for t in _titles(world.idva))
    assert not any(t.startswith(wanted) for t in _titles(world.outsider))
    information_record(hearing=hearing, by=world.idva, text="Engaging with support.")
    assert not any(t.startswith(wanted) for t in _titles(world.idva))
    assert any(t.startswith(wanted) for t in _titles(world.officer))


def test_the_coordinator_is_asked_to_list_waiting_referrals(world):
    from harbour.marac.tests.helpers import assess

    assess(world)
    referral = MaracReferral.objects.get(person=world.victim)
    assert any(referral.reference in t and "List" in t for t in _titles(world.coordinator))
    assert not any(referral.reference in t for t in _titles(world.other_coordinator))
