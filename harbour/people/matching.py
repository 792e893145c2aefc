"""Finding a person again without plaintext: normalisation, keyed hashes and scoring.

Pure functions, no database. ``harbour.people.services.person_duplicate_check`` and the bench
use them. What the hashes reveal, and why that is acceptable, is decision 0008.

Keys kept for every person (one row per digest in ``MatchKey``):

- exact keys: HMAC of normalised given name, family name and date of birth (one for each
  name she is known by), of the normalised phone number, of the normalised email address;
- blocking keys, which put similar people under the same digest so that a handful of records
  can be decrypted and compared:
  - Soundex of the family name with the unordered date of birth (year, and day and month in
    either order: a swapped day and month gives the same key);
  - Metaphone of the given name with the unordered date of birth (catches a misspelt or
    changed family name);
  - Soundex of the family name with the given name's initial and the birth year (catches a
    wrong day or month).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import jellyfish

from harbour.core.crypto import keyed_hash


class KeyKind:
    NAME_DOB = "name_dob"
    PHONE = "phone"
    EMAIL = "email"
    FAMILY_SOUND_DOB = "family_sound_dob"
    GIVEN_SOUND_DOB = "given_sound_dob"
    FAMILY_INITIAL_YEAR = "family_initial_year"

    EXACT = frozenset({NAME_DOB, PHONE, EMAIL})
    ALL = (NAME_DOB, PHONE, EMAIL, FAMILY_SOUND_DOB, GIVEN_SOUND_DOB, FAMILY_INITIAL_YEAR)


# Normalisation ---------------------------------------------------------------------------------

_NOT_LETTER = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")


def normalise_name(text: str) -> str:
    """Lower case, accents removed, punctuation dropped, hyphens as spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    ascii_only = ascii_only.replace("-", " ").replace("'", "").replace("\u2019", "")
    return _SPACES.sub(" ", _NOT_LETTER.sub("", ascii_only)).strip()


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
    """("Jane Ann", "Doe") from "Jane Ann Doe"; a single word is a family name."""
    parts = normalise_name(text).split(" ")
    parts = [p for p in parts if p]
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


def given_sound(given: str) -> str:
    first = normalise_name(given).split(" ")[0] if given else ""
    return jellyfish.metaphone(first).upper() if first else ""


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


@dataclass(frozen=True)
class Key:
    kind: str
    digest: str


def _key(kind: str, value: str) -> Key:
    return Key(kind=kind, digest=keyed_hash(f"people.{kind}", value))


def identity_keys(identity: Identity, *, lookup: bool = False) -> list[Key]:
    """Every keyed hash kept for an identity, without repeats.

    With ``lookup`` (a duplicate check), also the keys of the typed name with given and family
    names the other way round, a common slip on forms.
    """
    keys: dict[str, Key] = {}

    def add(key: Key) -> None:
        keys.setdefault(key.digest, key)

    dob = identity.date_of_birth
    names = list(identity.names)
    if lookup and names and names[0][0]:
        given, family = names[0]
        names.append((family, given))
    for given, family in names:
        if not family:
            continue
        f_sound = family_sound(family)
        g_sound = given_sound(given)
        if dob is not None:
            add(_key(KeyKind.NAME_DOB, f"{_compact(given)}|{_compact(family)}|{dob.isoformat()}"))
            add(_key(KeyKind.FAMILY_SOUND_DOB, f"{f_sound}|{unordered_dob(dob)}"))
            if g_sound:
                add(_key(KeyKind.GIVEN_SOUND_DOB, f"{g_sound}|{unordered_dob(dob)}"))
            if given:
                add(_key(KeyKind.FAMILY_INITIAL_YEAR, f"{f_sound}|{given[0]}|{dob.year:04d}"))
    if identity.phone:
        add(_key(KeyKind.PHONE, identity.phone))
    if identity.email:
        add(_key(KeyKind.EMAIL, identity.email))
    return list(keys.values())


# Scoring ------------------------------------------------------------------------------------------

NAME_AGREES = 0.88
DOB_AGREES = 0.7


def _name_pair_score(a: tuple[str, str], b: tuple[str, str]) -> float:
    given_a, family_a = a
    given_b, family_b = b
    family = jellyfish.jaro_winkler_similarity(_compact(family_a), _compact(family_b))
    if given_a and given_b:
        first_a, first_b = given_a.split(" ")[0], given_b.split(" ")[0]
        given = jellyfish.jaro_winkler_similarity(first_a, first_b)
        if len(first_a) == 1 or len(first_b) == 1:  # an initial agrees or it does not
            given = 1.0 if first_a[0] == first_b[0] else 0.0
    else:
        given = 0.85  # one side has no given name: neither agreement nor disagreement
    return 0.55 * family + 0.45 * given


def name_score(typed: Sequence[tuple[str, str]], stored: Sequence[tuple[str, str]]) -> float:
    """Best similarity between any two names, also trying given and family names swapped."""
    best = 0.0
    for a in typed:
        for b in stored:
            best = max(best, _name_pair_score(a, b), _name_pair_score((a[1], a[0]), b))
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
    agreeing: list[str] = field(default_factory=list)  # "name", "date_of_birth", "phone", "email"


def score_identity(typed: Identity, stored: Identity) -> MatchScore:
    """Compare what a user typed with a stored identity.

    A candidate needs at least two agreeing details (a name alone never matches, however
    common or rare), so a common name does not flood the list.
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
    return MatchScore(strength=strength, score=score, agreeing=agreeing)
