"""The hand-labelled redaction set (``data/redaction_labelled.txt``) and how it is scored.

A labelled detail is *found* when every letter and digit of it is inside a redacted span
(recall). A redacted span is *right* when it overlaps a labelled detail (precision).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from harbour.consultations.redaction import find

SET = Path(__file__).parent / "data" / "redaction_labelled.txt"


@dataclass(frozen=True)
class Labelled:
    text: str
    details: tuple[tuple[str, str], ...]  # (kind, text)


def labelled_set() -> list[Labelled]:
    items = []
    for line in SET.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, _sep, labels = line.partition(" ||| ")
        details = []
        for label in labels.split(" | "):
            if label.strip():
                kind, _colon, value = label.strip().partition(":")
                assert value in text, f"{value!r} is not in {text!r}"
                details.append((kind, value))
        items.append(Labelled(text=text, details=tuple(details)))
    return items


@dataclass(frozen=True)
class Score:
    details: int
    found: int
    spans: int
    right: int
    missed: tuple[str, ...]
    wrong: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.found / self.details if self.details else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.spans if self.spans else 1.0


def _positions(text: str, value: str) -> list[range]:
    out, start = [], text.find(value)
    while start >= 0:
        out.append(range(start, start + len(value)))
        start = text.find(value, start + 1)
    return out


def score(items: list[Labelled] | None = None) -> Score:
    items = labelled_set() if items is None else items
    details = found = spans_total = right = 0
    missed, wrong = [], []
    for item in items:
        spans = find(item.text)
        covered = set()
        for span in spans:
            covered.update(range(span.start, span.end))
        labelled_positions: set[int] = set()
        for _kind, value in item.details:
            details += 1
            places = _positions(item.text, value)
            for place in places:
                labelled_positions.update(place)
            if any(all(i in covered for i in place if item.text[i].isalnum()) for place in places):
                found += 1
            else:
                missed.append(value)
        for span in spans:
            spans_total += 1
            if labelled_positions & set(range(span.start, span.end)):
                right += 1
            else:
                wrong.append(item.text[span.start : span.end])
    return Score(details, found, spans_total, right, tuple(missed), tuple(wrong))
