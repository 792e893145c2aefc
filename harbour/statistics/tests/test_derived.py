"""Derived figures follow the output-checking rules: only from published counts, withheld
where a count behind them is withheld or too few cases are behind them."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from harbour.statistics.derived import estimate, mean_from_bands, median_band, ratio, share
from harbour.statistics.protect import protect_table
from harbour.statistics.published import PublishedCell
from harbour.statistics.rates import rates_per_10000
from harbour.statistics.rules import Reason, SuppressionRules
from harbour.statistics.tables import CountTable, Dimension

RULES = SuppressionRules()
WITHHELD = PublishedCell(value=None, reason=Reason.PRIMARY)


def cell(value: int) -> PublishedCell:
    return PublishedCell(value=value)


def test_a_rate_over_a_withheld_count_is_withheld():
    counts = CountTable(
        (Dimension("area", ("a", "b", "c")),), np.array([3, 40, 55], dtype=np.int64)
    )
    table = protect_table(counts, rules=RULES)
    rates = rates_per_10000(
        counts=table, denominators={"a": 1000, "b": 9000, "c": 12000}, dimension="area"
    )
    assert table.cell("a").withheld
    assert rates.cell("a").value is None and rates.cell("a").reason is Reason.RATE
    assert rates.cell("c").value == Decimal("45.8")
    assert ratio(WITHHELD, cell(40), rules=RULES).reason is Reason.RATE
    assert share(cell(12), [WITHHELD, cell(30)], rules=RULES).value is None


def test_a_rate_with_fewer_cases_behind_it_than_the_minimum_is_withheld():
    assert ratio(cell(4), cell(9), rules=RULES, per=100).value is None
    assert ratio(cell(4), cell(10), rules=RULES, per=100).value == Decimal("40.0")
    assert share(cell(3), [cell(3), cell(4)], rules=RULES).value is None
    assert share(cell(6), [cell(6), cell(9)], rules=RULES).value == Decimal("40")
    strict = SuppressionRules.ons_10_5()
    assert strict.derived_minimum == 10
    assert ratio(cell(10), cell(20), rules=SuppressionRules(derived_minimum=25)).value is None


def test_means_and_medians_come_from_published_counts_by_band():
    days = [(cell(6), 1), (cell(9), 3), (cell(5), 10)]
    assert mean_from_bands(days, rules=RULES).value == Decimal("4.2")
    assert mean_from_bands([(WITHHELD, 1), (cell(20), 3)], rules=RULES).value is None
    assert median_band([(cell(6), "a day"), (cell(9), "2-5 days")], rules=RULES) == "2-5 days"
    assert median_band([(cell(3), "a day"), (cell(4), "later")], rules=RULES) is None


def test_a_model_estimate_needs_its_counts_published_and_enough_behind_it():
    assert estimate(Decimal("0.123"), bases=[cell(40), cell(35)], rules=RULES).value == Decimal(
        "0.12"
    )
    assert estimate(Decimal("0.1"), bases=[cell(40), WITHHELD], rules=RULES).value is None
    assert estimate(Decimal("0.1"), bases=[cell(40), cell(8)], rules=RULES).value is None
    assert (
        estimate(Decimal("0.1"), bases=[cell(40), cell(30)], rules=RULES, residual_df=4).value
        is None
    )
