"""Each role's queue: what needs doing first. High risk first, then the oldest."""

from __future__ import annotations

import datetime

import time_machine
from django.utils import timezone

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.core.queues import Priority, work_for
from harbour.people.services import person_create
from harbour.referrals.models import Referral
from harbour.referrals.services import referral_decline, referral_decline_dealt_with

from .conftest import accepted_by_hub, send_to_hub

START = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)


def _person(world, n):
    return person_create(by=world.officer, given_name=f"Queue{n}", family_name="Test")


def _at(referral, when):
    Referral.objects.filter(pk=referral.pk).update(sent_at=when)


def test_decisions_waiting_high_risk_first_then_oldest(world):
    with time_machine.travel(START, tick=False):
        old_standard = send_to_hub(world, person=_person(world, 1), risk_level="standard")
        new_high = send_to_hub(world, person=_person(world, 2), risk_level="high")
        old_high = send_to_hub(world, person=_person(world, 3), risk_level="high")
        medium = send_to_hub(world, person=_person(world, 4), risk_level="medium")
    _at(old_standard, START - datetime.timedelta(hours=30))
    _at(new_high, START - datetime.timedelta(hours=1))
    _at(old_high, START - datetime.timedelta(hours=5))
    _at(medium, START - datetime.timedelta(hours=2))
    with time_machine.travel(START + datetime.timedelta(minutes=5), tick=False):
        items = [i for i in work_for(world.hub_worker) if "Decide on referral" in str(i.title)]
    order = [i.url.rsplit("/", 2)[-2] for i in items]
    assert order == [
        old_high.public_id,
        new_high.public_id,
        medium.public_id,
        old_standard.public_id,
    ]
    assert items[0].priority == Priority.URGENT
    for item in items:
        assert "Queue" not in str(item.title) and "Queue" not in str(item.detail)


def test_an_overdue_decision_comes_first(world):
    high = send_to_hub(world, person=_person(world, 1), risk_level="high")
    late = send_to_hub(world, person=_person(world, 2), risk_level="standard")
    _at(late, timezone.now() - datetime.timedelta(days=4))
    items = [i for i in work_for(world.hub_worker) if "Decide" in str(i.title)]
    assert items[0].url.endswith(f"/{late.public_id}/") and items[0].overdue
    assert items[1].url.endswith(f"/{high.public_id}/")


def test_queues_belong_to_their_agency(world):
    send_to_hub(world)
    assert any("Decide" in str(i.title) for i in work_for(world.hub_worker))
    assert not work_for(world.other_specialist)
    analyst = UserFactory(role=Role.ANALYST, username="queue-analyst")
    assert not work_for(analyst)


def test_accepted_hub_referrals_wait_for_a_needs_assessment(world):
    referral = accepted_by_hub(world)
    items = [i for i in work_for(world.hub_worker) if "Assess needs" in str(i.title)]
    assert [i.url for i in items] == [f"/staff/referrals/{referral.public_id}/needs-assessment/"]


def test_a_declined_referral_waits_for_the_sender_until_dealt_with(world):
    referral = send_to_hub(world)
    referral_decline(referral=referral, by=world.hub_worker, reason="no_capacity")
    items = [i for i in work_for(world.officer) if "declined" in str(i.title)]
    assert len(items) == 1
    referral_decline_dealt_with(referral=referral, by=world.officer)
    assert not [i for i in work_for(world.officer) if "declined" in str(i.title)]


def test_the_home_page_shows_the_queue(world, staff_client):
    referral = send_to_hub(world)
    page = staff_client(world.hub_worker).get("/staff/").content.decode()
    assert f"Decide on referral {referral.reference}" in page
    assert "Nadia" not in page
