"""Protect a table, or a set of tables published together, in one step."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from harbour.statistics.conf import default_rules
from harbour.statistics.published import ProtectedTable
from harbour.statistics.rules import Reason, SuppressionRules
from harbour.statistics.suppression import (
    NOT_WITHHELD,
    PRIMARY,
    SECONDARY,
    published_cells,
    withhold,
)
from harbour.statistics.tables import CountTable, PublishedTable, Text, with_totals

_REASONS = {PRIMARY: Reason.PRIMARY, SECONDARY: Reason.SECONDARY}


def protect_table(
    counts: CountTable,
    *,
    rules: SuppressionRules | None = None,
    name: str = "table",
    title: Text = "",
) -> ProtectedTable:
    """Protect one table crossing all of ``counts``' dimensions, with all its totals."""
    names = tuple(dimension.name for dimension in counts.dimensions)
    table = PublishedTable(name=name, dimensions=names, title=title)
    return protect_table_set(counts, tables=[table], rules=rules)[name]


def protect_table_set(
    counts: CountTable,
    *,
    tables: Sequence[PublishedTable],
    rules: SuppressionRules | None = None,
) -> dict[str, ProtectedTable]:
    """Protect every table of a set as one problem, so no table can be subtracted from another.

    ``counts`` is the finest cross-classification the set is drawn from; each table crosses
    some of its dimensions (in any order) and publishes all its margins. A cell two tables
    share (the total for Halton in "by area" and in "by area and quarter") is one cell: it is
    withheld in both or in neither. Returns the protected tables by name, in the given order.
    """
    if rules is None:
        rules = default_rules()
    if not tables:
        raise ValueError("a table set needs at least one table")
    names = [dimension.name for dimension in counts.dimensions]
    table_names = [table.name for table in tables]
    if len(set(table_names)) != len(table_names):
        raise ValueError(f"table names repeat: {table_names}")
    table_axes = []
    for table in tables:
        unknown = [name for name in table.dimensions if name not in names]
        if unknown:
            raise ValueError(f"table {table.name!r} crosses unknown dimensions {unknown}")
        table_axes.append(tuple(names.index(name) for name in table.dimensions))

    values = with_totals(counts.counts)
    published = published_cells(values.shape, table_axes)
    status = withhold(values, published, rules=rules)

    shown = np.empty(values.shape, dtype=object)
    shown.flat[:] = [rules.rounded(int(value)) for value in values.flat]
    reasons = np.full(values.shape, None, dtype=object)
    for code, reason in _REASONS.items():
        reasons[status == code] = reason
    shown[status != NOT_WITHHELD] = None

    protected = {}
    for table, axes in zip(tables, table_axes, strict=True):
        index = tuple(slice(None) if axis in axes else -1 for axis in range(values.ndim))
        # The slice keeps axes in the counts' order; put them in the table's order.
        kept = sorted(axes)
        order = [kept.index(axis) for axis in axes]
        protected[table.name] = ProtectedTable(
            name=table.name,
            title=table.title,
            dimensions=tuple(counts.dimensions[axis] for axis in axes),
            rules=rules,
            values=shown[index].transpose(order),
            reasons=reasons[index].transpose(order),
        )
    return protected
