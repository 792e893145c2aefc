"""Small builders shared by the statistics tests."""

from __future__ import annotations

import numpy as np

from harbour.statistics.published import ProtectedTable
from harbour.statistics.rules import Reason
from harbour.statistics.tables import TOTAL, CountTable, Dimension

P, S = Reason.PRIMARY, Reason.SECONDARY


def grid_table(rows: tuple[str, ...], columns: tuple[str, ...], counts) -> CountTable:
    return CountTable(
        (Dimension("row", rows, label="Row"), Dimension("column", columns, label="Column")),
        np.array(counts),
    )


def line_table(categories: tuple[str, ...], counts) -> CountTable:
    return CountTable((Dimension("category", categories, label="Category"),), np.array(counts))


def shown(table: ProtectedTable) -> list[list]:
    """The table as a reader sees it, row by row with totals: values, or the marker."""
    if len(table.dimensions) == 1:
        return [[str(cell) for _keys, cell in table.cells()]]
    rows, columns = table.dimensions
    return [
        [str(table.cell(r, c)) for c in (*columns.categories, TOTAL)]
        for r in (*rows.categories, TOTAL)
    ]
