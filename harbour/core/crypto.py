"""Encryption of special-category fields and keyed hashes (blind indexes).

Field values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256) under the keys in
``settings.HARBOUR_FIELD_KEYS``, newest first: the first key encrypts, every key decrypts, so a
key can be rotated by putting a new key first and re-encrypting rows (see ``docs/people.md``).

Records are found again without plaintext through keyed hashes: HMAC-SHA256 under
``settings.HARBOUR_HASH_KEY`` of a normalised value, separated by purpose so that two purposes
never produce comparable digests. Without the hash key a digest cannot be recomputed from a
guessed value.

Every key has a **key id**: a short fingerprint of the key (a hash of it under its own label,
which tells nothing about the key), stored beside each digest so that a rotation knows which
rows were made under which key. During a rotation of the hash key the key that was replaced
stays readable as ``settings.HARBOUR_HASH_KEY_PREVIOUS`` (see ``harbour.keys``).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = [
    "DecryptionError",
    "HashKey",
    "current_field_key_id",
    "current_hash_key",
    "decrypt_text",
    "encrypt_text",
    "field_key_id",
    "hash_key",
    "is_current_token",
    "keyed_hash",
    "keyed_hash_matches",
    "previous_hash_key",
    "rotate_token",
]


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@lru_cache(maxsize=4)
def _fernets(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    fernets = [Fernet(key) for key in keys]
    return MultiFernet(fernets), fernets[0]


def _current() -> tuple[MultiFernet, Fernet]:
    return _fernets(tuple(settings.HARBOUR_FIELD_KEYS))


def encrypt_text(value: str) -> str:
    """A Fernet token (ASCII) for ``value``, under the newest key."""
    return _current()[0].encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return _current()[0].decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise DecryptionError(
            "A stored value cannot be decrypted with the configured keys."
        ) from exc


def is_current_token(token: str) -> bool:
    """True when ``token`` was encrypted under the newest key (no re-encryption needed)."""
    try:
        _current()[1].decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def rotate_token(token: str) -> str:
    """Re-encrypt ``token`` under the newest key (its timestamp is kept)."""
    try:
        return _current()[0].rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError) as exc:
        raise DecryptionError(
            "A stored value cannot be decrypted with the configured keys."
        ) from exc


def _key_id(label: bytes, key: str) -> str:
    return hashlib.sha256(b"harbour key id\x00" + label + b"\x00" + key.encode()).hexdigest()[:12]


def field_key_id(key: str) -> str:
    """The id of a field key (12 hex characters): recorded by a re-encryption, never secret."""
    return _key_id(b"field", key)


def current_field_key_id() -> str:
    """The id of the key new field values are encrypted under (the first of the field keys)."""
    return field_key_id(settings.HARBOUR_FIELD_KEYS[0])


@dataclass(frozen=True)
class HashKey:
    """A hash key as it is used: its id (stored beside each digest) and the derived HMAC key."""

    id: str
    secret: bytes

    def __repr__(self) -> str:  # never the secret, in a log or a traceback
        return f"HashKey({self.id})"


@lru_cache(maxsize=8)
def hash_key(key: str) -> HashKey:
    return HashKey(
        id=_key_id(b"hash", key),
        secret=hashlib.sha256(b"harbour keyed hash v1\x00" + key.encode("utf-8")).digest(),
    )


def current_hash_key() -> HashKey:
    """The key digests are written under: ``HARBOUR_HASH_KEY``."""
    return hash_key(settings.HARBOUR_HASH_KEY)


def previous_hash_key() -> HashKey | None:
    """The key being rotated away from (``HARBOUR_HASH_KEY_PREVIOUS``), while it is set."""
    previous = getattr(settings, "HARBOUR_HASH_KEY_PREVIOUS", "")
    return hash_key(previous) if previous else None


def keyed_hash(purpose: str, value: str, *, length: int = 32, key: HashKey | None = None) -> str:
    """HMAC-SHA256 of ``value`` for ``purpose``, as ``length`` hex characters, under ``key``
    (the current hash key unless another is given).

    ``purpose`` (for example ``"person.name_dob"``) separates uses of the key: the same value
    hashed for two purposes gives unrelated digests.
    """
    if not 16 <= length <= 64:
        raise ValueError("length must be between 16 and 64 hex characters")
    message = purpose.encode("utf-8") + b"\x00" + value.encode("utf-8")
    secret = (key or current_hash_key()).secret
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:length]


def keyed_hash_matches(purpose: str, value: str, digest: str) -> bool:
    """Whether ``digest`` is the keyed hash of ``value`` under the current key or, during a
    rotation, the previous one (a form filled in before a node changed keys still checks)."""
    if not digest:
        return False
    keys = [current_hash_key(), previous_hash_key()]
    return any(
        hmac.compare_digest(digest, keyed_hash(purpose, value, length=len(digest), key=key))
        for key in keys
        if key is not None and 16 <= len(digest) <= 64
    )
