"""Finding a person again without plaintext: normalisation, keyed hashes and scoring.

Pure functions, no database. ``harbour.people.services`` (the duplicate check),
``harbour.people.queries`` (name search) and the benches use them. Names are read through
``harbour.people.names`` (any script to Latin letters, variants, sound codes). What the hashes
reveal, and why that is acceptable, is decision 0008.

Keys kept for every person (one row per digest in ``MatchKey``):

- exact keys: HMAC of normalised given name, family name and date of birth (one for each
  name she is known by), of the normalised phone number, of the normalised email address;
- blocking keys for the duplicate check, which put similar people under the same digest so
  that a handful of records can be decrypted and compared, each paired with her date of birth:
  - Soundex of the family name (and of each part of a double-barrelled one) with the
    unordered date of birth (year, and day and month in either order);
  - Metaphone of the given name (and of its canonical forms: Liz is Elizabeth) with the
    unordered date of birth (catches a misspelt or changed family name);
  - Soundex of the family name with the given name's initial and the birth year (catches a
    wrong day or month);
- name buckets for name search, which never hold a name alone: the Metaphone codes of a given
  name and a family name together (in either order), hashed and then **truncated** so that
  many different names share each bucket (``name_pair``); and the same with one letter
  dropped from either code, for typing slips (``name_near``), truncated more finely.

Every key is made under one hash key (``harbour.core.crypto.HashKey``) and carries its id. The
functions take ``hash_keys``: the keys to make them under (by default the current key alone);
during a rotation of the hash key, callers pass ``harbour.keys.hashes.hash_keys_in_use()``, so
that records are written, and looked up, under both keys until the rehash has finished.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import jellyfish
from django.conf import settings

from harbour.core.crypto import HashKey, current_hash_key, keyed_hash
from harbour.people.names import (
    canonical_forms,
    given_similarity,
    key_words,
    name_similarity,
    normalise_name,
    sounds,
    words,
)

__all__ = [
    "Identity",
    "Key",
    "KeyKind",
    "MatchScore",
    "Strength",
    "check_keys",
    "dob_score",
    "identity_keys",
    "identity_keys_under",
    "identity_of",
    "name_buckets",
    "name_score",
    "normalise_email",
    "normalise_name",
    "normalise_phone",
    "score_identity",
    "split_full_name",
]


class KeyKind:
    NAME_DOB = "name_dob"
    PHONE = "phone"
    EMAIL = "email"
    FAMILY_SOUND_DOB = "family_sound_dob"
    GIVEN_SOUND_DOB = "given_sound_dob"
    FAMILY_INITIAL_YEAR = "family_initial_year"
    NAME_PAIR = "name_pair"
    NAME_NEAR = "name_near"

    EXACT = frozenset({NAME_DOB, PHONE, EMAIL})
    CHECK = (NAME_DOB, PHONE, EMAIL, FAMILY_SOUND_DOB, GIVEN_SOUND_DOB, FAMILY_INITIAL_YEAR)
    NAME = (NAME_PAIR, NAME_NEAR)
    ALL = (*CHECK, *NAME)


# Normalisation ---------------------------------------------------------------------------------


def normalise_phone(text: str) -> str:
    """Digits only, in UK national form (+44 7700 900123 -> 07700900123)."""
    digits = re.sub(r"\D", "", text or "")
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and len(digits) == 12:
        digits = "0" + digits[2:]
    return digits if len(digits) >= 7 else ""


def normalise_email(text: str) -> str:
    text = (text or "").strip().lower()
    return text if "@" in text else ""


def split_full_name(text: str) -> tuple[str, str]:
    """("jane ann", "doe") from "Jane Ann Doe"; a single word is a family name."""
    parts = words(text)
    if not parts:
        return "", ""
    if len(parts) == 1:
        return "", parts[0]
    return " ".join(parts[:-1]), parts[-1]


def _compact(name: str) -> str:
    return name.replace(" ", "")


def family_sound(family: str) -> str:
    compact = _compact(normalise_name(family))
    return jellyfish.soundex(compact) if compact else ""


def _family_sounds(family: str) -> list[str]:
    """Soundex of the family name and of each part of a double-barrelled one."""
    return list(dict.fromkeys(jellyfish.soundex(w) for w in key_words(family, compact=True)))


def _given_sounds(given: str) -> list[str]:
    """Metaphone codes of the first given name and of its canonical forms."""
    first = words(given)[:1]
    return sorted(sounds(first[0])) if first else []


def _given_initials(given: str) -> list[str]:
    first = words(given)[:1]
    if not first:
        return []
    return sorted({form[0] for form in canonical_forms(first[0])})


def unordered_dob(dob: datetime.date) -> str:
    low, high = sorted((dob.day, dob.month))
    return f"{dob.year:04d}|{low:02d}|{high:02d}"


# Identity and keys ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """What is compared: every name she is known by, her date of birth, phone and email."""

    names: tuple[tuple[str, str], ...]  # (given, family), normalised; the first is her name
    date_of_birth: datetime.date | None = None
    phone: str = ""
    email: str = ""

    @classmethod
    def build(
        cls,
        *,
        given_name: str,
        family_name: str,
        other_names: Iterable[str] = (),
        date_of_birth: datetime.date | None = None,
        phone: str = "",
        email: str = "",
    ) -> Identity:
        names = [(normalise_name(given_name), normalise_name(family_name))]
        for other in other_names or ():
            split = split_full_name(other)
            if split[1] and split not in names:
                names.append(split)
        return cls(
            names=tuple(names),
            date_of_birth=date_of_birth,
            phone=normalise_phone(phone),
            email=normalise_email(email),
        )


def identity_of(person) -> Identity:
    """The identity of a person record (any object with her decrypted fields)."""
    return Identity.build(
        given_name=person.given_name,
        family_name=person.family_name,
        other_names=person.other_names,
        date_of_birth=person.date_of_birth,
        phone=person.phone,
        email=person.email,
    )


@dataclass(frozen=True)
class Key:
    kind: str
    digest: str
    key_id: str = ""  # the id of the hash key it was made under


def _key(kind: str, value: str, key: HashKey) -> Key:
    return Key(kind=kind, digest=keyed_hash(f"people.{kind}", value, key=key), key_id=key.id)


def _hash_keys(hash_keys: Sequence[HashKey] | None) -> Sequence[HashKey]:
    return hash_keys or (current_hash_key(),)


def name_bucket_bits() -> int:
    """Bits kept of a name bucket's hash: 2**bits buckets of name pairs (see decision 0008)."""
    return int(getattr(settings, "HARBOUR_PEOPLE_NAME_BUCKET_BITS", 17))


# Slips are looked for among eight times as many buckets: there are about that many more keys.
NEAR_EXTRA_BITS = 3
_BUCKET_TAGS = {KeyKind.NAME_PAIR: "np", KeyKind.NAME_NEAR: "nn"}


def _bucket(kind: str, value: str, bits: int, key: HashKey) -> Key:
    """A deliberately colliding key: the keyed hash cut to ``bits`` bits."""
    full = int(keyed_hash(f"people.{kind}", value, length=16, key=key), 16)
    return Key(kind=kind, digest=f"{_BUCKET_TAGS[kind]}:{full >> (64 - bits):x}", key_id=key.id)


def _dropped(code: str) -> set[str]:
    """The code with one letter left out (each letter in turn), for codes of two or more."""
    if len(code) < 2:
        return set()
    return {code[:i] + code[i + 1 :] for i in range(len(code))}


def _pairs(names: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Unordered pairs of sound codes (given, family) of every name: the first given name with
    its variants, other given names as they are, each part of a family name."""
    pairs: set[tuple[str, str]] = set()
    for given, family in names:
        given_words = key_words(given, compact=False)
        if not given_words or not family:
            continue
        given_codes = set(sounds(given_words[0]))
        for word in given_words[1:]:
            given_codes |= sounds(word) if len(word) > 1 else set()
        family_codes: set[str] = set()
        for word in key_words(family, compact=True):
            family_codes |= sounds(word)
        for g in given_codes:
            for f in family_codes:
                pairs.add((min(g, f), max(g, f)))
    return pairs


@dataclass(frozen=True)
class NameBuckets:
    pair: tuple[Key, ...]  # exact sound codes
    near: tuple[Key, ...]  # also with a letter dropped from one code

    @property
    def all(self) -> tuple[Key, ...]:
        return self.pair + self.near


def name_buckets(
    names: Iterable[tuple[str, str]],
    *,
    bits: int | None = None,
    hash_keys: Sequence[HashKey] | None = None,
) -> NameBuckets:
    """The name buckets of some names (given, family): stored for a person, or looked up by a
    name search (with every reading of what was typed), under each of ``hash_keys``."""
    bits = bits or name_bucket_bits()
    hash_keys = _hash_keys(hash_keys)
    pairs = _pairs(names)
    pair_keys = {
        _bucket(KeyKind.NAME_PAIR, f"{a}|{b}", bits, key) for a, b in pairs for key in hash_keys
    }
    near_values: set[tuple[str, str]] = set()
    for a, b in pairs:
        near_values.add((a, b))
        for d in _dropped(a):
            near_values.add((min(d, b), max(d, b)))
        for d in _dropped(b):
            near_values.add((min(a, d), max(a, d)))
    near_keys = {
        _bucket(KeyKind.NAME_NEAR, f"{a}|{b}", bits + NEAR_EXTRA_BITS, key)
        for a, b in near_values
        for key in hash_keys
    }
    return NameBuckets(
        pair=tuple(sorted(pair_keys, key=lambda k: (k.digest, k.key_id))),
        near=tuple(sorted(near_keys, key=lambda k: (k.digest, k.key_id))),
    )


def check_keys(
    identity: Identity, *, lookup: bool = False, hash_keys: Sequence[HashKey] | None = None
) -> list[Key]:
    """The duplicate check's keys: exact keys, and blocking keys paired with the date of birth,
    under each of ``hash_keys``.

    With ``lookup`` (a check), also the keys of the typed name with given and family names the
    other way round, a common slip on forms.
    """
    keys: dict[tuple[str, str], Key] = {}
    for hash_key in _hash_keys(hash_keys):
        for key in _check_keys(identity, lookup=lookup, hash_key=hash_key):
            keys.setdefault((key.digest, key.key_id), key)
    return list(keys.values())


def _check_keys(identity: Identity, *, lookup: bool, hash_key: HashKey) -> list[Key]:
    keys: dict[str, Key] = {}

    def add(kind: str, value: str) -> None:
        key = _key(kind, value, hash_key)
        keys.setdefault(key.digest, key)

    dob = identity.date_of_birth
    names = list(identity.names)
    if lookup and names and names[0][0]:
        given, family = names[0]
        names.append((family, given))
    for given, family in names:
        if not family or dob is None:
            continue
        udob = unordered_dob(dob)
        add(KeyKind.NAME_DOB, f"{_compact(given)}|{_compact(family)}|{dob.isoformat()}")
        for f_sound in _family_sounds(family):
            add(KeyKind.FAMILY_SOUND_DOB, f"{f_sound}|{udob}")
            for initial in _given_initials(given):
                add(KeyKind.FAMILY_INITIAL_YEAR, f"{f_sound}|{initial}|{dob.year:04d}")
        for g_sound in _given_sounds(given):
            add(KeyKind.GIVEN_SOUND_DOB, f"{g_sound}|{udob}")
    if identity.phone:
        add(KeyKind.PHONE, identity.phone)
    if identity.email:
        add(KeyKind.EMAIL, identity.email)
    return list(keys.values())


def identity_keys(identity: Identity, *, hash_keys: Sequence[HashKey] | None = None) -> list[Key]:
    """Every keyed hash kept for a person: the duplicate check's keys and her name buckets,
    under each of ``hash_keys``.

    One key per digest: when a truncated name bucket happens to be the same under two hash
    keys, it is kept once, with the id of the first key (the current one), so that it stays
    when the digests under the other key are deleted, and is still found under either."""
    keys: dict[str, Key] = {}
    for hash_key in _hash_keys(hash_keys):
        for key in identity_keys_under(identity, hash_key):
            keys.setdefault(key.digest, key)
    return list(keys.values())


def identity_keys_under(identity: Identity, hash_key: HashKey) -> list[Key]:
    return [
        *_check_keys(identity, lookup=False, hash_key=hash_key),
        *name_buckets(identity.names, hash_keys=(hash_key,)).all,
    ]


# Scoring ------------------------------------------------------------------------------------------

NAME_AGREES = 0.88
DOB_AGREES = 0.7


def name_score(typed: Sequence[tuple[str, str]], stored: Sequence[tuple[str, str]]) -> float:
    """Best similarity between any two names, also trying given and family names swapped
    (see :func:`harbour.people.names.name_similarity`)."""
    best = 0.0
    for a in typed:
        for b in stored:
            best = max(best, name_similarity(a, b))
    return best


def given_name_score(typed: Sequence[tuple[str, str]], stored: Sequence[tuple[str, str]]) -> float:
    """Best similarity of the given names alone (her family name may have changed)."""
    best = 0.0
    for a in typed[:1]:
        for b in stored:
            best = max(best, given_similarity(a[0], b[0]) or 0.0)
    return best


def dob_score(a: datetime.date | None, b: datetime.date | None) -> float:
    """1 exact; 0.9 day and month swapped; 0.75 one part differs by a digit or a year."""
    if a is None or b is None:
        return 0.0
    if a == b:
        return 1.0
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return 0.9
    same = sum((a.year == b.year, a.month == b.month, a.day == b.day))
    if same == 2:
        if a.year != b.year and abs(a.year - b.year) in (1, 10):
            return 0.75
        if a.day != b.day and _one_digit_apart(a.day, b.day):
            return 0.75
        if a.month != b.month and _one_digit_apart(a.month, b.month):
            return 0.75
    return 0.0


def _one_digit_apart(x: int, y: int) -> bool:
    sx, sy = f"{x:02d}", f"{y:02d}"
    return sum(c1 != c2 for c1, c2 in zip(sx, sy, strict=True)) == 1 or sx == sy[::-1]


class Strength:
    LIKELY = "likely"
    POSSIBLE = "possible"


@dataclass
class MatchScore:
    strength: str | None
    score: float
    # "name", "given_name", "date_of_birth", "phone", "email"
    agreeing: list[str] = field(default_factory=list)


GIVEN_AGREES = 0.93


def score_identity(typed: Identity, stored: Identity) -> MatchScore:
    """Compare what a user typed with a stored identity.

    A candidate needs at least two agreeing details (a name alone never matches, however
    common or rare), so a common name does not flood the list. When the family names differ
    (a changed surname), the given name counts as the name if a phone number or an email
    address agrees too (a given name and a birthday alone are shared by too many people).
    """
    names = name_score(typed.names, stored.names)
    dob = dob_score(typed.date_of_birth, stored.date_of_birth)
    agreeing = []
    if names >= NAME_AGREES:
        agreeing.append("name")
    if dob >= DOB_AGREES:
        agreeing.append("date_of_birth")
    if typed.phone and typed.phone == stored.phone:
        agreeing.append("phone")
    if typed.email and typed.email == stored.email:
        agreeing.append("email")
    contact = "phone" in agreeing or "email" in agreeing
    score = names * 0.5 + dob * 0.3 + (0.2 if contact else 0.0)
    strength = None
    if len(agreeing) >= 2 and (names >= 0.7 or len(agreeing) >= 3):
        if len(agreeing) >= 3 or (names >= 0.96 and dob == 1.0):
            strength = Strength.LIKELY
        else:
            strength = Strength.POSSIBLE
    elif (
        "name" not in agreeing
        and contact
        and given_name_score(typed.names, stored.names) >= GIVEN_AGREES
    ):
        agreeing.insert(0, "given_name")
        strength = Strength.LIKELY if dob == 1.0 else Strength.POSSIBLE
    return MatchScore(strength=strength, score=score, agreeing=agreeing)
