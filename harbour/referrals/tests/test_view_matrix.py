"""What each receiving agency sees of a referral (docs/referrals.md), through the getter and on
the page, and who is refused."""

from __future__ import annotations

import pytest

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.audit.models import AccessLogEntry, Action
from harbour.directory.queries import need_get
from harbour.people.services import person_restrict
from harbour.referrals.matrix import CLOSED_VIEW, OPEN_VIEW, Part
from harbour.referrals.queries import (
    ReferralNotFound,
    referral_contact_details_for_user,
    referral_get_for_user,
)
from harbour.referrals.services import referral_accept, referral_close, referral_withdraw

from .conftest import BACKGROUND, RISK_REASONS, accepted_by_hub, send_to_hub, send_to_specialist


def fields_source_in(text: str) -> bool:
    return "From " in text and " 01234567" in text


NEVER = {"disability", "ethnicity", "Hearing loss", "asian_pakistani", "Pakistani"}


def test_the_hub_triages_with_more(world):
    referral = send_to_hub(world)
    view = referral_get_for_user(user=world.hub_worker, referral_id=referral.public_id)
    assert view.side == "receiver"
    assert view.parts == OPEN_VIEW["triage"]
    fields = view.fields
    assert fields["name"] == "Nadia Farrow"
    assert fields["circumstances"] == BACKGROUND
    assert fields["risk_reasons"] == RISK_REASONS
    assert fields["children_in_household"] == 2
    # Named from the incidents app's model (or, without it, the reference's own words).
    assert fields["source"].startswith("From ") and fields["source"].endswith(" 01234567")
    assert "incident" in fields["source"].lower()
    assert fields["safe_contact"]["code_word"] == "Kingfisher"
    contact = referral_contact_details_for_user(user=world.hub_worker, view=view)
    assert contact == {
        "address": "12 Synthetic Close\nLiverpool",
        "postcode": "L7 0ZZ",
        "phone": "07700 900321",
        "email": "nadia.f@example.org",
    }


def test_a_specialist_service_sees_what_the_referral_needs_and_nothing_else(world):
    onward = send_to_specialist(world, onward_from=accepted_by_hub(world))
    view = referral_get_for_user(user=world.specialist, referral_id=onward.public_id)
    assert view.parts == OPEN_VIEW["service"]
    fields = view.fields
    assert fields["name"] == "Nadia Farrow"
    assert fields["reason"] == "Wants advice about pressure to marry."
    assert fields["need"] == "Forced marriage"
    assert fields["risk_level"] == "High"
    assert fields["safe_contact"]["channels"] == ["Text message"]
    assert fields["language"] == "Urdu" and fields["interpreter_needed"] is True
    for hidden in (
        "date_of_birth",
        "circumstances",
        "risk_reasons",
        "source",
        "children_in_household",
        "children_details",
    ):
        assert hidden not in fields
    # Only the contact details for her safe ways: she said text messages, so her phone.
    contact = referral_contact_details_for_user(user=world.specialist, view=view)
    assert contact == {"phone": "07700 900321"}
    assert AccessLogEntry.objects.filter(
        user=world.specialist,
        action=Action.VIEW,
        record_id=world.person.public_id,
        detail__part="contact details",
    ).exists()


def test_the_specialist_page_shows_and_hides_accordingly(world, staff_client):
    hub_referral = accepted_by_hub(world)
    onward = send_to_specialist(world, onward_from=hub_referral)
    client = staff_client(world.specialist)
    page = client.get(f"/staff/referrals/{onward.public_id}/").content.decode()
    assert "Nadia Farrow" in page and "Kingfisher" in page and "Forced marriage" in page
    assert "Wants advice about pressure to marry." in page
    for hidden in (BACKGROUND, RISK_REASONS, "Two children", "1994", "Synthetic Close"):
        assert hidden not in page
    for hidden in NEVER:
        assert hidden not in page
    shown = client.post(f"/staff/referrals/{onward.public_id}/contact-details/").content.decode()
    assert "07700 900321" in shown
    assert "Synthetic Close" not in shown and "nadia.f@example.org" not in shown
    # Her whole record stays closed to the service, and the refusal is logged.
    record = client.get(f"/staff/people/{world.person.public_id}/")
    assert record.status_code == 404
    assert AccessLogEntry.objects.filter(
        user=world.specialist, action=Action.DENIED, record_id=world.person.public_id
    ).exists()


def test_the_hub_page_shows_the_triage_view(world, staff_client):
    referral = send_to_hub(world)
    page = staff_client(world.hub_worker).get(f"/staff/referrals/{referral.public_id}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert BACKGROUND.replace("'", "&#x27;") in text and RISK_REASONS in text
    assert fields_source_in(text)
    for hidden in NEVER:
        assert hidden not in text


def test_uninvolved_agencies_and_other_roles_are_refused_like_a_missing_referral(
    world, staff_client
):
    referral = send_to_hub(world)
    analyst = UserFactory(role=Role.ANALYST, username="analyst")
    for user in (world.other_specialist, world.specialist):
        with pytest.raises(ReferralNotFound):
            referral_get_for_user(user=user, referral_id=referral.public_id)
        response = staff_client(user).get(f"/staff/referrals/{referral.public_id}/")
        assert response.status_code == 404
        assert "Nadia" not in response.content.decode()
    assert staff_client(analyst).get(f"/staff/referrals/{referral.public_id}/").status_code == 403
    missing = staff_client(world.hub_worker).get("/staff/referrals/0000000000000000/")
    assert missing.status_code == 404
    guessed = staff_client(world.hub_worker).get("/staff/referrals/1/")
    assert guessed.status_code == 404
    assert (
        AccessLogEntry.objects.filter(
            action=Action.DENIED, record_type="referrals.referral"
        ).count()
        >= 4
    )


def test_repeated_refusals_are_flagged_for_review(world):
    from harbour.people.models import AccessReview, ReviewKind

    referral = send_to_hub(world)
    for _ in range(3):
        with pytest.raises(ReferralNotFound):
            referral_get_for_user(user=world.other_specialist, referral_id=referral.public_id)
    refusals = AccessLogEntry.objects.filter(
        user=world.other_specialist, action=Action.DENIED, record_type="referrals.referral"
    ).order_by("at", "id")
    # The third refusal in an hour reaches the threshold (HARBOUR_PEOPLE_REFUSALS_FLAG_PER_HOUR).
    assert [entry.flagged for entry in refusals] == [False, False, True]
    review = AccessReview.objects.get(
        kind=ReviewKind.UNUSUAL_ACTIVITY, subject_user=world.other_specialist
    )
    assert review.detail == {"what": "refused_referral_reads", "count": 3}


def test_every_read_is_logged_against_her_record(world):
    referral = send_to_hub(world)
    referral_get_for_user(user=world.hub_worker, referral_id=referral.public_id)
    entry = AccessLogEntry.objects.filter(
        user=world.hub_worker, action=Action.VIEW, record_type="people.person"
    ).latest("at")
    assert entry.record_id == world.person.public_id
    assert entry.detail["referral"] == referral.public_id
    assert entry.detail["view"] == "triage"
    assert "circumstances" in entry.detail["parts"]


def test_the_sender_sees_what_it_sent(world):
    referral = send_to_hub(world)
    view = referral_get_for_user(user=world.officer, referral_id=referral.public_id)
    assert view.side == "sender"
    assert view.fields["circumstances"] == BACKGROUND
    assert "safe_contact" not in view.fields  # her record is where the sender reads that


def test_closed_declined_and_withdrawn(world):
    onward = send_to_specialist(world, onward_from=accepted_by_hub(world))
    accepted = referral_accept(referral=onward, by=world.specialist)
    referral_close(referral=accepted, by=world.specialist, outcome="support_completed")
    view = referral_get_for_user(user=world.specialist, referral_id=onward.public_id)
    assert view.parts == CLOSED_VIEW
    assert set(view.fields) >= {"name", "need"}
    assert "reason" not in view.fields and "safe_contact" not in view.fields
    with pytest.raises(ReferralNotFound):
        referral_contact_details_for_user(user=world.specialist, view=view)
    other = send_to_hub(
        world,
        to_agency=world.harmful,
        service=world.casework,
        need=need_get("forced-marriage"),
        circumstances="",
        risk_reasons="",
    )
    referral_withdraw(referral=other, by=world.officer, reason="Sent in error")
    view = referral_get_for_user(user=world.specialist, referral_id=other.public_id)
    assert view.parts == {Part.OUTCOME}
    assert "name" not in view.fields


def test_a_restricted_record_shows_only_to_named_users(world):
    referral = send_to_hub(world)
    person_restrict(person=world.person, by=world.officer, reason="He works at an agency")
    view = referral_get_for_user(user=world.hub_worker, referral_id=referral.public_id)
    assert view.restricted_notice
    assert "name" not in view.fields
    assert referral_get_for_user(user=world.officer, referral_id=referral.public_id).fields["name"]


def test_text_in_a_referral_is_escaped(world, staff_client):
    referral = send_to_hub(world, reason='<script>alert("x")</script> needs help')
    page = staff_client(world.hub_worker).get(f"/staff/referrals/{referral.public_id}/")
    text = page.content.decode()
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert" in text
