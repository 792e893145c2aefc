"""The documented backup and restore, as a round trip: every record comes back identical, the
dump holds no key and no plaintext, and it reads only with the keys kept apart from it."""

from __future__ import annotations

import datetime

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from harbour.core.backup import (
    backup_as_text,
    backup_compare,
    backup_dump,
    backup_holds_any,
    backup_restore,
    database_create,
    database_drop,
)
from harbour.core.crypto import DecryptionError, decrypt_text
from harbour.core.management.commands.backup_roundtrip import database_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="backups are of the PostgreSQL database"
    ),
]


@pytest.fixture
def records(db):
    from harbour.regions.models import LocalAuthority

    area = LocalAuthority.objects.get_or_create(
        gss_code="E08000012", defaults={"name": "Liverpool"}
    )[0]
    from harbour.accounts.factories import UserFactory
    from harbour.accounts.roles import Role
    from harbour.people.queries import person_get_for_user
    from harbour.people.services import involvement_add, person_create

    officer = UserFactory(role=Role.POLICE_OFFICER, username="backup.officer")
    person = person_create(
        by=officer,
        given_name="Ottilie",
        family_name="Brackenridge",
        date_of_birth=datetime.date(1979, 2, 3),
        address="12 Synthetic Terrace",
        postcode="L3 9ZZ",
        local_authority=area,
    )
    from harbour.people.models import InvolvementKind

    involvement_add(
        person=person, agency=officer.agency, kind=InvolvementKind.ASSIGNMENT, by=officer
    )
    person_get_for_user(user=officer, person_id=person.public_id)  # an access log entry
    return person


def test_a_backup_restores_every_record_and_holds_no_key(records, tmp_path, settings):
    dump = tmp_path / "harbour.dump"
    backup_dump(database_url(), dump)
    assert oct(dump.stat().st_mode & 0o777) == "0o600"

    keys = [settings.SECRET_KEY, settings.HARBOUR_HASH_KEY, *settings.HARBOUR_FIELD_KEYS]
    assert backup_holds_any(dump, keys) == []
    text = backup_as_text(dump)
    for plain in ("Ottilie", "Brackenridge", "Synthetic Terrace", "L3 9ZZ", "1979-02-03"):
        assert plain not in text
    assert "audit_accesslogentry" in text and "harbour_audit_guard" in text

    scratch = f"{connection.settings_dict['NAME']}_restore_test"
    database_drop(database_url("postgres"), scratch)
    database_create(database_url("postgres"), scratch)
    try:
        backup_restore(dump, database_url(scratch))
        result = backup_compare(database_url(), database_url(scratch))
        assert result.different == []
        assert result.tables > 30 and result.rows > 0

        import psycopg

        with psycopg.connect(database_url(scratch)) as conn:
            (token,) = conn.execute(
                "SELECT family_name FROM people_person WHERE public_id = %s", [records.public_id]
            ).fetchone()
    finally:
        database_drop(database_url("postgres"), scratch)
    # The restored record reads with the keys kept apart, and not without them.
    assert decrypt_text(token) == "Brackenridge"
    settings.HARBOUR_FIELD_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(DecryptionError):
        decrypt_text(token)


def test_the_roundtrip_command(records, capsys):
    call_command("backup_roundtrip")
    assert "all identical; no key in the dump" in capsys.readouterr().out
