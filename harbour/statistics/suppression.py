"""Which cells of a table (or set of tables) must be withheld.

Works on arrays "with totals": every axis has one extra, last position holding the total along
it, so one array holds a cross-classification, all its margins and the grand total. A table set
publishes some of these cells (each of its tables is the slice with TOTAL on the axes the table
does not cross); the rest are never published.

Attacker model: a reader knows every published cell, that each total is the sum of the cells
under it, that counts are whole numbers, not negative, that cells declared zero by design
(structural zeros) are zero, and, where zeros are shown, that a withheld cell is at least 1. A
withheld cell is safe when, from all that, it could still take at least ``threshold`` values
(its *protection interval*: 0 to 4, or 1 to 5, under a threshold of 5).

Method (the "hypercube" method of GHMITER / tau-argus, adapted): a *box* around a withheld
cell ``u`` picks, on every axis, ``u``'s own position and one other (which may be the total).
Its 2**k corners, signed +1/-1 so that adding the signs leaves every published total unchanged,
describe a change the reader cannot see. If every corner is withheld (or never published) and
the corners that would fall can each fall by ``threshold - 1`` without going under what the
reader knows of them (0, or 1 for a withheld cell where zeros are shown), the table could be
"the true one moved by 0, 1, ... threshold - 1 units along the box": every corner of that box has
at least ``threshold`` possible values. So each withheld cell is made a corner of a fully
hidden box with that much room, which makes the guarantee hold by construction, for any number
of dimensions and any set of margins. A box never has a structural zero for a corner (the reader
knows it cannot move), nor, where zeros are shown, a published zero (a withheld zero would
break "withheld means at least 1").

For each small cell, the cheapest such box is chosen: the one whose newly withheld cells hide the
smallest total count, then the fewest cells (see ``docs/decisions/0004-disclosure-control.md``).
Then every secondary cell that later boxes made unnecessary is shown again, largest first.
Zeros are a last resort as complements: a withheld zero hides nothing and can only move upwards,
which is exactly the "the total equals the one visible cell" leak.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np

from harbour.statistics.rules import SuppressionRules

Cell = tuple[int, ...]
Box = tuple[Cell, ...]
Subset = tuple[int, ...]

NOT_WITHHELD = 0
PRIMARY = 1
SECONDARY = 2
STRUCTURAL = 3
"""A cell that is zero by design: published as such, never withheld, never a box corner."""


def protection_need(rules: SuppressionRules) -> int:
    """How far a withheld cell must be able to move: ``threshold - 1`` units (at least one), so
    that it keeps ``threshold`` possible values."""
    return max(1, rules.threshold - 1)


def published_cells(shape: tuple[int, ...], tables: Sequence[Sequence[int]]) -> np.ndarray:
    """Mask of the cells published by tables each crossing the given axes (with all margins)."""
    published = np.zeros(shape, dtype=bool)
    for axes in tables:
        index = tuple(slice(None) if axis in axes else -1 for axis in range(len(shape)))
        published[index] = True
    return published


def withhold(
    values: np.ndarray,
    published: np.ndarray,
    *,
    rules: SuppressionRules,
    structural: np.ndarray | None = None,
    keep: np.ndarray | None = None,
    total_shown: bool = False,
) -> np.ndarray:
    """Status of every cell: ``NOT_WITHHELD``, ``PRIMARY``, ``SECONDARY`` or ``STRUCTURAL``.

    ``total_shown``: the grand total is never withheld to protect another cell (only when it is
    small itself). For sets that count the same records by other dimensions, and so share their
    grand total: each shows it, or (small) both withhold it; one can never give away a total the
    other hid.

    ``values`` are the true counts with totals (see ``tables.with_totals``); ``published`` says
    which of them the table set publishes; ``structural`` marks the cells that are zero by
    design (with totals: see ``tables.structural_with_totals``); ``keep`` marks cells to withhold
    whatever their count (a revision keeping what the release it revises withheld). Unpublished
    cells are never
    withheld (nobody sees them) but count as unknown to the reader, which may make withholding
    cheaper.
    """
    values = np.asarray(values, dtype=np.int64)
    published = np.asarray(published, dtype=bool)
    if values.shape != published.shape:
        raise ValueError("values and published must have the same shape")
    if structural is None:
        structural = np.zeros(values.shape, dtype=bool)
    structural = np.asarray(structural, dtype=bool)
    if structural.shape != values.shape:
        raise ValueError("structural must have the same shape as values")
    if np.any(values[structural] != 0):
        raise ValueError("a cell declared zero by design has a count")
    small = published & (values < rules.threshold) & ~structural
    if not rules.suppress_zeros:
        small &= values > 0
    status = np.zeros(values.shape, dtype=np.int8)
    kept = np.zeros(values.shape, dtype=bool) if keep is None else np.asarray(keep, dtype=bool)
    kept = kept & published & ~small & ~structural
    if not rules.suppress_zeros:
        kept &= values > 0
    status[kept] = SECONDARY
    status[small] = PRIMARY
    status[published & structural] = STRUCTURAL
    # What the reader knows of a withheld cell: at least 1 where zeros are shown.
    lower = np.zeros(values.shape, dtype=np.int64)
    if not rules.suppress_zeros:
        lower[published] = 1
    # Cells that may never be a corner: structural zeros, and published zeros where zeros are
    # shown (withholding one would break "withheld means at least 1").
    fixed = structural.copy()
    if not rules.suppress_zeros:
        fixed |= published & (values == 0)
    grand = (-1,) * values.ndim
    if total_shown and published[grand] and not small[grand]:
        fixed[grand] = True
    boxes = _Boxes(
        values,
        hidden=~published | small | kept,
        room=values - lower,
        fixed=fixed,
        need=protection_need(rules),
    )
    # Each withheld cell's witness: a hidden, movable box it is a corner of.
    witnesses = _Witnesses()

    # Smallest (most sensitive) first, then in table order, so the result is reproducible.
    cells = np.argwhere(small)
    order = np.lexsort((np.ravel_multi_index(cells.T, values.shape), values[small]))
    for cell in map(tuple, cells[order].tolist()):
        if cell in witnesses:
            continue
        box = boxes.covering(cell) or boxes.cheapest(cell)
        if box is None:
            # No box has room (a table of small counts and zeros, say): withhold every figure
            # that may be withheld. ``intervals.audit`` then checks what that leaves.
            status[published & (status == NOT_WITHHELD) & ~fixed] = SECONDARY
            return status
        for corner in box:
            if published[corner]:
                if status[corner] == NOT_WITHHELD:
                    status[corner] = SECONDARY
                    boxes.hide(corner)
                witnesses.setdefault(corner, box)
        witnesses.set(cell, box)

    _release(status, values, boxes, witnesses, kept=kept)
    return status


def _release(
    status: np.ndarray,
    values: np.ndarray,
    boxes: _Boxes,
    witnesses: _Witnesses,
    *,
    kept: np.ndarray | None = None,
) -> None:
    """Show again any secondary cell that a later box made unnecessary, largest first.

    A cell is released only if every cell whose witness box contains it finds another hidden,
    movable box without it; the guarantee is kept for every withheld cell.
    """
    secondary = np.argwhere(status == SECONDARY)
    order = np.lexsort(
        (np.ravel_multi_index(secondary.T, values.shape), -values[status == SECONDARY])
    )
    for cell in map(tuple, secondary[order].tolist()):
        if kept is not None and kept[cell]:
            continue
        boxes.show(cell)
        replacements = {}
        for dependant in witnesses.relying_on(cell) - {cell}:
            box = boxes.covering(dependant)
            if box is None:
                boxes.hide(cell)
                break
            replacements[dependant] = box
        else:
            status[cell] = NOT_WITHHELD
            witnesses.remove(cell)
            for dependant, box in replacements.items():
                witnesses.set(dependant, box)


class _Witnesses:
    """For every withheld cell, one box that protects it, and the reverse: who relies on whom."""

    def __init__(self) -> None:
        self._box: dict[Cell, Box] = {}
        self._relying: dict[Cell, set[Cell]] = {}

    def __contains__(self, cell: Cell) -> bool:
        return cell in self._box

    def set(self, cell: Cell, box: Box) -> None:
        self.remove(cell)
        self._box[cell] = box
        for corner in box:
            self._relying.setdefault(corner, set()).add(cell)

    def setdefault(self, cell: Cell, box: Box) -> None:
        if cell not in self._box:
            self.set(cell, box)

    def remove(self, cell: Cell) -> None:
        for corner in self._box.pop(cell, ()):
            self._relying[corner].discard(cell)

    def relying_on(self, corner: Cell) -> set[Cell]:
        return set(self._relying.get(corner, ()))


class _Boxes:
    """Finds boxes around a cell: one already hidden, or the cheapest to hide."""

    def __init__(
        self,
        values: np.ndarray,
        *,
        hidden: np.ndarray,
        room: np.ndarray | None = None,
        fixed: np.ndarray | None = None,
        need: int = 1,
    ) -> None:
        self.shape = values.shape
        self.ndim = values.ndim
        weight = 2**self.ndim  # more than the number of corners a box can add
        # Cost of withholding a visible cell: its count first, the number of cells second.
        self.base_cost = values.astype(np.float64) * weight + 1.0
        # A zero hides nothing and only moves up; use one only when no other box exists.
        self.base_cost[values == 0] = (float(values.max(initial=0)) + 1.0) * weight * weight
        self.hidden = hidden.copy()
        self.cost = np.where(self.hidden, 0.0, self.base_cost)
        room = values if room is None else room
        self.fixed = np.zeros(values.shape, dtype=bool) if fixed is None else fixed
        # A corner that falls must have ``need`` units of room; a fixed cell cannot move at all.
        self.positive = (room >= need) & ~self.fixed
        self.usable = ~self.fixed
        self.all_positive = bool(self.positive.all())
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
        self._negative_cache: dict[tuple[tuple[bool, ...], Subset], np.ndarray] = {}
        self._movable_cache: dict[Cell, np.ndarray] = {}

    def hide(self, cell: Cell) -> None:
        self.hidden[cell] = True
        self.cost[cell] = 0.0

    def show(self, cell: Cell) -> None:
        self.hidden[cell] = False
        self.cost[cell] = self.base_cost[cell]

    def _corners(self, cell: Cell, subset: Subset) -> tuple:
        """Index of the corners that differ from ``cell`` on ``subset``'s axes, for every box."""
        return tuple(slice(None) if a in subset else cell[a] for a in range(self.ndim))

    def _negative(self, inner: tuple[bool, ...], subset: Subset) -> np.ndarray:
        """Which boxes give the corner that moves on ``subset``'s axes the sign -1.

        Along one axis, a category and another category move in opposite directions; a category
        and its total move together. The corner's sign is the product over the moved axes.
        """
        key = (inner, subset)
        if key not in self._negative_cache:
            negative = np.zeros((1,) * self.ndim, dtype=bool)
            for axis in subset:
                if inner[axis]:
                    negative = negative ^ self.interior[axis]
            self._negative_cache[key] = negative
        return self._negative_cache[key]

    def _movable(self, cell: Cell) -> np.ndarray:
        """Boxes around ``cell`` that can move a unit without a count going negative: those
        whose falling corners (one sign or the other) are all at least 1. Also excludes
        "boxes" that reuse the cell's own position on some axis."""
        if cell not in self._movable_cache:
            movable = np.ones(self.shape, dtype=bool)
            if not self.all_positive:
                inner = tuple(cell[a] < self.shape[a] - 1 for a in range(self.ndim))
                falls_ok = np.ones((1,) * self.ndim, dtype=bool)  # the -1 corners can fall
                rises_ok = falls_ok.copy()  # the +1 corners can fall
                usable = np.ones((1,) * self.ndim, dtype=bool)  # no fixed corner
                for subset in self.subsets:
                    shape = self.view_shapes[subset]
                    corners = self._corners(cell, subset)
                    positive = self.positive[corners].reshape(shape)
                    usable = usable & self.usable[corners].reshape(shape)
                    negative = self._negative(inner, subset)
                    falls_ok = falls_ok & (~negative | positive)
                    rises_ok = rises_ok & (negative | positive)
                movable &= (falls_ok | rises_ok) & usable
            for axis in range(self.ndim):
                movable[tuple(cell[a] if a == axis else slice(None) for a in range(self.ndim))] = 0
            self._movable_cache[cell] = movable
        return self._movable_cache[cell]

    def _box(self, cell: Cell, other: tuple[int, ...]) -> Box:
        return tuple(
            tuple(other[a] if a in subset else cell[a] for a in range(self.ndim))
            for subset in self.subsets
        )

    def covering(self, cell: Cell) -> Box | None:
        """A movable box around ``cell`` whose corners are all hidden already, if any."""
        found = self._movable(cell).copy()
        for subset in self.subsets[1:]:
            found &= self.hidden[self._corners(cell, subset)].reshape(self.view_shapes[subset])
        best = int(np.argmax(found))
        if not found.flat[best]:
            return None
        return self._box(cell, np.unravel_index(best, self.shape))

    def cheapest(self, cell: Cell) -> Box | None:
        """The movable box around ``cell`` whose hidden corners cost least, if any."""
        total = np.where(self._movable(cell), 0.0, np.inf)
        for subset in self.subsets[1:]:
            total += self.cost[self._corners(cell, subset)].reshape(self.view_shapes[subset])
        best = int(np.argmin(total))
        if not np.isfinite(total.flat[best]):
            return None
        return self._box(cell, np.unravel_index(best, self.shape))
