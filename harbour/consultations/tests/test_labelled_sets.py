"""The hand-labelled sets the redaction test and the theme bench measure against."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

THEMES = Path(__file__).parent / "data" / "themes_labelled.txt"
CODES = {"joined", "info", "funding", "education", "campaigns"}


def _themes() -> list[tuple[list[str], str]]:
    rows = []
    for line in THEMES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            codes, text = line.split("\t", 1)
            rows.append((codes.split(","), text))
    return rows


def test_the_theme_set_has_600_coded_answers_some_with_two_codes():
    rows = _themes()
    assert len(rows) >= 600
    assert all(set(codes) <= CODES and len(codes) == len(set(codes)) for codes, _text in rows)
    assert sum(len(codes) == 2 for codes, _text in rows) >= 50
    firsts = Counter(codes[0] for codes, _text in rows)
    assert min(firsts.values()) >= 100  # many phrasings of each theme
    texts = [text for _codes, text in rows]
    assert len(set(texts)) == len(texts)
    lengths = sorted(len(text.split()) for text in texts)
    assert lengths[0] <= 4 and lengths[-1] >= 20


def test_the_theme_set_shares_no_word_list_with_the_analysis():
    """The analysis keeps only a list of function words; no code word is in it."""
    from harbour.consultations.themes import STOP_WORDS

    content_words = {"funding", "school", "police", "campaign", "posters", "services"}
    assert not content_words & STOP_WORDS
