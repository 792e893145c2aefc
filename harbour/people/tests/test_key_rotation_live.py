"""Rotating the field key while Harbour keeps serving (docs/operations.md, "Rotating the field
key"): every record reads at every moment of the change, on a node that has the new key first
and on one that has not been restarted yet, and a record changed during the re-encryption keeps
its change."""

from __future__ import annotations

import datetime

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from harbour.core import rotation
from harbour.core.crypto import is_current_token
from harbour.people.queries import person_get_for_user
from harbour.people.services import person_create, person_update

pytestmark = pytest.mark.django_db


def _tokens() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name FROM people_person ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def people(world):
    made = [world.person]
    for n in range(5):
        made.append(
            person_create(
                by=world.involved_user,
                given_name=f"Rowena{n}",
                family_name="Testwright",
                date_of_birth=datetime.date(1990, 1, n + 1),
                local_authority=world.person.local_authority,
            )
        )
    return made


def _expected(world, people) -> dict[str, tuple[str, str]]:
    return {p.public_id: (p.given_name, p.family_name) for p in people}


def _read_all(world, people) -> dict[str, tuple[str, str]]:
    out = {}
    for p in people:
        person = person_get_for_user(user=world.involved_user, person_id=p.public_id)
        out[p.public_id] = (person.given_name, person.family_name)
    return out


def test_reads_work_at_every_step_of_a_rotation(world, people, settings, monkeypatch):
    old_key = settings.HARBOUR_FIELD_KEYS[0]
    new_key = Fernet.generate_key().decode()
    expected = _expected(world, people)

    # Step 1: the new key is added second on every node (they can read it before any writes it).
    settings.HARBOUR_FIELD_KEYS = [old_key, new_key]
    assert _read_all(world, people) == expected

    # Step 2: nodes put it first one by one. A record written by a node already switched...
    settings.HARBOUR_FIELD_KEYS = [new_key, old_key]
    person_update(
        person=people[1], by=world.involved_user, reason="Spelling", given_name="Rowenna0"
    )
    expected[people[1].public_id] = ("Rowenna0", "Testwright")
    # ...reads on a node not yet restarted.
    settings.HARBOUR_FIELD_KEYS = [old_key, new_key]
    assert _read_all(world, people) == expected
    settings.HARBOUR_FIELD_KEYS = [new_key, old_key]

    # Step 3: re-encryption, with every record read after each row it writes, and one record
    # changed by a caseworker between the command reading it and writing it.
    reads = []
    real_write = rotation._write
    changed_underneath = {"done": False}

    def write_then_read(model, pk, values):
        if model._meta.label == "people.Person" and not changed_underneath["done"]:
            changed_underneath["done"] = True
            target = next(p for p in people if p.pk == pk)
            fresh = person_get_for_user(user=world.involved_user, person_id=target.public_id)
            person_update(
                person=fresh,
                by=world.involved_user,
                reason="Changed during rotation",
                family_name="Newname",
            )
            expected[target.public_id] = (expected[target.public_id][0], "Newname")
        written = real_write(model, pk, values)
        reads.append(_read_all(world, people) == expected)
        return written

    monkeypatch.setattr(rotation, "_write", write_then_read)
    result = rotation.reencrypt_all(batch_size=2)
    assert result.rows > 0
    assert reads and all(reads)
    assert all(is_current_token(t) for t in _tokens())

    # Step 4: the old key goes; everything still reads, the change made during it included.
    settings.HARBOUR_FIELD_KEYS = [new_key]
    assert _read_all(world, people) == expected
    assert "Newname" in {family for _given, family in expected.values()}


def test_a_row_that_changed_is_not_overwritten(world, people, settings):
    """The compare-and-set write refuses a row whose tokens are no longer those read."""
    from harbour.people.models import Person

    old_key = settings.HARBOUR_FIELD_KEYS[0]
    settings.HARBOUR_FIELD_KEYS = [Fernet.generate_key().decode(), old_key]
    stale = _tokens()[0]
    person_update(person=world.person, by=world.involved_user, reason="x", given_name="Harry")
    written = rotation._write(
        Person, world.person.pk, {"given_name": (stale, "gAAAAAnot-a-real-token")}
    )
    assert written is False
    person = person_get_for_user(user=world.involved_user, person_id=world.person.public_id)
    assert person.given_name == "Harry"


def _plaintexts() -> dict:
    """Every encrypted value of every table (history included), decrypted from its token."""
    from django.db import models
    from django.db.models.functions import Cast

    from harbour.core.crypto import decrypt_text

    values = {}
    for model in rotation.models_with_encrypted_fields():
        fields = rotation.encrypted_fields(model)
        raw = {f"t{i}": Cast(f.column, models.TextField()) for i, f in enumerate(fields)}
        for pk, *tokens in model._base_manager.annotate(**raw).values_list("pk", *raw):
            for field, token in zip(fields, tokens, strict=True):
                key = (model._meta.label, pk, field.column)
                values[key] = None if token is None else decrypt_text(token)
    return values


def test_the_task_re_encrypts_everything_and_resumes_after_a_loss(
    world, people, settings, monkeypatch
):
    """``rotate_keys start fields`` as the task worker runs it: one batch per run of the task,
    every record read after each batch, the database lost in the middle of one batch (rolled
    back and done again), and at the end every value of every table, history included, reads
    the same with the new key alone."""
    from django.db import OperationalError

    from harbour.core import worker
    from harbour.core.testing import run_worker
    from harbour.keys import services as key_services
    from harbour.keys.models import KeyRotation

    old_key = settings.HARBOUR_FIELD_KEYS[0]
    new_key = Fernet.generate_key().decode()
    expected = _expected(world, people)
    before = _plaintexts()
    assert len(before) > 100
    settings.HARBOUR_FIELD_KEYS = [new_key, old_key]
    settings.HARBOUR_KEY_ROTATION_TASK_SECONDS = 0
    monkeypatch.setattr(worker.time, "sleep", lambda seconds: None)

    reads = []
    calls = {"n": 0}
    real = key_services.reencrypt_batch

    def batch_then_read(model, *, after, batch_size):
        calls["n"] += 1
        result = real(model, after=after, batch_size=batch_size)
        reads.append(_read_all(world, people) == expected)
        if calls["n"] == 3:
            raise OperationalError("server closed the connection unexpectedly")
        return result

    monkeypatch.setattr(key_services, "reencrypt_batch", batch_then_read)
    started = key_services.rotation_start(kind=KeyRotation.Kind.FIELDS, batch_size=3)
    run_worker()
    done = KeyRotation.objects.get(pk=started.pk)
    assert done.state == KeyRotation.State.FINISHED, done.error
    assert reads and all(reads)
    assert done.done["values"] > 0 and "late" not in done.done
    assert done.task_runs >= calls["n"] - 1

    settings.HARBOUR_FIELD_KEYS = [new_key]
    assert _plaintexts() == before
    assert all(is_current_token(t) for t in _tokens())
    assert _read_all(world, people) == expected


def test_a_value_no_key_reads_stops_the_task_with_a_reason(world, people, settings):
    """A key missing from the worker: the rotation stops, says which table, and resumes once
    the key is back; nothing was changed meanwhile."""
    from harbour.keys.models import KeyRotation
    from harbour.keys.services import rotation_advance, rotation_resume, rotation_start

    old_key = settings.HARBOUR_FIELD_KEYS[0]
    new_key = Fernet.generate_key().decode()
    before = _plaintexts()
    settings.HARBOUR_FIELD_KEYS = [new_key]  # the old key forgotten
    started = rotation_start(kind=KeyRotation.Kind.FIELDS, batch_size=50)
    outcome = rotation_advance(rotation_id=started.pk, token=started.token)
    started.refresh_from_db()
    assert started.state == KeyRotation.State.FAILED and outcome.startswith("stopped")
    assert "cannot be decrypted" in started.error and "HARBOUR_FIELD_KEYS" in started.error
    assert old_key not in started.error
    settings.HARBOUR_FIELD_KEYS = [new_key, old_key]
    assert _plaintexts() == before
    resumed = rotation_resume(kind=KeyRotation.Kind.FIELDS)
    assert rotation_advance(rotation_id=resumed.pk, token=resumed.token, seconds=60) == "finished"
    settings.HARBOUR_FIELD_KEYS = [new_key]
    assert _plaintexts() == before
