"""Personal details taken out of free text before anyone analyses it.

Found by pattern: email addresses, phone numbers, postcodes, street addresses and flat numbers,
full dates (a day, a month and a year: most often a date of birth). Found by list and context:
names, from Harbour's own synthetic name lists (``data/given_names.txt``,
``data/family_names.txt``) and from what comes before a word ("my name is", "called", "Mrs", "my
ex"), so that a name missing from the lists is still found where the sentence says it is one.
Names that are also ordinary words (Hope, May, Brown) are taken out only with such context.

Each detail becomes a marker such as ``[name]``; the kinds found are counted, never kept.
The recall goal (at least 0.95 on the hand-labelled set in ``tests/data/``) and the precision
measured are in the README and ``docs/consultations.md``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

NAME = "name"
EMAIL = "email"
PHONE = "phone"
POSTCODE = "postcode"
ADDRESS = "address"
DATE = "date"

MARKERS = {
    NAME: "[name]",
    EMAIL: "[email]",
    PHONE: "[phone]",
    POSTCODE: "[postcode]",
    ADDRESS: "[address]",
    DATE: "[date]",
}
KIND_LABELS = {
    NAME: _("Names"),
    EMAIL: _("Email addresses"),
    PHONE: _("Phone numbers"),
    POSTCODE: _("Postcodes"),
    ADDRESS: _("Addresses"),
    DATE: _("Dates"),
}

_DATA = Path(__file__).parent / "data"

# Names that are also everyday English words: taken out only with context.
_AMBIGUOUS = {
    "amber",
    "april",
    "august",
    "bill",
    "black",
    "bell",
    "brown",
    "bush",
    "cook",
    "dawn",
    "faith",
    "frank",
    "green",
    "grace",
    "hall",
    "hill",
    "holly",
    "hope",
    "ivy",
    "iris",
    "jade",
    "joy",
    "june",
    "king",
    "lily",
    "long",
    "mark",
    "may",
    "miles",
    "pearl",
    "rose",
    "ruby",
    "sky",
    "summer",
    "will",
    "white",
    "wood",
    "young",
    "park",
    "baker",
    "ward",
    "little",
    "price",
    "page",
    "rich",
    "sunny",
    "violet",
    "daisy",
    "star",
    "hunter",
    "mason",
    "carter",
    "fisher",
    "turner",
    "walker",
    "cooper",
    "taylor",
    "mo",
    "ali",
    "islam",
    "asia",
    "china",
    "victoria",
    "chelsea",
    "paris",
    "florence",
    "jordan",
    "sharon",
    "dean",
    "guy",
    "jack",
    "so",
    "an",
    "do",
    "eve",
    "ken",
    "ray",
    "gay",
    "drew",
    "chase",
    "reed",
    "english",
    "scott",
    "gill",
    "job",
    "nick",
    "pat",
    "sue",
    "don",
    "rob",
    "art",
    "lane",
    "ma",
    "bo",
    "cal",
    "sam",
}


@cache
def _names(filename: str) -> frozenset[str]:
    lines = (_DATA / filename).read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def given_names() -> frozenset[str]:
    return _names("given_names.txt")


def family_names() -> frozenset[str]:
    return _names("family_names.txt")


_WORD = r"[A-Z][a-zA-Z'’\-]+"
_EMAIL_RE = re.compile(r"[\w.+\-']+\s?@\s?[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
_EMAIL_SPOKEN_RE = re.compile(
    r"\b[\w.]+\s+(?:at|\[at\])\s+[\w\-]+\s+(?:dot|\[dot\])\s+\w+(?:\s+(?:dot|\[dot\])\s+\w+)?\b",
    re.IGNORECASE,
)
# UK numbers: 0 or +44 followed by 9 or 10 more digits, with spaces, dashes, dots or brackets.
_PHONE_RE = re.compile(
    r"(?<![\w])(?:\+\s?44\s?\(?0?\)?|0044\s?|\(?0)(?:[\s.\-()]*\d){9,10}(?![\w])"
)
_POSTCODE_RE = re.compile(
    r"\b(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE
)
_STREETS = (
    r"Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Crescent|Cres|Court|Ct|Way|Place"
    r"|Pl|Grove|Gardens|Gdns|Terrace|Walk|Row|Hill|Park|Square|Sq|Mews|View|Rise|Parade|Vale"
    r"|Green|Estate|Boulevard|Croft|Fold|Brow|Wynd"
)
_STREET_RE = re.compile(
    r"\b(?:\d{1,4}[a-zA-Z]?(?:\s?[-/]\s?\d{1,4})?,?\s+)?"
    rf"(?:{_WORD}\s+){{1,3}}(?:{_STREETS})\b\.?"
)
_NUMBERED_STREET_RE = re.compile(
    rf"\b\d{{1,4}}[a-zA-Z]?,?\s+(?:[a-zA-Z][a-zA-Z'’\-]+\s+){{1,3}}(?:{_STREETS.lower()}|{_STREETS})\b",
)
_FLAT_RE = re.compile(
    r"\b(?:flat|apartment|apt|unit|room|house)\s+(?:no\.?\s*)?\d{1,4}[a-zA-Z]?\b", re.IGNORECASE
)
_MONTHS = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
_DATE_RES = (
    re.compile(r"\b\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?:19|20)?\d{2}\b"),
    re.compile(
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+(?:19|20)\d{{2}}\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}\b", re.IGNORECASE
    ),
    re.compile(r"\b(?:19|20)\d{2}-\d{2}-\d{2}\b"),
)
# "DOB 3rd of May" and "born on 12 June" (a birthday without a year still narrows her down).
_BIRTHDAY_RE = re.compile(
    rf"\b(?:d\.?o\.?b\.?:?|date of birth:?|born(?:\s+on)?|birthday(?:\s+is)?)\s+"
    rf"(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b",
    re.IGNORECASE,
)

# Words after which the next capitalised word(s) are a name.
_NAME_CUES = re.compile(
    r"\b(?:my name is|my name's|name is|name's|i am|i'm|im|called|named|known as|"
    r"mr|mrs|ms|miss|mx|dr|pc|ds|dc|sgt|officer|inspector|sergeant|detective|constable|"
    r"my (?:ex|ex-partner|ex partner|partner|husband|ex-husband|ex husband|boyfriend|"
    r"ex-boyfriend|ex boyfriend|wife|girlfriend|son|daughter|sister|brother|mum|mother|dad|"
    r"father|friend|neighbour|caseworker|worker|idva|social worker|key worker|support worker|"
    r"solicitor|gp|doctor|abuser|stepdad|stepfather|cousin|uncle|aunt|nan|grandad)|"
    r"(?:his|her) name (?:is|was)|he is|she is|he's|she's|it was|ask for|asked for|speak to|"
    r"spoke to|talk to|talked to|signed|thanks|thank you|regards|love|from)"
    r"\.?,?\s+$",
    re.IGNORECASE,
)
_NOT_NAMES = {
    "i",
    "the",
    "a",
    "an",
    "and",
    "but",
    "he",
    "she",
    "they",
    "we",
    "it",
    "my",
    "his",
    "her",
    "police",
    "council",
    "hub",
    "idva",
    "marac",
    "nhs",
    "gp",
    "a&e",
    "court",
    "refuge",
    "liverpool",
    "knowsley",
    "sefton",
    "wirral",
    "halton",
    "st",
    "helens",
    "merseyside",
    "not",
    "so",
    "very",
    "really",
    "just",
    "still",
    "scared",
    "afraid",
    "worried",
    "fine",
    "ok",
    "okay",
    "sure",
    "sorry",
    "glad",
    "happy",
    "grateful",
    "angry",
    "tired",
    "alone",
    "in",
    "on",
    "at",
    "to",
    "from",
    "with",
    "for",
    "of",
    "by",
    "no",
    "yes",
    "all",
    "everyone",
    "everybody",
    "nobody",
    "someone",
    "there",
    "here",
    "this",
    "that",
    "these",
    "those",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "english",
    "british",
    "muslim",
    "christian",
    "jewish",
    "hindu",
    "sikh",
    "polish",
    "women",
    "woman",
    "men",
    "man",
    "mum",
    "dad",
    "social",
    "services",
    "children",
    "kirkby",
    "huyton",
    "prescot",
    "halewood",
    "bootle",
    "crosby",
    "southport",
    "formby",
    "maghull",
    "birkenhead",
    "wallasey",
    "bebington",
    "heswall",
    "widnes",
    "runcorn",
    "newton",
    "haydock",
    "rainhill",
    "speke",
    "everton",
    "anfield",
    "walton",
    "toxteth",
    # Countries and places beyond the region
    "england",
    "scotland",
    "wales",
    "ireland",
    "poland",
    "romania",
    "lithuania",
    "ukraine",
    "somalia",
    "nigeria",
    "ghana",
    "pakistan",
    "india",
    "bangladesh",
    "syria",
    "iraq",
    "iran",
    "yemen",
    "china",
    "europe",
    "africa",
    "uk",
    "britain",
    "manchester",
    "london",
    "warrington",
}
_TOKEN_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ž][A-Za-zÀ-ÖØ-öø-ÿĀ-ž'’\-]*")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Redaction:
    text: str
    spans: tuple[Span, ...]

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(span.kind for span in self.spans))


def _pattern_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    for match in _EMAIL_RE.finditer(text):
        spans.append(Span(match.start(), match.end(), EMAIL))
    for match in _EMAIL_SPOKEN_RE.finditer(text):
        spans.append(Span(match.start(), match.end(), EMAIL))
    for match in _PHONE_RE.finditer(text):
        spans.append(Span(match.start(), match.end(), PHONE))
    for match in _POSTCODE_RE.finditer(text):
        spans.append(Span(match.start(), match.end(), POSTCODE))
    for regex in (_STREET_RE, _NUMBERED_STREET_RE, _FLAT_RE):
        for match in regex.finditer(text):
            spans.append(Span(match.start(), match.end(), ADDRESS))
    for regex in (*_DATE_RES, _BIRTHDAY_RE):
        for match in regex.finditer(text):
            spans.append(Span(match.start(), match.end(), DATE))
    return spans


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in '.!?:;\n"“(-'


def _name_spans(text: str) -> list[Span]:
    given, family = given_names(), family_names()
    tokens = list(_TOKEN_RE.finditer(text))
    spans: list[Span] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        word = token.group()
        lower = word.lower().rstrip("'’s") if word.lower().endswith(("'s", "’s")) else word.lower()
        capitalised = word[0].isupper()
        cued = bool(_NAME_CUES.search(text[max(0, token.start() - 40) : token.start()]))
        known = lower in given or lower in family
        is_name = False
        if capitalised and lower not in _NOT_NAMES:
            if cued:
                is_name = True
            elif known and lower not in _AMBIGUOUS:
                # A listed name at the start of a sentence is still a name ("Sarah helped me"),
                # unless the whole text is in capitals.
                is_name = not word.isupper() or len(word) <= 1
            elif known and index + 1 < len(tokens):
                following = tokens[index + 1].group()
                near = text[token.end() : tokens[index + 1].start()].strip() == ""
                is_name = (
                    near
                    and following[0].isupper()
                    and following.lower() in family
                    and not _sentence_start(text, token.start())
                )
        elif not capitalised and cued and known and lower not in _AMBIGUOUS:
            # "my ex sarah" in lower case: a listed name right after a cue.
            is_name = lower not in _NOT_NAMES
        if not is_name:
            index += 1
            continue
        end = token.end()
        # Take the following capitalised words that are names too ("Sarah Jane Okafor").
        following_index = index + 1
        while following_index < len(tokens):
            nxt = tokens[following_index]
            gap = text[end : nxt.start()]
            nxt_lower = nxt.group().lower()
            if gap.strip() not in ("", "-") or not nxt.group()[0].isupper():
                break
            if nxt_lower in _NOT_NAMES:
                break
            if nxt_lower not in given and nxt_lower not in family and not cued:
                break
            end = nxt.end()
            following_index += 1
        spans.append(Span(token.start(), end, NAME))
        index = following_index
    return spans


def _merge(spans: list[Span]) -> list[Span]:
    """Overlapping spans become one, of the kind of the longest (a postcode inside an address
    is part of the address)."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                kind = (
                    last.kind if (last.end - last.start) >= (span.end - span.start) else span.kind
                )
                merged[-1] = Span(last.start, span.end, kind)
            continue
        merged.append(span)
    return merged


def redact(text: str) -> Redaction:
    """``text`` with every personal detail found replaced by a marker of its kind."""
    if not text:
        return Redaction(text="", spans=())
    spans = _merge(_pattern_spans(text) + _name_spans(text))
    out, position = [], 0
    for span in spans:
        out.append(text[position : span.start])
        out.append(MARKERS[span.kind])
        position = span.end
    out.append(text[position:])
    return Redaction(text="".join(out), spans=tuple(spans))


def find(text: str) -> list[Span]:
    """The spans of ``text`` that :func:`redact` would replace."""
    return list(redact(text).spans)
