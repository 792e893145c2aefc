"""Published figures by area, from the areas loaded into the database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from harbour.regions.demo import POPULATION_FILE
from harbour.regions.queries import area_categories, area_denominators
from harbour.regions.services import areas_load_from_csv
from harbour.statistics.rates import rates_per_10000
from harbour.statistics.registry import (
    DimensionSpec,
    TableSetRegistry,
    TableSetSpec,
    table_set_publish,
)
from harbour.statistics.rules import Reason, SuppressionRules
from harbour.statistics.tables import TOTAL, PublishedTable

# MARAC cases a year by area (GSS code): Halton's 3 is small.
CASES = {
    ("E08000012", "2024"): 950,
    ("E08000011", "2024"): 300,
    ("E08000014", "2024"): 560,
    ("E08000013", "2024"): 340,
    ("E08000015", "2024"): 610,
    ("E06000006", "2024"): 3,
}


@pytest.mark.django_db
def test_marac_cases_a_year_per_10000_women_by_area():
    areas_load_from_csv(path_or_file=POPULATION_FILE)
    registry = TableSetRegistry()
    registry.register(
        TableSetSpec(
            name="marac.cases",
            title="MARAC cases",
            dimensions=(
                DimensionSpec("area", "Area", area_categories),
                DimensionSpec("year", "Year", [("2024", "2024")]),
            ),
            tables=(PublishedTable("by_area_year", ("area", "year")),),
            counts=lambda: CASES,
            rules=SuppressionRules(),
        )
    )
    counts = table_set_publish(name="marac.cases", registry=registry)["by_area_year"]
    rates = rates_per_10000(counts=counts, denominators=area_denominators(), dimension="area")

    assert rates.cell("E08000012", "2024").value == Decimal("47.1")  # 950 / 201,700
    assert rates.cell("E06000006", "2024").reason is Reason.RATE
    assert counts.cell("E06000006", "2024").reason is Reason.PRIMARY
    # With one year, Halton's row total equals its cell: the total is withheld with it, and
    # so is another area, or Halton would be the region's total less the others.
    assert counts.cell("E06000006", TOTAL).withheld
    assert counts.cell("E08000011", "2024").withheld
    assert counts.cell(TOTAL, TOTAL).value == 2763
