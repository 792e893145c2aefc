"""Rotating the hash key while Harbour keeps serving (docs/operations.md, "Keys"; decision 0008).

At every moment of the change, on a node with the new key and on one not yet given it, every
person is found by the duplicate check and by name search; a record changed during the rehash
is found by its new details; the rehash resumes after its worker is lost; at the end every
digest is under the new key and none under the old."""

from __future__ import annotations

import datetime
import secrets

import pytest
from django.db import OperationalError
from django.db.models import Count

from harbour.core import doors, worker
from harbour.core.crypto import hash_key
from harbour.core.testing import run_worker
from harbour.keys.hashes import hash_keys_in_use
from harbour.keys.models import KeyRotation
from harbour.keys.services import rotation_advance, rotation_start, rotation_step
from harbour.people import services
from harbour.people.matching import identity_keys, identity_of
from harbour.people.models import MatchKey, Person
from harbour.people.queries import people_search_for_user, person_get_for_user
from harbour.people.services import person_create, person_duplicate_check, person_update

pytestmark = pytest.mark.django_db

HASHES = KeyRotation.Kind.HASHES


@pytest.fixture
def people(world, settings):
    settings.HARBOUR_PEOPLE_CHECKS_FLAG_PER_HOUR = 10_000
    settings.HARBOUR_PEOPLE_CHECKS_LIMIT_PER_HOUR = 10_000
    made = [world.person]
    for n, (given, family) in enumerate(
        [("Rowena", "Testwright"), ("Anwen", "Pellow"), ("Marisol", "Quaintance")]
    ):
        made.append(
            person_create(
                by=world.involved_user,
                given_name=given,
                family_name=family,
                date_of_birth=datetime.date(1990, 1, n + 1),
                phone=f"07700 90012{n}",
                local_authority=world.area,
            )
        )
    return made


def _found(world, people) -> list[str]:
    """Who cannot be found, by the duplicate check (name and date of birth, and phone) and by
    name search, as the worker at the agency involved with each of them."""
    missing = []
    user = world.involved_user
    for p in people:
        person = person_get_for_user(user=user, person_id=p.public_id)
        check = person_duplicate_check(
            user=user,
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
        )
        if p.public_id not in {c.public_id for c in check.candidates}:
            missing.append(f"check {person.display_name}")
        if person.phone:
            by_phone = person_duplicate_check(
                user=user,
                given_name=person.given_name,
                family_name=person.family_name,
                phone=person.phone,
            )
            if p.public_id not in {c.public_id for c in by_phone.candidates}:
                missing.append(f"phone {person.display_name}")
        search = people_search_for_user(user=user, name=person.display_name)
        if person.display_name not in {s.name for s in search.results}:
            missing.append(f"name search {person.display_name}")
    return missing


def _keys_by_id() -> dict[str, int]:
    rows = MatchKey.objects.values("key_id").annotate(n=Count("id"))
    return {row["key_id"]: row["n"] for row in rows}


def _node(settings, current: str, previous: str = "") -> None:
    settings.HARBOUR_HASH_KEY = current
    settings.HARBOUR_HASH_KEY_PREVIOUS = previous


def test_everyone_is_found_at_every_step_of_a_hash_key_rotation(world, people, settings):
    old = settings.HARBOUR_HASH_KEY
    new = secrets.token_urlsafe(48)
    old_id, new_id = hash_key(old).id, hash_key(new).id
    assert set(_keys_by_id()) == {old_id}
    assert _found(world, people) == []

    # Step 1: nodes are given the new key, with the old one as previous, one by one. A node
    # switched writes under both keys and looks up under both...
    _node(settings, new, old)
    assert [k.id for k in hash_keys_in_use()] == [new_id, old_id]
    people.append(
        person_create(
            by=world.involved_user,
            given_name="Ysolde",
            family_name="Carrow",
            date_of_birth=datetime.date(1979, 3, 14),
            phone="07700 900999",
            local_authority=world.area,
        )
    )
    assert _found(world, people) == []
    # ...so a node not yet switched still finds her, and everyone else.
    _node(settings, old)
    assert _found(world, people) == []
    _node(settings, new, old)

    # Step 2: the rehash, batch by batch; after every batch everyone is found, and one record
    # is changed half-way through (she is then found by her new name).
    rotation = rotation_start(kind=HASHES, batch_size=2)
    steps = 0
    while rotation.state == KeyRotation.State.RUNNING:
        rotation_step(rotation)
        steps += 1
        assert _found(world, people) == [], (rotation.phase, rotation.position)
        if steps == 2:
            fresh = person_get_for_user(user=world.involved_user, person_id=people[2].public_id)
            person_update(
                person=fresh, by=world.involved_user, reason="Married", family_name="Tregarthen"
            )
            assert _found(world, people) == []
        if rotation.phase == "prune":
            # Rehashed and verified: the new key alone from here on, for writes and look-ups.
            assert [k.id for k in hash_keys_in_use()] == [new_id]
    assert rotation.state == KeyRotation.State.FINISHED
    assert rotation.done["rehashed"] == len(people)
    assert rotation.done["pruned"] > 0

    # Every digest is under the new key, and each person has all of hers.
    assert set(_keys_by_id()) == {new_id}
    with doors.opened("test: what was stored"):
        for person in Person.objects.all():
            stored = set(MatchKey.objects.filter(person=person).values_list("digest", flat=True))
            assert stored == {k.digest for k in identity_keys(identity_of(person))}

    # Step 3: the previous key is removed; everyone is found. A node still on the old key alone
    # would find no one: the digests really changed.
    _node(settings, new)
    assert _found(world, people) == []
    _node(settings, old)
    assert len(_found(world, people)) == 3 * len(people)


def test_a_node_without_the_new_key_is_caught_by_the_verification(world, people, settings):
    """A record changed by a node still on the old key after the rehash passed her has no
    digests under the new key: the verification rebuilds her before the old ones go."""
    old, new = settings.HARBOUR_HASH_KEY, secrets.token_urlsafe(48)
    _node(settings, new, old)
    rotation = rotation_start(kind=HASHES, batch_size=50)
    rotation_step(rotation)  # every person rehashed
    assert rotation.done["rehashed"] == len(people)
    _node(settings, old)  # a node left behind changes her
    fresh = person_get_for_user(user=world.involved_user, person_id=people[1].public_id)
    person_update(person=fresh, by=world.involved_user, reason="Spelling", given_name="Rowenna")
    _node(settings, new, old)
    while rotation.state == KeyRotation.State.RUNNING:
        rotation_step(rotation)
    assert rotation.done["late"] == 1
    _node(settings, new)
    assert _found(world, people) == []


def test_the_rehash_resumes_after_its_worker_is_lost(world, people, settings, monkeypatch):
    """The rehash runs as a task, one batch at a time; the database is lost in the middle of
    a batch: that batch is rolled back and the task is queued again, and it goes on from the
    last batch written. Nothing is counted twice and no one is left out."""
    old, new = settings.HARBOUR_HASH_KEY, secrets.token_urlsafe(48)
    _node(settings, new, old)
    settings.HARBOUR_KEY_ROTATION_TASK_SECONDS = 0  # one batch per run of the task
    monkeypatch.setattr(worker.time, "sleep", lambda seconds: None)
    real = services.people_match_keys_rebuild
    calls = {"n": 0}

    def lost_on_the_third_batch(*, person_ids):
        calls["n"] += 1
        if calls["n"] == 3:
            real(person_ids=person_ids)  # written, then lost before the batch commits
            raise OperationalError("server closed the connection unexpectedly")
        return real(person_ids=person_ids)

    monkeypatch.setattr(services, "people_match_keys_rebuild", lost_on_the_third_batch)
    rotation = rotation_start(kind=HASHES, batch_size=1)
    run_worker()
    rotation.refresh_from_db()
    assert rotation.state == KeyRotation.State.FINISHED, rotation.error
    assert calls["n"] == len(people) + 1  # the lost batch was done again
    assert rotation.done["rehashed"] == len(people)
    assert rotation.task_runs > len(people)
    assert set(_keys_by_id()) == {hash_key(new).id}
    _node(settings, new)
    assert _found(world, people) == []


def test_a_superseded_run_does_nothing(world, people, settings):
    """Only the run queued last works: one recovered after its worker died stops at once."""
    _node(settings, secrets.token_urlsafe(48), settings.HARBOUR_HASH_KEY)
    rotation = rotation_start(kind=HASHES, batch_size=1)
    stale = rotation.token
    rotation_advance(rotation_id=rotation.pk, token=stale, seconds=0)  # hands over
    rotation.refresh_from_db()
    assert rotation.token != stale and rotation.done == {"rehashed": 1}
    assert rotation_advance(rotation_id=rotation.pk, token=stale) == "not the current run"
    rotation.refresh_from_db()
    assert rotation.done == {"rehashed": 1}


def test_a_worker_with_other_keys_stops_the_rotation(world, people, settings):
    old, new = settings.HARBOUR_HASH_KEY, secrets.token_urlsafe(48)
    _node(settings, new, old)
    rotation = rotation_start(kind=HASHES)
    _node(settings, old)
    outcome = rotation_advance(rotation_id=rotation.pk, token=rotation.token)
    rotation.refresh_from_db()
    assert rotation.state == KeyRotation.State.FAILED
    assert outcome.startswith("stopped") and "HARBOUR_HASH_KEY" in rotation.error
    assert old not in rotation.error and new not in rotation.error
    assert not rotation.done
    # Found meanwhile under the old key, as before.
    assert _found(world, people) == []


def test_the_command_starts_runs_and_reports(world, people, settings, capsys):
    from django.core.management import CommandError, call_command

    old, new = settings.HARBOUR_HASH_KEY, secrets.token_urlsafe(48)
    _node(settings, new)  # the previous key forgotten: refused, people would not be found
    with pytest.raises(CommandError, match="HARBOUR_HASH_KEY_PREVIOUS"):
        call_command("rotate_keys", "start", "hashes")
    assert not KeyRotation.objects.exists()

    _node(settings, new, old)
    call_command("rotate_keys", "start", "hashes", "--batch-size", "2")
    out = capsys.readouterr().out
    assert "The task worker runs it" in out and "phase rehash" in out
    with pytest.raises(CommandError, match="already running"):
        call_command("rotate_keys", "start", "hashes")
    run_worker()
    call_command("rotate_keys", "status")
    out = capsys.readouterr().out
    assert "finished" in out and "HARBOUR_HASH_KEY_PREVIOUS can now be removed" in out
    assert f"people.MatchKey digests by key: {hash_key(new).id}: " in out
    assert hash_key(old).id + ":" not in out
    assert old not in out and new not in out  # ids, never keys
    _node(settings, new)
    assert _found(world, people) == []

    # The field key, run in the command's own process.
    from cryptography.fernet import Fernet

    settings.HARBOUR_FIELD_KEYS = [Fernet.generate_key().decode(), *settings.HARBOUR_FIELD_KEYS]
    call_command("rotate_keys", "start", "fields", "--here")
    out = capsys.readouterr().out
    assert "finished" in out and "the old field key can now be removed" in out
    settings.HARBOUR_FIELD_KEYS = settings.HARBOUR_FIELD_KEYS[:1]
    assert _found(world, people) == []
