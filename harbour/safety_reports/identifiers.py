"""Normalising what identifies the individual reported, so reports written differently link.

- **Phone numbers** become their national significant number: ``07700 900123``,
  ``+44 7700 900123``, ``0044 7700 900123`` and ``7700900123`` are all ``7700900123``.
- **Vehicle registrations** lose spaces and punctuation and are upper-cased: ``AB12 CDE`` and
  ``ab12cde`` are both ``AB12CDE``.
- **Online handles** lose a leading ``@`` and are lower-cased.

Each normalised value is kept only as a keyed hash (``harbour.core.crypto.keyed_hash``, under a
purpose of its own per kind) beside the encrypted report, under each hash key in use
(``harbour.keys.hashes``): during a rotation of the hash key a report is linked under either.
"""

from __future__ import annotations

import re

from harbour.keys.hashes import keyed_hashes_in_use
from harbour.safety_reports.choices import IdentifierKind

_NOT_DIGIT = re.compile(r"\D")
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")
_SPACE = re.compile(r"\s+")


def phone_normalise(value: str) -> str:
    digits = _NOT_DIGIT.sub("", value)
    if digits.startswith("0044"):
        digits = digits[4:]
    elif digits.startswith("44") and len(digits) == 12:
        digits = digits[2:]
    if digits.startswith("0"):
        digits = digits[1:]
    return digits


def registration_normalise(value: str) -> str:
    return _NOT_ALNUM.sub("", value).upper()


def handle_normalise(value: str) -> str:
    return _SPACE.sub("", value).lstrip("@").lower()


NORMALISERS = {
    IdentifierKind.PHONE: phone_normalise,
    IdentifierKind.REGISTRATION: registration_normalise,
    IdentifierKind.HANDLE: handle_normalise,
}


def identifier_digests(kind: str, value: str) -> list[tuple[str, str]]:
    """``(key id, keyed hash)`` of ``value`` normalised as ``kind``, under each hash key in
    use; none when nothing is left."""
    normalised = NORMALISERS[kind](value)
    if not normalised:
        return []
    return keyed_hashes_in_use(f"safety_reports.{kind}", normalised)


def split_lines(text: str) -> list[str]:
    """One value a line (or separated by commas), blanks dropped."""
    parts = re.split(r"[\n,;]", text or "")
    return [part.strip() for part in parts if part.strip()]
