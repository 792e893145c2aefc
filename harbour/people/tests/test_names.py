"""Names as the matcher reads them, and the name buckets that find them (no database)."""

from __future__ import annotations

import pytest

from harbour.people.matching import KeyKind, name_buckets
from harbour.people.names import key_words, name_similarity, normalise_name, to_latin, words


def buckets(given: str, family: str):
    return name_buckets([(normalise_name(given), normalise_name(family))])


def share_a_bucket(typed: tuple[str, str], stored: tuple[str, str], *, near: bool = False):
    a, b = buckets(*typed), buckets(*stored)
    return bool(set(a.all if near else a.pair) & set(b.all if near else b.pair))


def similarity(typed: tuple[str, str], stored: tuple[str, str]) -> float:
    return name_similarity(
        (normalise_name(typed[0]), normalise_name(typed[1])),
        (normalise_name(stored[0]), normalise_name(stored[1])),
    )


def test_other_scripts_are_read_in_latin_letters():
    assert words("Олена Коваленко") == ("olena", "kovalenko")
    assert words("Александра") == ("aleksandra",)
    assert words("Χριστίνα") == ("christina",)
    # Arabic script leaves short vowels out: the commonest names are looked up whole.
    assert words("محمد علي") == ("mohammed", "ali")
    assert words("الهاشمي") != ()  # any other word still gets letters, never nothing
    assert words("Łukasz Wiśniewski") == ("lukasz", "wisniewski")
    assert to_latin("Zoë") == "Zoe"


def test_apostrophes_join_and_hyphens_split():
    assert words("O'Brien") == ("obrien",)
    assert words("Okonkwo-Abara") == ("okonkwo", "abara")
    assert key_words("Okonkwo-Abara", compact=True) == ("okonkwoabara", "okonkwo", "abara")
    assert key_words("Ó Briain", compact=True) == ("obriain", "briain")  # a particle


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (("Liz", "Cole"), ("Elizabeth", "Cole")),  # a short form
        (("Beth", "Cole"), ("Elizabeth", "Cole")),
        (("Lizzie", "Cole"), ("Elizabeth", "Cole")),
        (("Cole", "Bethany"), ("Bethany", "Cole")),  # given and family names swapped
        (("Bethany", "Kole"), ("Bethany", "Cole")),  # sounds the same
        (("Ngozi", "Okonkwo"), ("Ngozi", "Okonkwo-Abara")),  # one part of a hyphenated name
        (("Ngozi", "Abara"), ("Ngozi", "Okonkwo Abara")),  # double-barrelled, no hyphen
        (("Олена", "Коваленко"), ("Olena", "Kovalenko")),  # another script
        (("Александра", "Иванова"), ("Alexandra", "Ivanova")),  # script and spelling
        (("محمد", "Ali"), ("Mohammed", "Ali")),
        (("Muhammad", "Ali"), ("Mohammed", "Ali")),  # another spelling
        (("Aleksandra", "Nowak"), ("Alexandra", "Novak")),
        (("Shivaun", "O'Brien"), ("Siobhán", "O Brien")),
    ],
)
def test_variants_share_a_name_bucket_and_score_high(typed, stored):
    assert share_a_bucket(typed, stored), (typed, stored)
    assert similarity(typed, stored) >= 0.95, (typed, stored)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (("Sarah", "Smtih"), ("Sarah", "Smith")),  # letters swapped
        (("Bethany", "Coke"), ("Bethany", "Cole")),  # a neighbouring key
        (("Harriet", "Quenell"), ("Harriet", "Quennell")),
        (("Hariet", "Quennell"), ("Harriet", "Quennell")),
    ],
)
def test_typing_slips_are_found_among_the_near_buckets(typed, stored):
    assert share_a_bucket(typed, stored, near=True), (typed, stored)
    assert similarity(typed, stored) >= 0.85, (typed, stored)


def test_different_names_do_not_score_as_a_match():
    assert similarity(("Jane", "Smith"), ("Sarah", "Smith")) < 0.85
    assert similarity(("Sarah", "Jones"), ("Sarah", "Smith")) < 0.85


def test_buckets_are_truncated_and_never_hold_a_name_alone(settings):
    settings.HARBOUR_PEOPLE_NAME_BUCKET_BITS = 12
    found = buckets("Bethany", "Cole")
    assert found.pair and all(k.kind == KeyKind.NAME_PAIR for k in found.pair)
    # 12 bits: at most three hex digits after the tag, so thousands of names share each.
    assert all(len(k.digest.split(":")[1]) <= 3 for k in found.pair)
    assert all(len(k.digest.split(":")[1]) <= 4 for k in found.near)
    # No bucket for a family name with no given name beside it.
    assert name_buckets([("", "cole")]).all == ()


def test_bucket_digests_are_keyed(settings):
    before = buckets("Bethany", "Cole").pair
    settings.HARBOUR_HASH_KEY = "another key for this test only, at least 32 characters"
    assert buckets("Bethany", "Cole").pair != before
