"""Encryption of special-category fields and keyed hashes (blind indexes).

Field values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256) under the keys in
``settings.HARBOUR_FIELD_KEYS``, newest first: the first key encrypts, every key decrypts, so a
key can be rotated by putting a new key first and re-encrypting rows (see ``docs/people.md``).

Records are found again without plaintext through keyed hashes: HMAC-SHA256 under
``settings.HARBOUR_HASH_KEY`` of a normalised value, separated by purpose so that two purposes
never produce comparable digests. Without the hash key a digest cannot be recomputed from a
guessed value.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = [
    "DecryptionError",
    "decrypt_text",
    "encrypt_text",
    "is_current_token",
    "keyed_hash",
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


@lru_cache(maxsize=4)
def _hash_key(key: str) -> bytes:
    return hashlib.sha256(b"harbour keyed hash v1\x00" + key.encode("utf-8")).digest()


def keyed_hash(purpose: str, value: str, *, length: int = 32) -> str:
    """HMAC-SHA256 of ``value`` for ``purpose``, as ``length`` hex characters.

    ``purpose`` (for example ``"person.name_dob"``) separates uses of the key: the same value
    hashed for two purposes gives unrelated digests.
    """
    if not 16 <= length <= 64:
        raise ValueError("length must be between 16 and 64 hex characters")
    message = purpose.encode("utf-8") + b"\x00" + value.encode("utf-8")
    return hmac.new(_hash_key(settings.HARBOUR_HASH_KEY), message, hashlib.sha256).hexdigest()[
        :length
    ]
