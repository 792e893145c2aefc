"""Protect a table, or a set of tables published together, in one step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from harbour.statistics.conf import default_rules
from harbour.statistics.published import ProtectedTable
from harbour.statistics.rules import Reason, SuppressionRules
from harbour.statistics.suppression import (
    NOT_WITHHELD,
    PRIMARY,
    SECONDARY,
    STRUCTURAL,
    published_cells,
    withhold,
)
from harbour.statistics.tables import (
    CountTable,
    Dimension,
    PublishedTable,
    Text,
    structural_with_totals,
    with_totals,
)

_REASONS = {PRIMARY: Reason.PRIMARY, SECONDARY: Reason.SECONDARY}


@dataclass(frozen=True, eq=False)
class Protection:
    """A protected cross-classification with all its totals: what each cell's status is.

    ``values`` are the true counts with totals (never shown), ``published`` the cells some table
    publishes, ``status`` each cell's ``NOT_WITHHELD`` / ``PRIMARY`` / ``SECONDARY`` /
    ``STRUCTURAL`` code (see :mod:`harbour.statistics.suppression`).
    """

    dimensions: tuple[Dimension, ...]
    tables: tuple[PublishedTable, ...]
    rules: SuppressionRules
    values: np.ndarray
    published: np.ndarray
    status: np.ndarray
    all_withheld: bool = False
    """Every figure withheld: no pattern kept the promise (the reader learns nothing, so not
    even "a withheld count is at least 1")."""

    @property
    def withheld(self) -> np.ndarray:
        return self.published & ((self.status == PRIMARY) | (self.status == SECONDARY))

    def withheld_share(self) -> float:
        """Share of the published cells that are withheld (structural zeros left out)."""
        counted = self.published & (self.status != STRUCTURAL)
        total = int(counted.sum())
        return float(self.withheld.sum()) / total if total else 0.0

    def shown(self) -> np.ndarray:
        """Each cell as published: the count (rounded, if the rules round), or None."""
        shown = np.empty(self.values.shape, dtype=object)
        shown.flat[:] = [self.rules.rounded(int(value)) for value in self.values.flat]
        shown[self.withheld] = None
        return shown

    def protected_tables(self) -> dict[str, ProtectedTable]:
        return tables_from_cube(
            dimensions=self.dimensions,
            tables=self.tables,
            rules=self.rules,
            shown=self.shown(),
            status=self.status,
        )


def table_axes(
    dimensions: Sequence[Dimension], tables: Sequence[PublishedTable]
) -> list[tuple[int, ...]]:
    """For each table, the axes of the cross-classification it crosses (in its own order)."""
    if not tables:
        raise ValueError("a table set needs at least one table")
    names = [dimension.name for dimension in dimensions]
    table_names = [table.name for table in tables]
    if len(set(table_names)) != len(table_names):
        raise ValueError(f"table names repeat: {table_names}")
    axes = []
    for table in tables:
        unknown = [name for name in table.dimensions if name not in names]
        if unknown:
            raise ValueError(f"table {table.name!r} crosses unknown dimensions {unknown}")
        axes.append(tuple(names.index(name) for name in table.dimensions))
    return axes


def protect_cube(
    counts: CountTable,
    *,
    tables: Sequence[PublishedTable],
    rules: SuppressionRules | None = None,
    structural: np.ndarray | None = None,
    audit: bool = False,
    keep: np.ndarray | None = None,
    total_shown: bool = False,
) -> Protection:
    """Choose which cells of a set of tables to withhold, as one problem.

    ``structural`` marks the cells of ``counts`` (no totals) that are zero by design; a count
    there is an error. Those cells, and every total made of them alone, are published as zero
    by design, never withheld and never used to hide another cell. With ``audit``, every
    primarily withheld cell's range is checked with an integer programme
    (:mod:`harbour.statistics.intervals`); should one be too narrow, every figure is withheld.
    ``keep`` (with totals) marks cells to withhold whatever their count. ``total_shown``: the
    grand total is withheld only when it is small itself (see ``suppression.withhold``).
    """
    if rules is None:
        rules = default_rules()
    axes = table_axes(counts.dimensions, tables)
    values = with_totals(counts.counts)
    published = published_cells(values.shape, axes)
    structural_full = None
    if structural is not None:
        structural = np.asarray(structural, dtype=bool)
        if structural.shape != counts.counts.shape:
            raise ValueError("structural zeros must have the shape of the counts")
        if np.any(counts.counts[structural] != 0):
            raise ValueError("counts were found in cells declared zero by design")
        structural_full = structural_with_totals(structural)
    status = withhold(
        values,
        published,
        rules=rules,
        structural=structural_full,
        keep=keep,
        total_shown=total_shown,
    )
    all_withheld = False
    if audit:
        from harbour.statistics.intervals import audit as audit_ranges

        if audit_ranges(values=values, published=published, status=status, rules=rules):
            hide = published & (status == NOT_WITHHELD)
            if total_shown:  # not small (it would be withheld): every other figure hides enough
                hide[(-1,) * values.ndim] = False
            status = np.where(hide, SECONDARY, status)
            status = status.astype(np.int8)
            all_withheld = True
    return Protection(
        dimensions=counts.dimensions,
        tables=tuple(tables),
        rules=rules,
        values=values,
        published=published,
        status=status,
        all_withheld=all_withheld,
    )


def tables_from_cube(
    *,
    dimensions: Sequence[Dimension],
    tables: Sequence[PublishedTable],
    rules: SuppressionRules,
    shown: np.ndarray,
    status: np.ndarray,
) -> dict[str, ProtectedTable]:
    """Slice each table out of a protected cross-classification (as made or as stored)."""
    axes_of = table_axes(dimensions, tables)
    reasons = np.full(shown.shape, None, dtype=object)
    for code, reason in _REASONS.items():
        reasons[status == code] = reason
    structural = status == STRUCTURAL
    protected = {}
    for table, axes in zip(tables, axes_of, strict=True):
        index = tuple(slice(None) if axis in axes else -1 for axis in range(shown.ndim))
        # The slice keeps axes in the counts' order; put them in the table's order.
        kept = sorted(axes)
        order = [kept.index(axis) for axis in axes]
        protected[table.name] = ProtectedTable(
            name=table.name,
            title=table.title,
            dimensions=tuple(dimensions[axis] for axis in axes),
            rules=rules,
            values=shown[index].transpose(order),
            reasons=reasons[index].transpose(order),
            structural=structural[index].transpose(order),
        )
    return protected


def protect_table(
    counts: CountTable,
    *,
    rules: SuppressionRules | None = None,
    name: str = "table",
    title: Text = "",
    structural: np.ndarray | None = None,
) -> ProtectedTable:
    """Protect one table crossing all of ``counts``' dimensions, with all its totals."""
    names = tuple(dimension.name for dimension in counts.dimensions)
    table = PublishedTable(name=name, dimensions=names, title=title)
    return protect_table_set(counts, tables=[table], rules=rules, structural=structural)[name]


def protect_table_set(
    counts: CountTable,
    *,
    tables: Sequence[PublishedTable],
    rules: SuppressionRules | None = None,
    structural: np.ndarray | None = None,
    total_shown: bool = False,
) -> dict[str, ProtectedTable]:
    """Protect every table of a set as one problem, so no table can be subtracted from another.

    ``counts`` is the finest cross-classification the set is drawn from; each table crosses
    some of its dimensions (in any order) and publishes all its margins. A cell two tables
    share (the total for Halton in "by area" and in "by area and quarter") is one cell: it is
    withheld in both or in neither. Returns the protected tables by name, in the given order.
    """
    return protect_cube(
        counts, tables=tables, rules=rules, structural=structural, total_shown=total_shown
    ).protected_tables()


__all__ = [
    "NOT_WITHHELD",
    "Protection",
    "protect_cube",
    "protect_table",
    "protect_table_set",
    "tables_from_cube",
]
