"""Meetings and agendas: a coordinator schedules a meeting of her MARAC in UK time; the agenda
takes the referrals waiting for a meeting, repeats and the highest risk first, up to the
meeting's capacity; cases can be added, taken off and a meeting cancelled before it starts."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from harbour.marac.choices import ReferralStatus
from harbour.marac.events import Event
from harbour.marac.models import MaracReferral
from harbour.marac.rules import LONDON
from harbour.marac.services import (
    agenda_build,
    hearing_add,
    hearing_remove,
    meeting_cancel,
    meeting_schedule,
)
from harbour.marac.tests.helpers import ago, assess, during, future, listed_case
from harbour.people.factories import person_make
from harbour.people.models import Involvement, InvolvementKind, PersonEvent
from harbour.risk.definitions import Level

pytestmark = pytest.mark.django_db


def test_a_coordinator_schedules_a_meeting_stored_in_utc(world):
    starts = datetime.datetime(2030, 7, 3, 10, 0, tzinfo=LONDON)  # 09:00 UTC in summer
    meeting = meeting_schedule(marac=world.marac, by=world.coordinator, starts_at=starts)
    meeting.refresh_from_db()
    assert meeting.starts_at == starts
    assert meeting.starts_at.astimezone(datetime.UTC).hour == 9
    assert meeting.venue == "Room 4"  # the MARAC's usual venue
    assert meeting.capacity == 16


def test_the_capacity_comes_from_the_setting(world, settings):
    settings.HARBOUR_MARAC_CASES_PER_MEETING = 12
    meeting = meeting_schedule(marac=world.marac, by=world.coordinator, starts_at=future(days=3))
    assert meeting.capacity == 12


@pytest.mark.parametrize(
    ("starts", "capacity", "field"),
    [(None, 16, "starts_at"), ("past", 16, "starts_at"), ("future", 0, "capacity")],
)
def test_bad_meetings_are_refused_field_by_field(world, starts, capacity, field):
    when = {None: None, "past": ago(hours=1), "future": future(days=2)}[starts]
    with pytest.raises(ValidationError) as error:
        meeting_schedule(marac=world.marac, by=world.coordinator, starts_at=when, capacity=capacity)
    assert field in error.value.message_dict


def test_one_meeting_of_a_marac_at_a_time(world):
    when = future(days=4)
    meeting_schedule(marac=world.marac, by=world.coordinator, starts_at=when)
    with pytest.raises(ValidationError, match="already meets"):
        meeting_schedule(marac=world.marac, by=world.coordinator, starts_at=when)


@pytest.mark.parametrize("who", ["officer", "other_coordinator", "idva"])
def test_only_the_marac_s_coordinators_schedule_its_meetings(world, who):
    with pytest.raises(PermissionDenied):
        meeting_schedule(marac=world.marac, by=getattr(world, who), starts_at=future(days=2))


def _referral(world, *, level=Level.HIGH, judgement=None, area=None, repeat=False, days_ago=0):
    person = person_make(by=world.officer, local_authority=area or world.area)
    assess(world, level=level, judgement=judgement, person=person)
    referral = MaracReferral.objects.get(person=person)
    MaracReferral.objects.filter(pk=referral.pk).update(
        referred_at=ago(days=days_ago, minutes=1), is_repeat=repeat
    )
    return referral


def test_the_agenda_takes_repeats_then_the_highest_risk_up_to_capacity(world):
    judgement = _referral(world, level=Level.MEDIUM, judgement=Level.HIGH, days_ago=9)
    high_new = _referral(world, days_ago=1)
    high_old = _referral(world, days_ago=5)
    repeat = _referral(world, repeat=True, days_ago=0)
    elsewhere = _referral(world, area=world.far, days_ago=20)
    meeting = meeting_schedule(
        marac=world.marac, by=world.coordinator, starts_at=future(days=7), capacity=3
    )
    added = agenda_build(meeting=meeting, by=world.coordinator)
    agenda = list(meeting.hearings.order_by("position"))
    assert [h.referral_id for h in agenda] == [repeat.pk, high_old.pk, high_new.pk]
    assert [h.position for h in agenda] == [1, 2, 3]
    assert {h.pk for h in added} == {h.pk for h in agenda}
    statuses = dict(MaracReferral.objects.values_list("pk", "status"))
    assert statuses[judgement.pk] == ReferralStatus.OPEN  # waits for a later meeting
    assert statuses[elsewhere.pk] == ReferralStatus.OPEN  # another area's MARAC
    assert {statuses[h.referral_id] for h in agenda} == {ReferralStatus.LISTED}
    assert PersonEvent.objects.filter(person=repeat.person, type=Event.LISTED).exists()

    assert agenda_build(meeting=meeting, by=world.coordinator) == []  # full
    hearing_add(meeting=meeting, referral=judgement, by=world.coordinator)  # beyond capacity
    assert meeting.hearings.filter(removed_at__isnull=True).count() == 4
    assert meeting.hearings.get(referral=judgement).position == 4


def test_another_marac_s_referral_cannot_be_added(world):
    elsewhere = _referral(world, area=world.far)
    meeting = meeting_schedule(marac=world.marac, by=world.coordinator, starts_at=future(days=7))
    with pytest.raises(ValidationError):
        hearing_add(meeting=meeting, referral=elsewhere, by=world.coordinator)
    with pytest.raises(PermissionDenied):
        agenda_build(meeting=meeting, by=world.other_coordinator)


def test_taking_a_case_off_the_agenda_ends_the_invited_agencies_access(world):
    meeting, hearing = listed_case(world)
    involvements = Involvement.objects.filter(
        kind=InvolvementKind.MARAC_HEARING, source_id=hearing.public_id
    )
    assert involvements.active().count() == 4
    hearing_remove(hearing=hearing, by=world.coordinator)
    assert not involvements.active().exists()
    assert MaracReferral.objects.get(pk=hearing.referral_id).status == ReferralStatus.OPEN
    assert agenda_build(meeting=meeting, by=world.coordinator)[0].referral_id == hearing.referral_id


def test_a_cancelled_meeting_sends_its_cases_back_to_wait(world):
    meeting, hearing = listed_case(world)
    meeting_cancel(meeting=meeting, by=world.coordinator, reason="The venue flooded.")
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    assert MaracReferral.objects.get(pk=hearing.referral_id).status == ReferralStatus.OPEN
    # Another meeting can now be held at that time.
    meeting_schedule(marac=world.marac, by=world.coordinator, starts_at=meeting.starts_at)


def test_the_agenda_is_fixed_once_the_meeting_has_started(world):
    meeting, hearing = listed_case(world)
    _referral(world)
    with during(meeting):
        with pytest.raises(ValidationError, match="started"):
            agenda_build(meeting=meeting, by=world.coordinator)
        with pytest.raises(ValidationError, match="started"):
            hearing_remove(hearing=hearing, by=world.coordinator)
