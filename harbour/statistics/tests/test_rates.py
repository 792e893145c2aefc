from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from harbour.statistics.protect import protect_table
from harbour.statistics.rates import rates_per_10000
from harbour.statistics.rules import Reason, SuppressionRules
from harbour.statistics.tables import TOTAL, CountTable, Dimension

AREAS = Dimension("area", ("E08000012", "E06000006", "E08000011"), label="Area")
YEARS = Dimension("year", ("2023", "2024"), label="Year")
WOMEN = {"E08000012": 201_700, "E06000006": 53_200, "E08000011": 64_100}


def protected(counts, rules=None):
    table = CountTable((AREAS, YEARS), np.array(counts))
    return protect_table(table, rules=rules or SuppressionRules(), name="marac")


def test_rate_per_10000_women():
    counts = protected([[820, 900], [210, 230], [250, 260]])
    rates = rates_per_10000(counts=counts, denominators=WOMEN, dimension="area")
    assert rates.cell("E08000012", "2023").value == Decimal("40.7")  # 820 / 201,700
    assert rates.cell("E06000006", "2024").value == Decimal("43.2")  # 230 / 53,200
    # The total's denominator is the sum of the areas' (318,900 women).
    assert rates.cell(TOTAL, "2023").value == Decimal("40.1")  # 1,280 / 318,900
    assert rates.is_rate and rates.rate_per == 10_000
    assert rates.withheld_cells() == {}


def test_a_rate_on_a_withheld_count_is_withheld():
    counts = protected([[820, 900], [3, 230], [250, 260]])
    rates = rates_per_10000(counts=counts, denominators=WOMEN, dimension="area")
    withheld = counts.withheld_cells()
    assert ("E06000006", "2023") in withheld
    assert set(rates.withheld_cells()) == set(withheld)
    assert set(rates.withheld_cells().values()) == {Reason.RATE}


@pytest.mark.parametrize("missing", [None, 0])
def test_a_rate_without_a_denominator_is_withheld_with_the_total(missing):
    counts = protected([[820, 900], [210, 230], [250, 260]])
    denominators = {**WOMEN, "E08000011": missing}
    rates = rates_per_10000(counts=counts, denominators=denominators, dimension="area")
    assert rates.cell("E08000011", "2023").reason is Reason.RATE
    assert rates.cell(TOTAL, "2023").reason is Reason.RATE
    assert rates.cell("E08000012", "2023").value == Decimal("40.7")


def test_rates_use_the_published_rounded_count_not_the_true_one():
    # With the 10-5 rule, 823 is published as 825; a rate from 823 would give it back.
    counts = protected([[823, 900], [210, 230], [250, 260]], SuppressionRules.ons_10_5())
    rates = rates_per_10000(
        counts=counts, denominators=WOMEN, dimension="area", per=100_000, decimals=2
    )
    assert rates.cell("E08000012", "2023").value == Decimal("409.02")  # 825 / 201,700


def test_rates_can_be_by_another_dimension():
    counts = protected([[820, 900], [210, 230], [250, 260]])
    rates = rates_per_10000(
        counts=counts, denominators={"2023": 1_000_000, "2024": 2_000_000}, dimension="year"
    )
    assert rates.cell("E08000012", "2024").value == Decimal("4.5")
