"""Names as the matcher sees them: any script to Latin letters, words, variants, sound codes.

Pure functions, no database. ``harbour.people.matching`` builds keyed hashes and scores from
them.

- **Script.** A name typed in Cyrillic, Greek, Chinese... is transliterated letter by letter
  with ``anyascii`` (ISC licence) before anything else, so "Олена Коваленко" is "olena
  kovalenko". Arabic script usually leaves short vowels unwritten, so the commonest names in
  it are looked up whole (``name_variants.ARABIC``) before falling back to ``anyascii``.
- **Words.** Lower case, accents dropped, apostrophes dropped ("O'Brien" is "obrien"),
  hyphens and other punctuation split words ("Okonkwo-Abara" is "okonkwo abara").
- **Variants.** Short forms and nicknames (Liz, Beth, Lizzie for Elizabeth) and spellings of
  one name (Mohammed, Muhammad; Aleksandra, Alexandra) from the hand-written tables in
  ``name_variants``: each word has its own canonical forms.
- **Sound.** Metaphone codes (``jellyfish``), so "Smyth" sounds like "Smith" and
  "Catherine" like "Kathryn".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jellyfish
from anyascii import anyascii

from harbour.people.name_variants import ARABIC, NICKNAMES, SPELLINGS, groups

# Words that begin a family name in several traditions and say little on their own.
PARTICLES = frozenset(
    {
        "al", "el", "bin", "bint", "ibn", "abu", "de", "da", "del", "della", "der", "den",
        "di", "du", "la", "le", "van", "von", "o",
    }
)  # fmt: skip

_ARABIC_LETTERS = re.compile(r"[\u0600-\u06ff]")
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # short vowels, shadda, tatweel
_APOSTROPHES = re.compile(r"['\u2019\u2018`\u02bc]")
_NOT_LETTER = re.compile(r"[^a-z]+")


def _arabic_word(word: str) -> str:
    bare = _ARABIC_MARKS.sub("", word)
    if bare in ARABIC:
        return ARABIC[bare]
    if bare.startswith("ال") and bare[2:] in ARABIC:  # the article written on to the name
        return "al " + ARABIC[bare[2:]]
    if bare.startswith("عبد") and bare[3:] in ARABIC:  # Abd ar-Rahman written as one word
        return "abd " + ARABIC[bare[3:]]
    return anyascii(bare)


def to_latin(text: str) -> str:
    """The text in Latin letters (accents and other marks kept for :func:`words` to drop)."""
    text = unicodedata.normalize("NFKC", text or "")
    if _ARABIC_LETTERS.search(text):
        text = " ".join(_arabic_word(w) if _ARABIC_LETTERS.search(w) else w for w in text.split())
    return anyascii(text)


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """The words of a name, lower case a to z: "Siobhán O'Brien-Walsh" is
    ("siobhan", "obrien", "walsh")."""
    latin = _APOSTROPHES.sub("", to_latin(text)).lower()
    return tuple(w for w in _NOT_LETTER.split(latin) if w)


def normalise_name(text: str) -> str:
    """Words of a name joined by single spaces (see :func:`words`)."""
    return " ".join(words(text))


# Variants ---------------------------------------------------------------------------------------


def _canonical_table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for group in groups(NICKNAMES) + groups(SPELLINGS):
        for word in group:
            table.setdefault(word, set()).add(group[0])
    return {word: frozenset(forms) for word, forms in table.items()}


_CANONICAL = _canonical_table()


def canonical_forms(word: str) -> frozenset[str]:
    """The word and the canonical form of every group of names it belongs to."""
    return _CANONICAL.get(word, frozenset()) | {word}


def same_name(a: str, b: str) -> bool:
    """Two words are the same name by the tables (a short form, a nickname, a spelling)."""
    return bool(canonical_forms(a) & canonical_forms(b))


@lru_cache(maxsize=65536)
def sound(word: str) -> str:
    """The Metaphone code of a word (at most 8 letters); the word itself if it has none."""
    code = jellyfish.metaphone(word).upper()[:8] if word else ""
    return code or word.upper()


@lru_cache(maxsize=65536)
def sounds(word: str) -> frozenset[str]:
    """Sound codes of the word and of its canonical forms."""
    return frozenset(sound(form) for form in canonical_forms(word))


# Parts of a name used for keys -------------------------------------------------------------------


def key_words(name: str, *, compact: bool) -> tuple[str, ...]:
    """The words of a given or family name that keys are built on: each word that is not a
    particle and, with ``compact`` (family names), also the whole name written as one word,
    so "Okonkwo-Abara" gives ("okonkwoabara", "okonkwo", "abara")."""
    parts = words(name)
    kept = [w for w in parts if w not in PARTICLES and len(w) > 1] or list(parts)
    out: list[str] = []
    if compact and len(parts) > 1:
        out.append("".join(parts))
    for word in kept:
        if word not in out:
            out.append(word)
    return tuple(out)


# Similarity -------------------------------------------------------------------------------------

SAME_NAME = 0.95  # a short form, nickname or other spelling of the same name
SAME_SOUND = 0.93  # different letters, same Metaphone code
PART_OF_FAMILY_NAME = 0.96  # one part of a double-barrelled or hyphenated family name


@lru_cache(maxsize=262144)
def word_similarity(a: str, b: str) -> float:
    """How alike two words are, from 0 to 1: equal, the same name, the same sound, or
    Jaro–Winkler similarity of their letters (typing slips)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    best = jellyfish.jaro_winkler_similarity(a, b)
    if same_name(a, b):
        best = max(best, SAME_NAME)
    if sounds(a) & sounds(b):
        best = max(best, SAME_SOUND)
    return best


def family_similarity(typed: str, stored: str) -> float:
    """Family names: whole names compared without spaces, or one part of a double-barrelled
    name (typed "Okonkwo" for "Okonkwo-Abara", or the other way round)."""
    typed_words, stored_words = words(typed), words(stored)
    if not typed_words or not stored_words:
        return 0.0
    best = word_similarity("".join(typed_words), "".join(stored_words))
    if len(typed_words) > 1 or len(stored_words) > 1:
        for a in key_words(typed, compact=True):
            for b in key_words(stored, compact=True):
                best = max(best, word_similarity(a, b) * PART_OF_FAMILY_NAME)
    return best


def given_similarity(typed: str, stored: str) -> float | None:
    """Given names: the first typed word against each stored given name (a middle name
    counts a little less); an initial agrees or it does not. None when either is missing."""
    typed_words, stored_words = words(typed), words(stored)
    if not typed_words or not stored_words:
        return None
    first = typed_words[0]
    best = 0.0
    for position, word in enumerate(stored_words):
        if len(first) == 1 or len(word) == 1:
            score = 1.0 if first[0] == word[0] else 0.0
        else:
            score = word_similarity(first, word)
        best = max(best, score if position == 0 else score * 0.95)
    return best


def name_similarity(typed: tuple[str, str], stored: tuple[str, str]) -> float:
    """How alike two names (given, family) are, from 0 to 1, also trying the typed given and
    family names the other way round (a common slip on forms)."""

    def pair(given: str, family: str) -> float:
        family_score = family_similarity(family, stored[1])
        given_score = given_similarity(given, stored[0])
        if given_score is None:  # one side has no given name: neither agrees nor disagrees
            given_score = 0.85
        return 0.55 * family_score + 0.45 * given_score

    best = pair(typed[0], typed[1])
    if typed[0]:
        best = max(best, pair(typed[1], typed[0]))
    return best


def splits(text: str) -> list[tuple[str, str]]:
    """Ways to read a name typed in one box as (given, family): the last word as the family
    name, or the first; a double-barrelled family name may take the last two words."""
    parts = words(text)
    if not parts:
        return []
    if len(parts) == 1:
        return [("", parts[0])]
    options = [
        (" ".join(parts[:-1]), parts[-1]),
        (" ".join(parts[1:]), parts[0]),
    ]
    if len(parts) > 2:
        options.append((" ".join(parts[:-2]), " ".join(parts[-2:])))
    return options
