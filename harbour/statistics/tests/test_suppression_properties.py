"""Property tests: whatever the table, no withheld count can be worked out from what is shown."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harbour.statistics.protect import protect_table, protect_table_set
from harbour.statistics.rules import Reason, SuppressionRules
from harbour.statistics.suppression import protection_need
from harbour.statistics.tables import CountTable, Dimension, PublishedTable
from harbour.statistics.tests.checker import reader_view

MAX_SIZE = {1: 8, 2: 5, 3: 4}
DIMENSION_NAMES = ("area", "category", "quarter")


def dimensions_for(shape: tuple[int, ...]) -> tuple[Dimension, ...]:
    return tuple(
        Dimension(name, tuple(f"{name[0]}{i}" for i in range(size)))
        for name, size in zip(DIMENSION_NAMES, shape, strict=False)
    )


@st.composite
def count_arrays(draw, ndim: int | None = None) -> np.ndarray:
    ndim = ndim or draw(st.integers(1, 3))
    shape = tuple(draw(st.integers(1, MAX_SIZE[ndim])) for _ in range(ndim))
    # A mix of small counts (the ones to protect), zeros and larger ones.
    count = st.one_of(st.integers(0, 6), st.integers(0, 60), st.just(0))
    values = draw(st.lists(count, min_size=math.prod(shape), max_size=math.prod(shape)))
    return np.array(values, dtype=np.int64).reshape(shape)


rules_strategy = st.builds(
    SuppressionRules,
    threshold=st.integers(1, 10),
    suppress_zeros=st.booleans(),
    rounding_base=st.sampled_from([None, 5]),
)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def protect(counts: np.ndarray, rules: SuppressionRules):
    dimensions = dimensions_for(counts.shape)
    table = protect_table(CountTable(dimensions, counts), rules=rules)
    names = [d.name for d in dimensions]
    return table, reader_view(counts, [table], names, zeros_shown=not rules.suppress_zeros)


@FAST
@given(counts=count_arrays(), rules=rules_strategy)
def test_no_withheld_cell_follows_from_the_margins(counts, rules):
    _, view = protect(counts, rules)
    assert view.derivable() == set()


@SLOW
@given(counts=count_arrays(), rules=rules_strategy)
def test_every_small_count_keeps_a_range_as_wide_as_the_threshold(counts, rules):
    """The reader knows counts are whole and not negative and, where zeros are shown, that a
    withheld cell is at least 1: each small count could still be any of ``threshold`` values,
    and every other withheld cell can move too."""
    _, view = protect(counts, rules)
    assert view.narrower_than(protection_need(rules)) == set()
    assert view.pinned() == set()


@FAST
@given(counts=count_arrays(), rules=rules_strategy)
def test_every_small_published_count_is_withheld_as_primary(counts, rules):
    table, _ = protect(counts, rules)
    for keys, cell in table.cells():
        position = tuple(d.position(k) for d, k in zip(table.dimensions, keys, strict=True))
        ranges = [
            range(d.size) if p == d.size else (p,)
            for d, p in zip(table.dimensions, position, strict=True)
        ]
        true = int(counts[np.ix_(*[list(r) for r in ranges])].sum())
        small = true < rules.threshold and (true > 0 or rules.suppress_zeros)
        assert (cell.reason is Reason.PRIMARY) == small


@FAST
@given(data=st.data(), rules=rules_strategy)
def test_nothing_is_withheld_when_no_count_is_small(data, rules):
    ndim = data.draw(st.integers(1, 3))
    shape = tuple(data.draw(st.integers(1, MAX_SIZE[ndim])) for _ in range(ndim))
    safe = st.integers(rules.threshold, 500)
    if not rules.suppress_zeros:
        safe = st.one_of(safe, st.just(0))
    values = data.draw(st.lists(safe, min_size=math.prod(shape), max_size=math.prod(shape)))
    counts = np.array(values, dtype=np.int64).reshape(shape)
    table, _ = protect(counts, rules)
    assert table.withheld_cells() == {}


@FAST
@given(counts=count_arrays(), rules=rules_strategy)
def test_one_small_cell_costs_at_most_one_box(counts, rules):
    """With a single small cell, at most the 2**k corners of one box are withheld."""
    table, _ = protect(counts, rules)
    withheld = table.withheld_cells()
    if list(withheld.values()).count(Reason.PRIMARY) == 1:
        assert len(withheld) <= 2**counts.ndim


@FAST
@given(counts=count_arrays(), rules=rules_strategy)
def test_published_values_are_the_true_counts_rounded(counts, rules):
    table, view = protect(counts, rules)
    for cell, value in view.known.items():
        keys = tuple(d.key_at(p) for d, p in zip(table.dimensions, cell, strict=True))
        assert table.cell(*keys).value == rules.rounded(value)


@st.composite
def table_sets(draw):
    """A cross-classification and a set of its margins published together."""
    counts = draw(count_arrays(ndim=draw(st.integers(2, 3))))
    names = DIMENSION_NAMES[: counts.ndim]
    subsets = [
        tuple(name for i, name in enumerate(names) if mask >> i & 1)
        for mask in range(1, 2 ** len(names))
    ]
    chosen = draw(st.lists(st.sampled_from(subsets), min_size=1, max_size=4, unique=True))
    return counts, [PublishedTable(name="-".join(s), dimensions=s) for s in chosen]


def protect_set(case, rules: SuppressionRules):
    counts, tables = case
    dimensions = dimensions_for(counts.shape)
    protected = protect_table_set(CountTable(dimensions, counts), tables=tables, rules=rules)
    names = [d.name for d in dimensions]
    view = reader_view(counts, protected.values(), names, zeros_shown=not rules.suppress_zeros)
    return protected, view


@FAST
@given(case=table_sets(), rules=rules_strategy)
def test_tables_published_together_cannot_be_differenced(case, rules):
    _, view = protect_set(case, rules)
    assert view.derivable() == set()


@SLOW
@given(case=table_sets(), rules=rules_strategy)
def test_tables_published_together_keep_every_small_count_s_range(case, rules):
    _, view = protect_set(case, rules)
    assert view.narrower_than(protection_need(rules)) == set()
    assert view.pinned() == set()


@FAST
@given(case=table_sets(), rules=rules_strategy)
def test_a_cell_shared_by_two_tables_is_withheld_in_both_or_neither(case, rules):
    protected, _ = protect_set(case, rules)
    seen: dict[frozenset, bool] = {}
    for table in protected.values():
        for keys, cell in table.cells():
            where = frozenset(
                (d.name, k)
                for d, k in zip(table.dimensions, keys, strict=True)
                if isinstance(k, str)
            )
            assert seen.setdefault(where, cell.withheld) == cell.withheld
