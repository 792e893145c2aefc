"""The states of a referral and who may move it: sent -> accepted / declined / withdrawn;
accepted -> closed. Each transition logs, writes her timeline and changes access as decided."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from harbour.audit.models import AccessLogEntry
from harbour.notifications.catalogue import Kind
from harbour.notifications.models import Notification
from harbour.people.models import LawfulBasis, PersonEvent
from harbour.people.queries import person_access_for_user
from harbour.people.services import agreement_record, agreement_withdraw
from harbour.referrals.queries import referral_get_for_user
from harbour.referrals.services import (
    SharingBasis,
    referral_accept,
    referral_close,
    referral_decline,
    referral_decline_dealt_with,
    referral_withdraw,
)

from .conftest import accepted_by_hub, send_to_hub, send_to_specialist


def test_only_the_receiving_agency_accepts(world):
    referral = send_to_hub(world)
    for someone in (world.officer, world.specialist, world.other_specialist):
        with pytest.raises(PermissionDenied):
            referral_accept(referral=referral, by=someone)
    referral.refresh_from_db()
    assert referral.status == "sent"
    accepted = referral_accept(referral=referral, by=world.hub_worker)
    assert accepted.status == "accepted"
    assert accepted.accepted_by == world.hub_worker


def test_a_declined_referral_cannot_be_accepted(world):
    referral = send_to_hub(world)
    referral_decline(referral=referral, by=world.hub_worker, reason="no_capacity")
    with pytest.raises(ValidationError) as refused:
        referral_accept(referral=referral, by=world.hub_worker)
    assert "this one is declined" in refused.value.messages[0]
    referral.refresh_from_db()
    assert referral.status == "declined"


def test_declining_needs_a_reason_and_another_reason_needs_words(world):
    referral = send_to_hub(world)
    with pytest.raises(ValidationError) as refused:
        referral_decline(referral=referral, by=world.hub_worker, reason="")
    assert "Choose why" in refused.value.message_dict["reason"][0]
    with pytest.raises(ValidationError) as refused:
        referral_decline(referral=referral, by=world.hub_worker, reason="other", details=" ")
    assert "Say why" in refused.value.message_dict["details"][0]
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert referral.share.stopped_at is None


def test_declining_stops_sharing_and_gives_the_sender_something_to_do(
    world, django_capture_on_commit_callbacks
):
    referral = send_to_hub(world)
    with django_capture_on_commit_callbacks(execute=True):
        declined = referral_decline(
            referral=referral, by=world.hub_worker, reason="outside_area", details="Not ours"
        )
    assert declined.share.stopped_at is not None
    assert Notification.objects.filter(recipient=world.officer, kind=Kind.NEW_TASK).exists()
    event = PersonEvent.objects.get(person=world.person, type="referrals.declined")
    assert "outside the area" in event.parameters["reason"]
    # The hub sees nothing about her any more; the officer sees the decision.
    hub_view = referral_get_for_user(user=world.hub_worker, referral_id=referral.public_id)
    assert hub_view.fields.keys() <= {"decline_details", "outcome_notes", "withdraw_reason"}
    officer_view = referral_get_for_user(user=world.officer, referral_id=referral.public_id)
    assert officer_view.fields["decline_details"] == "Not ours"
    referral_decline_dealt_with(referral=declined, by=world.officer)
    declined.refresh_from_db()
    assert declined.decline_dealt_with_at is not None
    with pytest.raises(PermissionDenied):
        referral_decline_dealt_with(referral=declined, by=world.hub_worker)


def test_only_the_sender_withdraws_with_a_reason_while_it_waits(world):
    referral = send_to_hub(world)
    with pytest.raises(PermissionDenied):
        referral_withdraw(referral=referral, by=world.hub_worker, reason="x")
    with pytest.raises(ValidationError):
        referral_withdraw(referral=referral, by=world.officer, reason="")
    withdrawn = referral_withdraw(referral=referral, by=world.officer, reason="Sent in error")
    assert withdrawn.status == "withdrawn"
    assert withdrawn.share.stopped_at is not None
    with pytest.raises(ValidationError):
        referral_accept(referral=withdrawn, by=world.hub_worker)


def test_accepting_involves_the_hub_in_her_case(world):
    referral = send_to_hub(world)
    assert not person_access_for_user(user=world.hub_worker, person=world.person)
    accepted = referral_accept(referral=referral, by=world.hub_worker)
    access = person_access_for_user(user=world.hub_worker, person=world.person)
    assert access and access.why == "involved"
    involvement = accepted.share.involvement
    assert involvement.kind == "referral"
    assert involvement.agency == world.hub
    assert involvement.source_id == referral.public_id


def test_a_specialist_service_is_never_involved(world):
    onward = send_to_specialist(world, onward_from=accepted_by_hub(world))
    accepted = referral_accept(referral=onward, by=world.specialist)
    assert accepted.status == "accepted"
    assert accepted.share.involvement is None
    assert not person_access_for_user(user=world.specialist, person=world.person)


def test_closing_needs_an_accepted_referral_and_an_outcome_and_ends_the_hubs_involvement(world):
    referral = send_to_hub(world)
    with pytest.raises(ValidationError):
        referral_close(referral=referral, by=world.hub_worker, outcome="support_completed")
    accepted = referral_accept(referral=referral, by=world.hub_worker)
    with pytest.raises(ValidationError) as refused:
        referral_close(referral=accepted, by=world.hub_worker, outcome="")
    assert "Choose the outcome" in refused.value.message_dict["outcome"][0]
    with pytest.raises(ValidationError):
        referral_close(referral=accepted, by=world.hub_worker, outcome="other")
    with pytest.raises(PermissionDenied):
        referral_close(referral=accepted, by=world.officer, outcome="support_completed")
    closed = referral_close(referral=accepted, by=world.hub_worker, outcome="support_completed")
    assert closed.status == "closed"
    assert not person_access_for_user(user=world.hub_worker, person=world.person)
    with pytest.raises(ValidationError):
        referral_close(referral=closed, by=world.hub_worker, outcome="support_completed")


def test_every_transition_is_logged_and_on_her_timeline(world):
    referral = accepted_by_hub(world)
    referral_close(referral=referral, by=world.hub_worker, outcome="she_ended")
    reasons = set(
        AccessLogEntry.objects.filter(
            record_type="referrals.referral", record_id=referral.public_id
        ).values_list("reason", flat=True)
    )
    assert {"accepted", "closed"} <= reasons
    types = set(PersonEvent.objects.filter(person=world.person).values_list("type", flat=True))
    assert {"referrals.sent", "referrals.accepted", "referrals.closed"} <= types
    assert [e.type for e in referral.events.all()] == [
        "referrals.sent",
        "referrals.accepted",
        "referrals.closed",
    ]


def test_her_withdrawn_agreement_ends_what_the_referral_shows_and_the_hubs_access(world):
    consent = LawfulBasis.objects.get(code="dpa-35-2-a-consent")
    agreement = agreement_record(
        person=world.person,
        by=world.officer,
        agencies=[world.hub],
        purpose="Victim care",
        given_at=timezone.now() - datetime.timedelta(hours=1),
        given_how="in_person",
    )
    referral = send_to_hub(
        world, sharing=SharingBasis(regime="dpa_part_3", basis=consent, agreement=agreement)
    )
    referral_accept(referral=referral, by=world.hub_worker)
    assert person_access_for_user(user=world.hub_worker, person=world.person)
    agreement_withdraw(agreement=agreement, by=world.officer, how="phone")
    assert not person_access_for_user(user=world.hub_worker, person=world.person)
    view = referral_get_for_user(user=world.hub_worker, referral_id=referral.public_id)
    assert "name" not in view.fields
    assert "reason" not in view.fields


def test_two_decisions_at_once_do_not_both_succeed(world):
    referral = send_to_hub(world)
    stale = type(referral).objects.get(pk=referral.pk)
    referral_decline(referral=referral, by=world.hub_worker, reason="no_capacity")
    with pytest.raises(ValidationError):
        referral_accept(referral=stale, by=world.hub_worker)  # the stale copy is re-read
