"""Repeats: a new instance of abuse between her and the same person harming her, recorded by any
agency (a police incident, or abuse she disclosed to an IDVA), within 12 months of her last
MARAC referral, refers her again flagged as a repeat. Tested at 364, 365 and 366 days, around
29 February, and against what is not a repeat."""

from __future__ import annotations

import datetime

import pytest

from harbour.marac.choices import Criterion, ReasonKind, ReferralStatus
from harbour.marac.models import MaracReferral
from harbour.marac.rules import LONDON
from harbour.marac.services import repeat_of_for
from harbour.marac.tests.helpers import assess, incident
from harbour.people.models import InvolvementKind
from harbour.people.services import involvement_add, person_create
from harbour.risk.definitions import Level

pytestmark = pytest.mark.django_db


def uk(year, month, day, hour=12) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=LONDON)


def heard_referral(world, *, referred_at: datetime.datetime, status=ReferralStatus.CLOSED):
    """Her referral made at ``referred_at`` after an incident by the harmer the day before,
    since heard (the meeting itself is not what these tests are about)."""
    record = incident(world, occurred_at=referred_at - datetime.timedelta(days=1))
    assess(world, level=Level.HIGH, incident=record, at=referred_at - datetime.timedelta(hours=2))
    referral = MaracReferral.objects.get(person=world.victim, status=ReferralStatus.OPEN)
    MaracReferral.objects.filter(pk=referral.pk).update(referred_at=referred_at, status=status)
    referral.refresh_from_db()
    return referral


def later(moment: datetime.datetime, days: int) -> datetime.datetime:
    day = moment.astimezone(LONDON).date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(12), LONDON)


def repeats_of(referral):
    return MaracReferral.objects.filter(repeat_of=referral)


@pytest.mark.parametrize(
    ("referred", "days", "repeat"),
    [
        (uk(2025, 1, 10), 364, True),
        (uk(2025, 1, 10), 365, True),
        (uk(2025, 1, 10), 366, False),
        # Across 29 February 2024: the same date a year later is 366 days on.
        (uk(2023, 6, 10), 365, True),
        (uk(2023, 6, 10), 366, True),
        (uk(2023, 6, 10), 367, False),
        # Referred on 29 February: the window ends on 28 February.
        (uk(2024, 2, 29), 364, True),
        (uk(2024, 2, 29), 365, True),
        (uk(2024, 2, 29), 366, False),
    ],
)
def test_a_new_police_incident_within_twelve_months_is_a_repeat(world, referred, days, repeat):
    last = heard_referral(world, referred_at=referred)
    record = incident(world, occurred_at=later(referred, days))
    found = repeats_of(last)
    assert found.exists() is repeat
    if repeat:
        referral = found.get()
        assert referral.is_repeat
        assert referral.status == ReferralStatus.OPEN
        assert referral.marac == world.marac
        assert referral.criteria == [Criterion.REPEAT]
        reason = referral.reasons.get()
        assert (reason.source_type, reason.source_id) == ("incidents.incident", record.public_id)
        assert reason.detail["repeats"] == last.public_id
    else:
        assert MaracReferral.objects.filter(person=world.victim).count() == 1


def test_abuse_she_disclosed_to_an_idva_is_a_repeat_too(world):
    last = heard_referral(world, referred_at=uk(2026, 1, 5))
    # The IDVA finds the man's record again through the duplicate check (linked).
    involvement_add(
        person=world.harmer, agency=world.idva_service, kind=InvolvementKind.LINKED, by=world.idva
    )
    disclosure = incident(world, occurred_at=uk(2026, 4, 2), by=world.idva)
    assert disclosure.kind == "disclosure"
    referral = repeats_of(last).get()
    assert referral.is_repeat
    assert referral.referred_by_agency == world.idva_service
    assert referral.reasons.get().detail["incident_kind"] == "disclosure"
    assert referral.share.regime == "uk_gdpr"


def test_a_heard_case_with_actions_still_open_is_repeated_too(world):
    last = heard_referral(world, referred_at=uk(2026, 6, 1), status=ReferralStatus.HEARD)
    incident(world, occurred_at=uk(2026, 7, 1))
    assert repeats_of(last).get().is_repeat


def test_another_person_harming_her_is_not_a_repeat(world):
    heard_referral(world, referred_at=uk(2026, 1, 5))
    stranger = person_create(by=world.officer, given_name="Shaun", family_name="Ridley")
    incident(world, occurred_at=uk(2026, 3, 1), harmer=stranger)
    assert MaracReferral.objects.filter(person=world.victim).count() == 1


def test_an_instance_from_before_her_referral_recorded_late_is_not_new(world):
    heard_referral(world, referred_at=uk(2026, 1, 5))
    incident(world, occurred_at=uk(2025, 12, 20))
    assert MaracReferral.objects.filter(person=world.victim).count() == 1


def test_a_withdrawn_referral_is_not_her_last_referral(world):
    heard_referral(world, referred_at=uk(2026, 1, 5), status=ReferralStatus.WITHDRAWN)
    incident(world, occurred_at=uk(2026, 2, 1))
    assert MaracReferral.objects.filter(person=world.victim).count() == 1


def test_a_further_instance_before_the_hearing_is_added_to_the_waiting_referral(world):
    waiting = heard_referral(world, referred_at=uk(2026, 5, 1), status=ReferralStatus.LISTED)
    record = incident(world, occurred_at=uk(2026, 5, 10))
    waiting.refresh_from_db()
    assert MaracReferral.objects.filter(person=world.victim).count() == 1
    assert not waiting.is_repeat  # a case is not a repeat of itself
    assert Criterion.REPEAT not in waiting.criteria
    reason = waiting.reasons.get(kind=ReasonKind.FURTHER_INSTANCE)
    assert reason.source_id == record.public_id


def test_a_repeat_of_an_earlier_case_marks_the_referral_waiting_for_her(world):
    last = heard_referral(world, referred_at=uk(2026, 1, 5))
    assess(world, level=Level.HIGH)  # a new referral, waiting, made today
    waiting = MaracReferral.objects.get(person=world.victim, status=ReferralStatus.OPEN)
    assert not waiting.is_repeat
    incident(world, occurred_at=uk(2026, 2, 14))  # recorded late, between the two referrals
    waiting.refresh_from_db()
    assert waiting.is_repeat and waiting.repeat_of == last
    assert Criterion.REPEAT in waiting.criteria
    assert MaracReferral.objects.filter(person=world.victim).count() == 2


def test_naming_a_second_person_on_the_same_incident_adds_nothing_twice(world):
    from harbour.incidents.services import incident_harmer_add

    last = heard_referral(world, referred_at=uk(2026, 1, 5))
    record = incident(world, occurred_at=uk(2026, 3, 3))
    brother = person_create(by=world.officer, given_name="Kyle", family_name="Pollitt")
    incident_harmer_add(
        incident=record,
        person=brother,
        by=world.officer,
        relationship="sibling",
        aged_16_or_over="yes",
    )
    referral = repeats_of(last).get()
    assert referral.reasons.count() == 1


def test_repeat_of_for_names_the_referral_repeated(world):
    last = heard_referral(world, referred_at=uk(2026, 1, 5))
    record = incident(world, occurred_at=uk(2026, 2, 5))
    assert repeat_of_for(incident=record, harmer_person_id=world.harmer.pk) == last
