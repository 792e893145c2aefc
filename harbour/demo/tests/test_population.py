"""The synthetic population: reproducible, a realistic mix, and variations for benches."""

from __future__ import annotations

import random
from collections import Counter

from harbour.demo.population import VARIATIONS, Population, slip


def test_the_same_seed_gives_the_same_people_in_any_order():
    first = list(Population(seed=7).people(50))
    again = Population(seed=7)
    assert [again.person(i) for i in reversed(range(50))][::-1] == first
    assert list(Population(seed=8).people(50)) != first


def test_a_realistic_mix_of_the_region():
    people = list(Population(seed=3).people(4000))
    communities = Counter(p.community for p in people)
    assert 0.75 < communities["british"] / len(people) < 0.85
    for community in ("irish", "south_asian", "west_african", "polish", "arab", "somali"):
        assert communities[community] > 0, community
    harmed = [p for p in people if p.role == "harmed"]
    assert sum(p.sex == "female" for p in harmed) / len(harmed) > 0.85
    assert {p.area for p in people} == {
        "Liverpool", "Wirral", "Sefton", "St Helens", "Knowsley", "Halton"
    }  # fmt: skip
    assert all(16 <= 2026 - p.date_of_birth.year <= 87 for p in people)
    assert any(p.other_names for p in people)
    assert any("-" in p.family_name for p in people)
    assert any(p.script_given for p in people)
    # Synthetic contact details: the unallocated 04 range, the reserved example domains.
    assert all(p.phone.startswith("04") and len(p.phone) == 11 for p in people)
    assert all(p.email.split("@")[1].startswith("example.") for p in people)
    assert len({p.phone for p in people}) == len(people)


def test_every_variation_is_made_where_it_applies():
    population = Population(seed=5)
    rng = random.Random(1)
    seen: Counter[str] = Counter()
    for person in population.people(3000):
        for kind in population.variations_for(person):
            typed = population.variation(person, kind, rng)
            if typed is None:
                continue
            seen[kind] += 1
            if kind == "exact":
                assert (typed.given_name, typed.family_name) == (
                    person.given_name,
                    person.family_name,
                )
            elif kind == "swapped":
                assert typed.given_name == person.family_name
            else:
                assert (typed.given_name, typed.family_name) != (
                    person.given_name,
                    person.family_name,
                ), kind
    assert set(seen) == set(VARIATIONS)
    typed = population.variation(population.person(0), "exact", rng)
    assert typed.with_details(population.person(0), phone=True).phone


def test_a_slip_changes_one_letter_and_never_the_first():
    rng = random.Random(2)
    for _ in range(200):
        typed = slip("Quennell", rng)
        assert typed[0] == "Q" and typed != "Quennell"
        assert abs(len(typed) - len("Quennell")) <= 1
