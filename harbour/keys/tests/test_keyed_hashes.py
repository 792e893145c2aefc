"""Every keyed hash Harbour keeps is rotated with the hash key (decision 0008)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from harbour.keys.hashes import keyed_hashes

HARBOUR = Path(__file__).resolve().parents[2]

# Modules that make keyed hashes (``keyed_hash(``, ``keyed_hashes_in_use(``) and where those
# digests live.
KEYED_HASH_MAKERS = {
    # Stored: people.MatchKey, registered by harbour.people and rebuilt by a rotation.
    "people/matching.py": "people.MatchKey",
    # Not stored: fingerprints in a form's hidden fields for one step of recording a person,
    # checked under the current or the previous key (keyed_hash_matches).
    "people/steps.py": None,
    # Stored: safety_reports.ReportIdentifier (phone numbers, registrations, handles of the
    # individual reported), registered by harbour.safety_reports and rebuilt by a rotation.
    "safety_reports/identifiers.py": "safety_reports.ReportIdentifier",
    # The definitions themselves.
    "core/crypto.py": None,
    "keys/hashes.py": None,
}


def test_every_stored_digest_with_a_key_id_is_registered():
    registered = {entry.digests for entry in keyed_hashes()}
    with_key_ids = {
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label != "keys"
        and any(f.name == "key_id" for f in model._meta.concrete_fields)
    }
    assert with_key_ids == registered
    for entry in keyed_hashes():
        assert entry.owner_model is not None
        assert entry.digest_model._meta.get_field("key_id").max_length >= 12


def test_every_module_making_keyed_hashes_is_known():
    """A new keyed hash must be registered (stored) or listed here with its reason."""
    makers = set()
    for path in HARBOUR.rglob("*.py"):
        relative = path.relative_to(HARBOUR).as_posix()
        if "/tests/" in relative or "/migrations/" in relative:
            continue
        if re.search(r"\bkeyed_hash(es_in_use)?\(", path.read_text(encoding="utf-8")):
            makers.add(relative)
    assert makers == set(KEYED_HASH_MAKERS)
    registered = {entry.digests for entry in keyed_hashes()}
    assert {table for table in KEYED_HASH_MAKERS.values() if table} <= registered


@pytest.mark.django_db
def test_status_before_any_rotation(capsys):
    call_command("rotate_keys", "status")
    out = capsys.readouterr().out
    assert "Field-encryption key: this node writes under key" in out
    assert "Hash key: this node writes under key" in out
    assert "no rotation yet" in out


@pytest.mark.django_db
def test_a_value_is_hashed_under_each_key_in_use(settings):
    from harbour.core.crypto import hash_key, keyed_hash
    from harbour.keys.hashes import keyed_hashes_in_use

    old, new = settings.HARBOUR_HASH_KEY, "n" * 40
    one = keyed_hashes_in_use("test.phone", "07700900123")
    assert one == [(hash_key(old).id, keyed_hash("test.phone", "07700900123"))]
    settings.HARBOUR_HASH_KEY, settings.HARBOUR_HASH_KEY_PREVIOUS = new, old
    both = keyed_hashes_in_use("test.phone", "07700900123")
    assert [key_id for key_id, _digest in both] == [hash_key(new).id, hash_key(old).id]
    assert both[1] == one[0] and both[0][1] != one[0][1]
