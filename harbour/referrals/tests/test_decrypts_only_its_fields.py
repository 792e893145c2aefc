"""Reading a referral decrypts only the fields of her record the page shows (decision 0014):
her equality information, disability and whatever else the view leaves out are never decrypted,
and her contact details only when they are revealed."""

from __future__ import annotations

import pytest

from harbour.core import doors
from harbour.referrals.matrix import CLOSED_VIEW, OPEN_VIEW
from harbour.referrals.queries import (
    PERSON_FIELDS_BY_PART,
    referral_contact_details_for_user,
    referral_get_for_user,
    referrals_for_user,
)
from harbour.referrals.services import referral_accept, referral_close

from .conftest import accepted_by_hub, send_to_hub, send_to_specialist

pytestmark = pytest.mark.django_db


def _expected(parts) -> set[str]:
    return {f"people.Person.{n}" for p in parts for n in PERSON_FIELDS_BY_PART.get(p, ())}


def _her_fields(counter) -> set[str]:
    return {name for name in counter if name.startswith("people.Person.")}


def test_triage_decrypts_its_fields_and_nothing_else(world):
    referral = send_to_hub(world)
    with doors.decryptions() as decrypted:
        view = referral_get_for_user(user=world.hub_worker, referral_id=referral.public_id)
    assert _her_fields(decrypted) == _expected(OPEN_VIEW["triage"])
    assert len(_her_fields(decrypted)) == 10  # of her 24 encrypted fields
    assert not {"ethnicity", "disability", "disability_details", "address"} & {
        n.rsplit(".", 1)[1] for n in decrypted
    }
    assert all(count == 1 for name, count in decrypted.items() if name in _expected(view.parts))
    with doors.decryptions() as revealed:
        referral_contact_details_for_user(user=world.hub_worker, view=view)
    assert _her_fields(revealed) == {
        "people.Person.address",
        "people.Person.postcode",
        "people.Person.phone",
        "people.Person.email",
    }


def test_a_specialist_service_decrypts_less_and_only_the_contact_her_safe_ways_need(world):
    onward = send_to_specialist(world, onward_from=accepted_by_hub(world))
    with doors.decryptions() as decrypted:
        view = referral_get_for_user(user=world.specialist, referral_id=onward.public_id)
    assert _her_fields(decrypted) == _expected(OPEN_VIEW["service"])
    assert "people.Person.date_of_birth" not in decrypted
    with doors.decryptions() as revealed:
        shown = referral_contact_details_for_user(user=world.specialist, view=view)
    assert _her_fields(revealed) == {"people.Person.safe_channels"} | {
        f"people.Person.{name}" for name in shown
    }
    assert len(shown) < 4


def test_a_closed_referral_decrypts_her_name_only(world):
    onward = send_to_specialist(world, onward_from=accepted_by_hub(world))
    accepted = referral_accept(referral=onward, by=world.specialist)
    referral_close(referral=accepted, by=world.specialist, outcome="support_completed")
    with doors.decryptions() as decrypted:
        referral_get_for_user(user=world.specialist, referral_id=onward.public_id)
    assert _her_fields(decrypted) == _expected(CLOSED_VIEW)
    assert _her_fields(decrypted) == {"people.Person.given_name", "people.Person.family_name"}


def test_a_list_decrypts_names_only(world):
    send_to_hub(world)
    with doors.decryptions() as decrypted:
        rows = referrals_for_user(user=world.hub_worker, direction="incoming")
    assert rows and rows[0].name
    assert _her_fields(decrypted) == {"people.Person.given_name", "people.Person.family_name"}


def test_the_referral_page_decrypts_no_more_than_the_getter(world, staff_client):
    referral = send_to_hub(world)
    client = staff_client(world.hub_worker)
    with doors.decryptions() as decrypted:
        response = client.get(f"/staff/referrals/{referral.public_id}/")
    assert response.status_code == 200
    assert _her_fields(decrypted) <= _expected(OPEN_VIEW["triage"])
