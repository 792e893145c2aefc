"""Which cells of a table (or set of tables) must be withheld.

Works on arrays "with totals": every axis has one extra, last position holding the total along
it, so one array holds a cross-classification, all its margins and the grand total. A table set
publishes some of these cells (each of its tables is the slice with TOTAL on the axes the table
does not cross); the rest are never published.

Attacker model: a reader knows every published cell, that each total is the sum of the cells
under it, and that counts are whole numbers, not negative. A withheld cell is safe when, from all
that, it could still take at least two values.

Method (the "hypercube" method of GHMITER / tau-argus, adapted): a *box* around a withheld
cell ``u`` picks, on every axis, ``u``'s own position and one other (which may be the total).
Its 2**k corners, signed +1/-1 so that adding the signs leaves every published total unchanged,
describe a change the reader cannot see. If every corner is withheld (or never published) and
the corners that would fall are all at least 1, the table could be "the true one moved by one
unit along the box" as well as the true one: every corner of that box has at least two possible
values. So each withheld cell is made a corner of a fully hidden, movable box, which makes the
guarantee hold by construction, for any number of dimensions and any set of margins.

For each small cell, the cheapest such box is chosen: the one whose newly withheld cells hide the
smallest total count, then the fewest cells (see ``docs/decisions/0004-disclosure-control.md``).
Zeros are a last resort as complements: a withheld zero hides nothing and can only move upwards,
which is exactly the "the total equals the one visible cell" leak.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np

from harbour.statistics.rules import SuppressionRules

NOT_WITHHELD = 0
PRIMARY = 1
SECONDARY = 2


def published_cells(shape: tuple[int, ...], tables: Sequence[Sequence[int]]) -> np.ndarray:
    """Mask of the cells published by tables each crossing the given axes (with all margins)."""
    published = np.zeros(shape, dtype=bool)
    for axes in tables:
        index = tuple(slice(None) if axis in axes else -1 for axis in range(len(shape)))
        published[index] = True
    return published


def withhold(values: np.ndarray, published: np.ndarray, *, rules: SuppressionRules) -> np.ndarray:
    """Status of every cell: ``NOT_WITHHELD``, ``PRIMARY`` or ``SECONDARY``.

    ``values`` are the true counts with totals (see ``tables.with_totals``); ``published`` says
    which of them the table set publishes. Unpublished cells are never withheld (nobody sees
    them) but count as unknown to the reader, which may make withholding cheaper.
    """
    values = np.asarray(values, dtype=np.int64)
    published = np.asarray(published, dtype=bool)
    if values.shape != published.shape:
        raise ValueError("values and published must have the same shape")
    small = published & (values < rules.threshold)
    if not rules.suppress_zeros:
        small &= values > 0
    status = np.zeros(values.shape, dtype=np.int8)
    status[small] = PRIMARY
    hidden = ~published | small
    search = _BoxSearch(values)
    search.hide(hidden)

    # Smallest (most sensitive) first, then in table order, so the result is reproducible.
    cells = np.argwhere(small)
    order = np.lexsort((np.ravel_multi_index(cells.T, values.shape), values[small]))
    for cell in cells[order]:
        corners = search.cheapest_box(tuple(int(i) for i in cell))
        if corners is None:
            # No movable box exists (a table of zeros, say): withhold everything published.
            status[published & ~hidden] = SECONDARY
            break
        for corner in corners:
            if not hidden[corner]:
                hidden[corner] = True
                status[corner] = SECONDARY
                search.hide_cell(corner)
    return status


class _BoxSearch:
    """Finds, for one cell, the cheapest box whose corners can all be hidden and moved."""

    def __init__(self, values: np.ndarray) -> None:
        self.shape = values.shape
        self.ndim = values.ndim
        weight = 2**self.ndim  # more than the number of corners a box can add
        # Cost of withholding a visible cell: its count first, the number of cells second.
        self.cost = values.astype(np.float64) * weight + 1.0
        # A zero hides nothing and only moves up; use one only when no other box exists.
        zero_cost = (float(values.max(initial=0)) + 1.0) * weight * weight
        self.cost[values == 0] = zero_cost
        self.positive = values >= 1
        axes = range(self.ndim)
        self.subsets = [s for size in range(self.ndim + 1) for s in combinations(axes, size)]
        self.view_shapes = {
            subset: tuple(self.shape[a] if a in subset else 1 for a in axes)
            for subset in self.subsets
        }
        # interior[a]: positions along axis ``a`` that are categories, not the total.
        self.interior = [
            (np.arange(self.shape[a]) < self.shape[a] - 1).reshape(self.view_shapes[(a,)])
            for a in axes
        ]
        self._signs: dict[tuple[tuple[bool, ...], tuple[int, ...]], np.ndarray] = {}

    def hide(self, mask: np.ndarray) -> None:
        self.cost[mask] = 0.0

    def hide_cell(self, cell: tuple[int, ...]) -> None:
        self.cost[cell] = 0.0

    def _negative(self, inner: tuple[bool, ...], subset: tuple[int, ...]) -> np.ndarray:
        """Which boxes give the corner that moves on ``subset``'s axes the sign -1.

        Along one axis, a category and another category move in opposite directions; a category
        and its total move together. The corner's sign is the product over the moved axes.
        """
        key = (inner, subset)
        if key not in self._signs:
            negative = np.zeros((1,) * self.ndim, dtype=bool)
            for axis in subset:
                if inner[axis]:
                    negative = negative ^ self.interior[axis]
            self._signs[key] = negative
        return self._signs[key]

    def cheapest_box(self, cell: tuple[int, ...]) -> list[tuple[int, ...]] | None:
        """Corners of the cheapest movable box with ``cell`` as a corner, or None if none."""
        inner = tuple(cell[a] < self.shape[a] - 1 for a in range(self.ndim))
        total_cost = np.zeros(self.shape)
        falls_ok: np.ndarray | bool = True  # corners signed -1 are all >= 1: can move "up"
        rises_ok: np.ndarray | bool = True  # corners signed +1 are all >= 1: can move "down"
        for subset in self.subsets:
            index = tuple(slice(None) if a in subset else cell[a] for a in range(self.ndim))
            shape = self.view_shapes[subset]
            total_cost += self.cost[index].reshape(shape)
            positive = self.positive[index].reshape(shape)
            negative = self._negative(inner, subset)
            falls_ok = falls_ok & (~negative | positive)
            rises_ok = rises_ok & (negative | positive)
        total_cost[~np.broadcast_to(falls_ok | rises_ok, self.shape)] = np.inf
        for axis in range(self.ndim):
            # The other position on every axis must differ from the cell's own.
            index = tuple(cell[axis] if a == axis else slice(None) for a in range(self.ndim))
            total_cost[index] = np.inf
        best = int(np.argmin(total_cost))
        if not np.isfinite(total_cost.flat[best]):
            return None
        other = np.unravel_index(best, self.shape)
        return [
            tuple(int(other[a]) if a in subset else cell[a] for a in range(self.ndim))
            for subset in self.subsets
        ]
