"""The check-before-create step with only a name: the records her agency can read are offered
by name, with what tells them apart; otherwise a second detail is asked for."""

from __future__ import annotations

import datetime
import re

import pytest

from harbour.audit.models import AccessLogEntry, Action
from harbour.people.models import Person

pytestmark = pytest.mark.django_db

URL = "/staff/people/new/"


def typed(**overrides) -> dict:
    data = {"given_name": "Harriet", "family_name": "Quennell", "action": "check"}
    data.update(overrides)
    return data


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def test_her_agency_is_offered_her_record_by_name_and_opens_it(world, staff_client):
    client = staff_client(world.involved_user)
    before = Person.objects.count()
    response = client.post(URL, typed(given_name="Hattie", family_name="Quenell"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Is she one of these people?" in page
    assert "Harriet Quennell" in page and "Aged 35-44" in page and "Liverpool" in page
    assert "last contact" in page and "None of these is her" in page
    picked = client.post(
        URL,
        {
            **typed(given_name="Hattie", family_name="Quenell"),
            "name_checked": hidden(page, "name_checked"),
            "offered": hidden(page, "offered"),
            "name_match": world.person.public_id,
        },
    )
    assert picked.status_code == 302
    assert picked["Location"] == f"/staff/people/{world.person.public_id}/"
    assert Person.objects.count() == before


def test_none_of_these_is_recorded_then_a_second_detail_is_asked_for(world, staff_client):
    client = staff_client(world.involved_user)
    page = client.post(URL, typed()).content.decode()
    answer = {
        **typed(),
        "name_checked": hidden(page, "name_checked"),
        "offered": hidden(page, "offered"),
        "asked": hidden(page, "asked"),
    }
    unanswered = client.post(URL, answer)
    assert unanswered.status_code == 400
    assert "Choose one of the records offered" in unanswered.content.decode()
    before = Person.objects.count()
    declined = client.post(URL, {**answer, "name_match": "none"})
    assert declined.status_code == 400  # neither a detail nor the confirmation
    assert "Enter a date of birth or phone number or email address" in declined.content.decode()
    entry = AccessLogEntry.objects.filter(
        user=world.involved_user, action=Action.SEARCH, detail__none_of_these=True
    )
    assert entry.count() == 1
    # The page carries the answer on: it is not asked, or recorded, again.
    after = declined.content.decode()
    assert "Is she one of these people?" not in after
    created = client.post(
        URL,
        {
            **answer,
            "name_match": hidden(after, "name_match"),
            "name_declined": hidden(after, "name_declined"),
            "no_second_detail": "on",
        },
    )
    assert created.status_code == 302
    assert Person.objects.count() == before + 1
    assert entry.count() == 1  # recorded once


def test_a_name_alone_asks_for_a_second_detail_before_the_full_check(world, staff_client):
    client = staff_client(world.uninvolved_user)
    before = Person.objects.count()
    response = client.post(URL, typed(given_name="Imogen", family_name="Tallis"))
    page = response.content.decode()
    assert response.status_code == 200 and "Check the records of other agencies" in page
    assert 'href="#id_date_of_birth"' in page and 'href="#id_phone"' in page
    assert Person.objects.count() == before
    answer = {
        **typed(given_name="Imogen", family_name="Tallis"),
        "name_checked": hidden(page, "name_checked"),
        "asked": hidden(page, "asked"),
    }
    assert client.post(URL, answer).status_code == 400
    # With her date of birth the full check runs, finds no one, and creates her record.
    created = client.post(URL, {**answer, "date_of_birth": "14/2/1993"})
    assert created.status_code == 302
    assert Person.objects.count() == before + 1


def test_the_full_check_still_protects_records_her_agency_cannot_read(world, staff_client):
    client = staff_client(world.uninvolved_user)
    page = client.post(URL, typed()).content.decode()
    # Only a name: nothing about the record another agency holds.
    assert "Quennell" not in page.replace('value="Quennell"', "")
    assert "Is she one of these people?" not in page
    answer = {
        **typed(date_of_birth="11/4/1988"),
        "name_checked": hidden(page, "name_checked"),
        "asked": hidden(page, "asked"),
    }
    checked = client.post(URL, answer).content.decode()
    assert "Likely the same person" in checked and world.person.public_id not in checked


def _comparable(page: str) -> str:
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return re.sub(r'nonce="[^"]+"', "", page)


def test_the_page_is_the_same_whether_or_not_another_agency_knows_her(world, staff_client):
    from harbour.people.services import person_create

    client = staff_client(world.involved_user)
    data = typed(given_name="Zofia", family_name="Wiśniewska")
    nobody = client.post(URL, data)
    person_create(
        by=world.uninvolved_user,
        given_name="Zofia",
        family_name="Wiśniewska",
        date_of_birth=datetime.date(1979, 1, 30),
        phone="07700 900555",
    )
    known_elsewhere = client.post(URL, data)
    assert nobody.status_code == known_elsewhere.status_code == 200
    assert _comparable(nobody.content.decode()) == _comparable(known_elsewhere.content.decode())
