"""Erasure by request: a caseworker of her case asks with a reason; an administrator who is not
the one who asked approves; a hold or another ground refuses, and says why."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.incidents.factories import incident_make
from harbour.people.factories import person_make
from harbour.people.queries import person_for_records
from harbour.people.services import person_duplicate_check
from harbour.records.models import ErasureRequest, Hold, RefusalGround, Review, Tombstone
from harbour.records.services import erasure_approve, erasure_refuse, erasure_request

pytestmark = pytest.mark.django_db

TYPED = {"given_name": "Rosalind", "family_name": "Achterberg", "phone": "07700 900777"}
DOB = datetime.date(1990, 6, 1)


def _finds(user) -> bool:
    return bool(person_duplicate_check(user=user, date_of_birth=DOB, **TYPED).candidates)


def test_erasure_needs_a_second_persons_approval(officer, administrators):
    person = person_make(by=officer, date_of_birth=DOB, **TYPED)
    incident = incident_make(by=officer, victim=person)
    request = erasure_request(person=person, by=officer, reason="She asked us to.")
    assert request.state == ErasureRequest.State.WAITING
    assert not Tombstone.objects.exists()

    # The one who asked cannot approve, even as an administrator of the same agency.
    with pytest.raises(PermissionDenied):
        erasure_approve(request=request, by=officer)
    self_approver = UserFactory(role=Role.ADMINISTRATOR, agency=officer.agency)
    own = ErasureRequest.objects.create(person=person, requested_by=self_approver, reason="x")
    with pytest.raises(PermissionDenied):
        erasure_approve(request=own, by=self_approver)
    own.delete()
    assert not Tombstone.objects.exists()
    assert _finds(officer)

    erasure_approve(request=request, by=administrators[0])

    request.refresh_from_db()
    assert request.state == ErasureRequest.State.ERASED
    assert request.decided_by == administrators[0]
    kinds = set(Tombstone.objects.values_list("record_type", flat=True))
    assert {"people.person", "incidents.incident"} <= kinds
    assert set(Tombstone.objects.values_list("why", flat=True)) == {Tombstone.Why.REQUEST}
    assert not _finds(officer)
    assert person_for_records(public_id=person.public_id).erased_at is not None
    incident.refresh_from_db()
    assert incident.summary == ""
    # Decided once.
    with pytest.raises(ValidationError):
        erasure_approve(request=request, by=administrators[1])


def test_a_request_needs_a_reason_and_a_caseworker_of_her_case(officer):
    person = person_make(by=officer)
    with pytest.raises(ValidationError) as error:
        erasure_request(person=person, by=officer, reason="  ")
    assert "reason" in error.value.error_dict
    stranger = UserFactory(role=Role.HUB_CASEWORKER)
    with pytest.raises(PermissionDenied):
        erasure_request(person=person, by=stranger, reason="She asked us to.")
    assert not ErasureRequest.objects.exists()


def test_a_hold_refuses_erasure_and_says_why(officer, administrators):
    person = person_make(by=officer, date_of_birth=DOB, **TYPED)
    review = Review.objects.create(
        kind=Review.Kind.DOMESTIC_HOMICIDE, reference="DHR", chair=officer
    )
    Hold.objects.create(review=review, person=person, placed_by=officer)
    request = erasure_request(person=person, by=officer, reason="She asked us to.")

    erasure_approve(request=request, by=administrators[0])

    request.refresh_from_db()
    assert request.state == ErasureRequest.State.REFUSED
    assert request.refusal_ground == RefusalGround.HOLD
    assert not Tombstone.objects.exists()
    assert _finds(officer)


def test_a_refusal_on_a_legal_obligation_is_recorded(officer, administrators):
    person = person_make(by=officer)
    request = erasure_request(person=person, by=officer, reason="She asked us to.")
    with pytest.raises(ValidationError) as error:
        erasure_refuse(request=request, by=administrators[0], ground=RefusalGround.OTHER)
    assert "note" in error.value.error_dict
    erasure_refuse(
        request=request,
        by=administrators[0],
        ground=RefusalGround.LEGAL_OBLIGATION,
        note="Proceedings at the family court are open.",
    )
    request.refresh_from_db()
    assert request.state == ErasureRequest.State.REFUSED
    assert request.refusal_ground == RefusalGround.LEGAL_OBLIGATION
    assert not Tombstone.objects.exists()
