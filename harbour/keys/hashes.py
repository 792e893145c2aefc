"""Every keyed hash Harbour stores, and the hash keys digests are written and looked up under.

An app that stores keyed hashes (``harbour.core.crypto.keyed_hash``) registers them in its
``AppConfig.ready()``::

    register_keyed_hashes(
        KeyedHashes(digests="people.MatchKey", owner="person", rebuild=rebuild_people)
    )

``digests`` is the model of the digest rows: it has a ``key_id`` column (the id of the key each
digest was made under) and a foreign key ``owner`` to the record the digests find. ``rebuild``
takes owners' primary keys and, in the caller's transaction, replaces their digests with digests
under :func:`hash_keys_in_use` (locking the owners' rows while it reads them, so that a change
saved meanwhile is not overwritten by digests of the old values). A rotation of the hash key
walks every registered kind (``harbour.keys.services``), and a test checks that every stored
keyed hash is registered.

**Which keys.** Outside a rotation, the current key alone (``HARBOUR_HASH_KEY``). While
``HARBOUR_HASH_KEY_PREVIOUS`` is set and the rehash to the current key has not finished, digests
are written under both keys (so a node not yet given the new key still finds records written by
one that has it) and looked up under both (so records not yet rehashed are still found). Once
the rehash has finished and been verified, the current key alone again: every record has its
digests under it, and the digests under the previous key are being deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import models

from harbour.core.crypto import HashKey, current_hash_key, keyed_hash, previous_hash_key

__all__ = [
    "KeyedHashes",
    "hash_keys_in_use",
    "keyed_hashes",
    "keyed_hashes_in_use",
    "register_keyed_hashes",
]


@dataclass(frozen=True)
class KeyedHashes:
    digests: str  # "app_label.Model" of the digest rows
    owner: str  # the foreign key from a digest row to the record it finds
    rebuild: Callable[[list], int]  # owners' primary keys -> how many were rebuilt

    @property
    def digest_model(self) -> type[models.Model]:
        return apps.get_model(self.digests)

    @property
    def owner_model(self) -> type[models.Model]:
        return self.digest_model._meta.get_field(self.owner).related_model

    @property
    def owner_column(self) -> str:
        return f"{self.owner}_id"


_registry: dict[str, KeyedHashes] = {}


def register_keyed_hashes(entry: KeyedHashes) -> None:
    _registry[entry.digests] = entry


def keyed_hashes() -> list[KeyedHashes]:
    """Every registered kind of keyed hash, in a fixed order (a rotation's walk resumes by it)."""
    return [_registry[label] for label in sorted(_registry)]


def rehash_done(key_id: str) -> bool:
    """Whether the latest rotation of the hash key is to ``key_id`` and has rehashed and
    verified every record (an older rotation to the same key, before a rotation away from it,
    does not count)."""
    from harbour.keys.models import KeyRotation

    latest = (
        KeyRotation.objects.filter(kind=KeyRotation.Kind.HASHES)
        .order_by("-started_at", "-id")
        .values("key_id", "state", "phase")
        .first()
    )
    return (
        latest is not None
        and latest["key_id"] == key_id
        and (latest["state"] == KeyRotation.State.FINISHED or latest["phase"] == "prune")
    )


def hash_keys_in_use() -> list[HashKey]:
    """The keys digests are written and looked up under, the current key first."""
    current, previous = current_hash_key(), previous_hash_key()
    if previous is None or previous.id == current.id or rehash_done(current.id):
        return [current]
    return [current, previous]


def keyed_hashes_in_use(purpose: str, value: str, *, length: int = 32) -> list[tuple[str, str]]:
    """``(key id, digest)`` of ``value`` under each hash key in use: the rows to store for it,
    and the digests to look it up by (for an app whose digests are one value each)."""
    return [
        (key.id, keyed_hash(purpose, value, length=length, key=key)) for key in hash_keys_in_use()
    ]
