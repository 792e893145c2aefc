import datetime

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from harbour.core import doors
from harbour.core.crypto import is_current_token
from harbour.people.models import Person
from harbour.people.queries import person_get_for_user
from harbour.people.services import person_update

pytestmark = pytest.mark.django_db

PLAINTEXTS = ["Harriet", "Quennell", "Brooke", "Synthetic Row", "L8 0ZZ", "900461", "Lighthouse"]


def _raw_rows(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return [" ".join(str(value) for value in row) for row in cursor.fetchall()]


def test_the_database_row_holds_no_plaintext(world):
    rows = _raw_rows("people_person")
    assert len(rows) == 1
    for text in PLAINTEXTS:
        assert text not in rows[0]
        assert text.lower() not in rows[0].lower()
    assert "1988-04-11" not in rows[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name, phone FROM people_person")
        given, phone = cursor.fetchone()
    assert given.startswith("gAAAAA")  # a Fernet token
    assert phone.startswith("gAAAAA")


def test_history_rows_hold_no_plaintext_either(world):
    person_update(
        person=world.person,
        by=world.involved_user,
        reason="Spelling of her family name",
        family_name="Quennel",
        address="9 Other Lane",
    )
    rows = _raw_rows("people_historicalperson")
    assert len(rows) == 2
    for row in rows:
        for text in [*PLAINTEXTS, "Quennel", "Other Lane"]:
            assert text not in row
    # The history still knows, once decrypted, what the record said before.
    with doors.opened("test: what was stored"):
        history = list(world.person.history.order_by("history_date"))
    assert [h.family_name for h in history] == ["Quennell", "Quennel"]
    # The reason for the correction is in the reason store, once, encrypted; the version refers.
    from harbour.audit.models import Reason

    reference = history[-1].history_change_reason
    assert reference.startswith("reason:")
    stored = Reason.objects.get(public_id=reference.removeprefix("reason:"))
    assert stored.text == "Spelling of her family name"


def test_match_keys_and_events_hold_no_plaintext(world):
    for table in ("people_matchkey", "people_personevent", "audit_accesslogentry", "people_share"):
        for row in _raw_rows(table):
            for text in PLAINTEXTS:
                assert text not in row, table


def test_encrypted_fields_cannot_be_searched_by_the_database(world):
    with pytest.raises(FieldError):
        list(Person.objects.filter(family_name="Quennell"))
    with pytest.raises(FieldError):
        list(Person.objects.filter(family_name__icontains="quen"))
    assert Person.objects.filter(date_of_birth__isnull=False).count() == 1


def test_key_rotation_reencrypts_every_row(world, settings):
    old_key = settings.HARBOUR_FIELD_KEYS[0]
    new_key = Fernet.generate_key().decode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name FROM people_person")
        before = cursor.fetchone()[0]
    settings.HARBOUR_FIELD_KEYS = [new_key, old_key]
    assert not is_current_token(before)
    # Still readable with the old key behind the new one.
    person = person_get_for_user(user=world.involved_user, person_id=world.person.public_id)
    assert person.given_name == "Harriet"
    call_command("reencrypt_fields", batch_size=1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name, address, other_names FROM people_person")
        tokens = cursor.fetchone()
        cursor.execute("SELECT given_name FROM people_historicalperson")
        history_tokens = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT justification FROM people_share")
        share_tokens = [row[0] for row in cursor.fetchall()]
    assert all(is_current_token(t) for t in [*tokens, *history_tokens, *share_tokens])
    # The old key can now be removed: everything still reads.
    settings.HARBOUR_FIELD_KEYS = [new_key]
    person = person_get_for_user(user=world.involved_user, person_id=world.person.public_id)
    assert (person.given_name, person.date_of_birth) == ("Harriet", datetime.date(1988, 4, 11))
    assert person.other_names == ["Harriet Brooke"]
    with doors.opened("test: what was stored"):
        assert person.history.first().family_name == "Quennell"


def test_hash_key_change_and_rehash(world, settings):
    from harbour.people.services import person_duplicate_check

    settings.HARBOUR_HASH_KEY = "another-hash-key-of-at-least-thirty-two-characters"
    typed = {
        "given_name": "Harriet",
        "family_name": "Quennell",
        "date_of_birth": world.person.date_of_birth,
    }
    assert person_duplicate_check(user=world.uninvolved_user, **typed).candidates == []
    call_command("people_rehash")
    assert len(person_duplicate_check(user=world.uninvolved_user, **typed).candidates) == 1
