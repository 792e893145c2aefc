"""The reader test: publish months of releases and revisions, with late records, corrections
and structural zeros, collect every number a reader could hold, and solve for every withheld
cell and every small change with integer programmes (the independent checker). No range may be
narrower than the promise.
"""

from __future__ import annotations

import datetime
import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harbour.statistics.models import Release
from harbour.statistics.periods import MONTH
from harbour.statistics.releases import (
    EXTRA_WITHHELD_BOUND,
    StoredRelease,
    releases_publish_due,
    revision_consider,
)
from harbour.statistics.rules import SuppressionRules
from harbour.statistics.suppression import protection_need
from harbour.statistics.tests.checker import change_range, reader_view, totals_of
from harbour.statistics.tests.releasing import Records, released_set

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 1)
MONTHS = 3
RULES = [
    SuppressionRules(),
    SuppressionRules(threshold=3),
    SuppressionRules(suppress_zeros=True),
    SuppressionRules(threshold=4, suppress_zeros=True),
]
NAMES = ("area", "category", "kind")


def month_day(month: int, day: int = 10) -> datetime.date:
    return datetime.date(2026, month + 1, day)


def noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


@st.composite
def scenarios(draw, ndim: int):
    sizes = [draw(st.integers(2, 4 if ndim == 2 else 3)) for _ in range(ndim)]
    names = NAMES[:ndim]
    dimensions = {
        n: [f"{n[0]}{i}" for i in range(size)] for n, size in zip(names, sizes, strict=True)
    }
    subsets = [tuple(n for i, n in enumerate(names) if mask >> i & 1) for mask in range(1, 2**ndim)]
    if ndim == 2:
        tables = [names]
    else:  # a linked set: several margins of one cross-classification
        tables = draw(st.lists(st.sampled_from(subsets), min_size=2, max_size=3, unique=True))
    cells = list(itertools.product(*dimensions.values()))
    structural = draw(st.sets(st.sampled_from(cells), max_size=2))
    live = [c for c in cells if c not in structural]
    count = st.one_of(st.integers(0, 4), st.integers(0, 15))
    months = [draw(st.lists(count, min_size=len(live), max_size=len(live))) for _ in range(MONTHS)]
    late = draw(
        st.lists(
            st.tuples(st.integers(0, MONTHS - 1), st.sampled_from(live), st.integers(1, 6)),
            max_size=4,
        )
    )
    corrections = draw(
        st.lists(
            st.tuples(st.integers(0, MONTHS - 1), st.sampled_from(live), st.sampled_from(live)),
            max_size=3,
        )
    )
    rules = draw(st.sampled_from(RULES))
    return dimensions, tables, structural, live, months, late, corrections, rules


def play(scenario):
    """Publish the months, then two rounds of late records and corrections with revisions."""
    dimensions, tables, structural, live, months, late, corrections, rules = scenario
    Release.objects.all().delete()
    records = Records(structural=set(structural))
    registry, spec = released_set(
        records, dimensions=dimensions, tables=[tuple(t) for t in tables], rules=rules, start=START
    )
    for month, counts in enumerate(months):
        for cell, n in zip(live, counts, strict=True):
            records.add(month_day(month), *cell, times=n)
        releases_publish_due(registry=registry, now=noon(month_day(month + 1, 2)))
    first_counts = {r.period_key: list(r.true_counts.counts) for r in Release.objects.all()}
    # Revisions are looked at once a year: a year on, and a year after that.
    for later, wave in zip(
        (noon(datetime.date(2027, 4, 20)), noon(datetime.date(2028, 4, 20))),
        (late[:2], late[2:]),
        strict=True,
    ):
        for month, cell, n in wave:
            records.add(month_day(month, 12), *cell, times=n)
        for month, old, new in corrections:
            if (month_day(month), *old) in records.rows:
                records.correct(month_day(month), old, new)
        for month in range(MONTHS):
            period = MONTH.containing(month_day(month))
            revision_consider(name=spec.name, period=period, registry=registry, now=later)
    return registry, spec, rules, first_counts


def views(registry, release: Release, dimensions):
    """What a reader holding ``release`` knows, over its true counts."""
    stored = StoredRelease(release=release, spec=registry.get(release.table_set), period=None)
    shape = tuple(len(keys) for keys in dimensions.values())
    counts = np.array(release.true_counts.counts, dtype=np.int64).reshape(shape)
    structural = np.array(release.true_counts.structural, dtype=bool).reshape(shape)
    view = reader_view(
        counts,
        stored.protected_tables().values(),
        list(dimensions),
        zeros_shown=not stored.rules.suppress_zeros,
        all_withheld=release.all_withheld,
        structural=structural,
    )
    return counts, view


def check(scenario) -> None:
    registry, _spec, rules, first_counts = play(scenario)
    dimensions = scenario[0]
    need = protection_need(rules)
    by_period: dict[str, list] = {}
    for release in Release.objects.order_by("period_start", "revision"):
        counts, view = views(registry, release, dimensions)
        # Each version on its own: nothing derivable, every small count keeps its range.
        assert view.derivable() == set()
        assert view.narrower_than(need) == set(), release
        assert view.pinned() == set()
        # Information lost: within the stated bound of protecting the period alone.
        assert release.withheld_share <= release.alone_withheld_share + EXTRA_WITHHELD_BOUND
        if release.revision == 0:
            # Late records and corrections appear only in revisions.
            assert release.true_counts.counts == first_counts[release.period_key]
        by_period.setdefault(release.period_key, []).append((release, counts, view))
    for versions in by_period.values():
        for (_a, before_counts, before), (_b, after_counts, after) in itertools.combinations(
            versions, 2
        ):
            truth_before, truth_after = totals_of(before_counts), totals_of(after_counts)
            published = set(before.known) | before.withheld
            for cell in published:
                change = truth_after[cell] - truth_before[cell]
                if not 0 < abs(change) < rules.threshold:
                    continue
                assert not (cell in before.known and cell in after.known), cell
                low, high = change_range(before, after, cell)
                assert low <= 0 <= high and high - low >= need, (cell, low, high)


FEW = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FEWER = settings(FEW, max_examples=4)  # three-way sets cost more integer programmes


@FEW
@given(scenario=scenarios(ndim=2))
def test_a_reader_of_every_release_and_revision_of_two_way_tables_learns_no_small_count(scenario):
    check(scenario)


@FEWER
@given(scenario=scenarios(ndim=3))
def test_a_reader_of_every_release_and_revision_of_linked_three_way_tables_learns_nothing(
    scenario,
):
    check(scenario)
