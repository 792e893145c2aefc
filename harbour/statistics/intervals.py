"""Protection intervals: what a reader can work out about a withheld cell, found by an optimiser.

The reader holds every published cell of a release and knows the rules: totals are sums of the
cells under them, counts are whole and not negative, cells declared zero by design are zero,
and, where zeros are shown, a withheld cell is at least 1. Over the cells of the
cross-classification (no totals: a total is the sum of the cells under it) that is a set of
linear constraints on whole numbers, and the least and greatest value a withheld cell can take
are two integer programmes, solved with HiGHS through ``scipy.optimize.milp``.

The promise (``docs/statistics.md``): every primarily withheld cell keeps a range of at least
``threshold`` values (0 to 4, or 1 to 5, under a threshold of 5). The box method of
:mod:`harbour.statistics.suppression` keeps it by construction; :func:`audit` checks it on
every release before it is stored, and :func:`change_ranges` finds what a reader holding two
versions of a period can work out about the change between them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from harbour.statistics.rules import SuppressionRules
from harbour.statistics.suppression import (
    NOT_WITHHELD,
    PRIMARY,
    SECONDARY,
    STRUCTURAL,
    protection_need,
)

Cell = tuple[int, ...]


@dataclass(frozen=True)
class Interval:
    low: float  # ``-inf`` for a change nothing bounds from below
    high: float  # ``inf`` when nothing bounds the cell from above

    @property
    def width(self) -> float:
        return self.high - self.low

    def __contains__(self, value: int) -> bool:
        return self.low <= value <= self.high


class ReaderModel:
    """The linear constraints a reader of one release knows, over its interior cells.

    ``values`` and ``status`` are with totals (the last position on each axis is the total);
    ``published`` marks the cells the release shows or withholds. ``all_withheld``: a release
    that withholds every figure tells the reader nothing, not even "at least 1".
    """

    def __init__(
        self,
        *,
        values: np.ndarray,
        published: np.ndarray,
        status: np.ndarray,
        rules: SuppressionRules,
        all_withheld: bool = False,
    ) -> None:
        self.values = np.asarray(values, dtype=np.int64)
        self.published = np.asarray(published, dtype=bool)
        self.status = np.asarray(status)
        self.rules = rules
        self.shape = self.values.shape
        inner = tuple(size - 1 for size in self.shape)
        interior = self.status[tuple(slice(0, size) for size in inner)]
        free = (interior != STRUCTURAL).ravel()
        # Variable number of each interior cell, -1 where the cell is zero by design.
        self._column = np.full(free.size, -1, dtype=np.int64)
        self._column[free] = np.arange(int(free.sum()))
        self._index = np.arange(free.size).reshape(inner) if inner else np.arange(1)
        self.size = int(free.sum())
        lower_withheld = 0 if (rules.suppress_zeros or all_withheld) else 1
        rows, lows, highs = [], [], []
        for position in map(tuple, np.argwhere(self.published).tolist()):
            code = self.status[position]
            if code == STRUCTURAL:
                continue
            if code == NOT_WITHHELD:
                value = float(self.values[position])
                rows.append(self._row(position))
                lows.append(value)
                highs.append(value)
            elif code in (PRIMARY, SECONDARY) and lower_withheld:
                rows.append(self._row(position))
                lows.append(float(lower_withheld))
                highs.append(np.inf)
        self._rows = np.vstack(rows) if rows else np.zeros((0, self.size))
        self._lows = np.array(lows)
        self._highs = np.array(highs)
        # A cap far above any value the reader could need: it only ever narrows a range, so a
        # range found wide enough under it is wide enough without it.
        self._cap = float(self.values.flat[-1]) + 4.0 * rules.threshold + 4.0

    def _row(self, position: Cell) -> np.ndarray:
        index = tuple(
            slice(None) if p == size - 1 else p
            for p, size in zip(position, self.shape, strict=True)
        )
        members = self._column[np.atleast_1d(self._index[index]).ravel()]
        row = np.zeros(self.size)
        row[members[members >= 0]] = 1.0
        return row

    def _extreme(self, objective: np.ndarray, *, maximise: bool) -> float:
        if not objective.any():
            return 0.0
        constraints = []
        if len(self._rows):
            constraints.append(LinearConstraint(csr_matrix(self._rows), self._lows, self._highs))
        result = milp(
            -objective if maximise else objective,
            integrality=np.ones(self.size),
            bounds=Bounds(0, self._cap),
            constraints=constraints,
        )
        if result.status != 0:
            raise RuntimeError(f"the reader's model has no solution: {result.message}")
        value = -result.fun if maximise else result.fun
        if maximise and value >= self._cap - 0.5:
            return float("inf")
        return float(round(value))

    def interval(self, position: Cell) -> Interval:
        """The least and greatest value of the cell at ``position`` the reader cannot rule out."""
        objective = self._row(position)
        return Interval(
            low=self._extreme(objective, maximise=False),
            high=self._extreme(objective, maximise=True),
        )

    def wide_enough(self, position: Cell, need: int) -> bool:
        """Whether the cell can take ``need + 1`` values or more (one programme when it can
        rise far enough from its true value, two otherwise)."""
        objective = self._row(position)
        true = float(self.values[position])
        high = self._extreme(objective, maximise=True)
        if high - true >= need:
            return True
        return high - self._extreme(objective, maximise=False) >= need


def audit(
    *,
    values: np.ndarray,
    published: np.ndarray,
    status: np.ndarray,
    rules: SuppressionRules,
    all_withheld: bool = False,
) -> list[Cell]:
    """The primarily withheld cells whose range is narrower than the promise (none, normally)."""
    model = ReaderModel(
        values=values, published=published, status=status, rules=rules, all_withheld=all_withheld
    )
    need = protection_need(rules)
    return [
        cell
        for cell in map(tuple, np.argwhere(published & (status == PRIMARY)).tolist())
        if not model.wide_enough(cell, need)
    ]


def change_ranges(
    earlier: ReaderModel, later: ReaderModel, cells: list[Cell]
) -> dict[Cell, Interval]:
    """What a reader holding both versions can work out about the change in each cell.

    The two versions are of the same period but of different records (late ones, corrections):
    nothing ties one version's withheld cells to the other's, so the change ranges from the
    later's least minus the earlier's greatest to the later's greatest minus the earlier's least.
    """
    ranges = {}
    for cell in cells:
        before, after = earlier.interval(cell), later.interval(cell)
        ranges[cell] = Interval(low=after.low - before.high, high=after.high - before.low)
    return ranges
