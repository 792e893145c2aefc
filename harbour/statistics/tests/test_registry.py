from __future__ import annotations

import numpy as np
import pytest

from harbour.statistics.registry import (
    DimensionSpec,
    TableSetRegistry,
    TableSetSpec,
    table_set_publish,
)
from harbour.statistics.rules import Reason, SuppressionRules
from harbour.statistics.tables import TOTAL, PublishedTable
from harbour.statistics.tests.checker import reader_view

AREAS = [("E08000012", "Liverpool"), ("E06000006", "Halton"), ("E08000014", "Sefton")]
QUARTERS = [("2024-Q1", "Jan to Mar 2024"), ("2024-Q2", "Apr to Jun 2024")]
COUNTS = {
    ("E08000012", "2024-Q1"): 40,
    ("E08000012", "2024-Q2"): 38,
    ("E06000006", "2024-Q1"): 2,
    ("E06000006", "2024-Q2"): 9,
    ("E08000014", "2024-Q1"): 17,
    ("E08000014", "2024-Q2"): 21,
}


def spec(counts=lambda: COUNTS, **overrides):
    options = {
        "name": "marac.cases",
        "title": "MARAC cases",
        "dimensions": (
            DimensionSpec("area", "Area", lambda: AREAS),
            DimensionSpec("quarter", "Quarter", QUARTERS),
        ),
        "tables": (
            PublishedTable("by_area", ("area",)),
            PublishedTable("by_quarter_area", ("quarter", "area")),
        ),
        "counts": counts,
        "rules": SuppressionRules(),
    }
    return TableSetSpec(**{**options, **overrides})


def test_a_registered_set_is_published_as_protected_tables():
    registry = TableSetRegistry()
    registry.register(spec())
    tables = table_set_publish(name="marac.cases", registry=registry)
    assert list(tables) == ["by_area", "by_quarter_area"]
    by_area, by_quarter_area = tables["by_area"], tables["by_quarter_area"]
    assert by_quarter_area.cell("2024-Q1", "E06000006").reason is Reason.PRIMARY
    assert by_area.dimension("area").label_for("E06000006") == "Halton"
    # Halton's total is shared by both tables: withheld in both or in neither.
    assert by_area.cell("E06000006").withheld == by_quarter_area.cell(TOTAL, "E06000006").withheld
    counts = np.array([[COUNTS[(a, q)] for q, _ in QUARTERS] for a, _ in AREAS])
    assert reader_view(counts, tables.values(), ["area", "quarter"]).derivable() == set()


def test_counts_with_an_unknown_category_are_refused():
    registry = TableSetRegistry()
    registry.register(spec(counts=lambda: {("E99999999", "2024-Q1"): 3}))
    with pytest.raises(KeyError, match="E99999999"):
        table_set_publish(name="marac.cases", registry=registry)


def test_names_are_unique_and_tables_cross_declared_dimensions():
    registry = TableSetRegistry()
    registry.register(spec())
    with pytest.raises(ValueError, match="already registered"):
        registry.register(spec())
    with pytest.raises(ValueError, match="crosses"):
        spec(tables=(PublishedTable("by_age", ("age",)),))
    with pytest.raises(KeyError, match="no published table set"):
        registry.get("nothing")


def test_a_set_is_open_data_only_when_it_says_so_and_only_when_released():
    import datetime

    from harbour.statistics.periods import QUARTER

    assert spec().open_data is False
    released = {"period": QUARTER, "starts": lambda: datetime.date(2024, 1, 1)}
    assert spec(open_data=True, **released).open_data is True
    with pytest.raises(ValueError, match="only a released set can be open data"):
        spec(open_data=True)
