"""The records pages: each journey through its form, bad input named and changing nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.incidents.factories import incident_make
from harbour.people.factories import person_make
from harbour.people.services import person_duplicate_check
from harbour.records.models import (
    CorrectionRequest,
    ErasureRequest,
    Hold,
    Recommendation,
    Review,
    SubjectAccessRequest,
    Tombstone,
)

pytestmark = pytest.mark.django_db


def test_erasure_journey_asks_then_a_second_person_approves(staff_client, officer, administrators):
    person = person_make(
        by=officer,
        given_name="Imelda",
        family_name="Quist",
        date_of_birth=datetime.date(1980, 1, 2),
    )
    client = staff_client(officer)
    url = reverse("records:erasure-new", args=[person.public_id])
    page = client.post(url, {"reason": ""})
    assert page.status_code == 200
    assert page.content.decode().count("Say why her records should be erased.") >= 1
    assert "<title>Error:" in page.content.decode()
    assert not ErasureRequest.objects.exists()

    response = client.post(url, {"reason": "She asked us to."})
    request = ErasureRequest.objects.get()
    assert response["Location"] == reverse("records:erasure", args=[request.public_id])
    # The one who asked sees it waiting and may not decide it.
    page = client.get(response["Location"])
    assert "Approve and erase" not in page.content.decode()
    assert client.post(response["Location"], {"decision": "approve"}).status_code == 403

    admin = staff_client(administrators[0])
    page = admin.get(response["Location"])
    assert "Approve and erase" in page.content.decode()
    admin.post(response["Location"], {"decision": "approve"})
    request.refresh_from_db()
    assert request.state == ErasureRequest.State.ERASED
    assert Tombstone.objects.filter(record_type="people.person").count() == 1
    check = person_duplicate_check(
        user=officer,
        given_name="Imelda",
        family_name="Quist",
        date_of_birth=datetime.date(1980, 1, 2),
    )
    assert not check.candidates
    # Her record is gone for everyone: the door answers as for no record.
    assert client.get(reverse("people:detail", args=[person.public_id])).status_code == 404


def test_subject_access_journey(staff_client, officer):
    her = person_make(by=officer, given_name="Perpetua", family_name="Lindqvist")
    him = person_make(by=officer, given_name="Barnaby", family_name="Oakhurst")
    incident_make(by=officer, victim=her, harmers=[him])
    client = staff_client(officer)
    url = reverse("records:subject-access-new", args=[her.public_id])
    assert url in client.get(reverse("people:detail", args=[her.public_id])).content.decode()
    page = client.post(url, {"received_on": "31 13 2026"})
    assert "Enter the date her request was received as a real date." in page.content.decode()
    assert not SubjectAccessRequest.objects.exists()
    response = client.post(url, {"received_on": "2 3 2026"})
    sar = SubjectAccessRequest.objects.get()
    assert sar.due_on == datetime.date(2026, 4, 2)
    page = client.get(response["Location"]).content.decode()
    assert "Perpetua" in page and "Barnaby" not in page and "Oakhurst" not in page
    assert "The person harming you named in an incident" in page
    home = client.get(reverse("core:staff-home")).content.decode()
    assert "Review and release a copy of her records" in home
    client.post(response["Location"], {"decision": "release"})  # not reviewed yet: refused
    sar.refresh_from_db()
    assert sar.state == SubjectAccessRequest.State.BUILT
    client.post(response["Location"], {"decision": "review"})
    client.post(response["Location"], {"decision": "release"})
    sar.refresh_from_db()
    assert sar.state == SubjectAccessRequest.State.RELEASED
    # Another agency's caseworker cannot open it.
    other = staff_client(UserFactory(role=Role.HUB_CASEWORKER))
    assert other.get(response["Location"]).status_code == 404


def test_the_chair_holds_and_recommends_on_the_review_page(staff_client, officer):
    chair = UserFactory(role=Role.MARAC_COORDINATOR)
    review = Review.objects.create(kind=Review.Kind.SUICIDE, reference="Review 2026/2", chair=chair)
    person = person_make(by=officer)
    url = reverse("records:review", args=[review.public_id])
    client = staff_client(chair)
    page = client.post(url, {"add": "hold", "person": "not-a-reference"})
    assert "Enter the reference of a person record." in page.content.decode()
    client.post(url, {"add": "hold", "person": person.public_id})
    hold = Hold.objects.get()
    assert hold.person_id == person.pk
    page = client.post(url, {"add": "recommendation", "text": "", "due_on": "1 1 2027"})
    assert "Enter the recommendation." in page.content.decode()
    assert "Choose the agency it is for." in page.content.decode()
    client.post(
        url,
        {
            "add": "recommendation",
            "text": "Train staff.",
            "agency": officer.agency.pk,
            "due_on": "1 1 2027",
        },
    )
    recommendation = Recommendation.objects.get()
    # Not the chair: may read the review, not add to it.
    other = staff_client(officer)
    assert other.get(url).status_code == 200
    assert other.post(url, {"add": "hold", "person": person.public_id}).status_code == 403
    # Its agency completes the recommendation; the chair lifts the hold.
    other.post(
        reverse("records:recommendation", args=[recommendation.public_id]), {"note": "Done."}
    )
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.DONE
    lift = reverse("records:hold-lift", args=[hold.public_id])
    assert other.get(lift).status_code == 404
    client.post(lift, {"reason": "Report published."})
    hold.refresh_from_db()
    assert hold.lifted_at is not None
    csv = other.get(reverse("records:chronology", args=[review.public_id]))
    assert csv["Content-Type"].startswith("text/csv")


def test_a_correction_request_is_recorded_with_its_outcome(staff_client, officer):
    person = person_make(by=officer)
    client = staff_client(officer)
    url = reverse("records:correction-new", args=[person.public_id])
    page = client.post(url, {"received_on": "1 2 2026", "asked": "", "outcome": "made"})
    assert "Say what she asked to be corrected." in page.content.decode()
    assert not CorrectionRequest.objects.exists()
    client.post(
        url,
        {
            "received_on": "1 2 2026",
            "asked": "Her date of birth is wrong.",
            "outcome": "made",
            "outcome_reason": "Corrected from her passport.",
        },
    )
    request = CorrectionRequest.objects.get()
    assert request.outcome == CorrectionRequest.Outcome.MADE
    assert "Her date of birth is wrong." in client.get(url).content.decode()
