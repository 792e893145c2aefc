"""An independent check of what a reader can work out from a published table set.

Written from the definition, cell by cell, and sharing no code with the suppressor: every cell
of the cross-classification with all its margins is a variable; every total gives one equation
(the cells under it, minus it, make zero). Published cells are known; withheld and unpublished
cells are unknown.

- ``derivable``: a withheld cell is worked out exactly by adding and subtracting equations iff
  its unit vector lies in the row space of the equations restricted to the unknowns.
- ``feasible_range``: the least and greatest value a withheld cell can take, given also that
  counts are whole and not negative, that structural zeros are zero and, where zeros are shown,
  that a withheld cell is at least 1 (integer programmes, ``scipy.optimize.milp``). This
  catches "the total equals the one visible cell, so the withheld ones are zero" and "0, [c], 6,
  [c] with total 8: both withheld cells are 1".
- ``change_range``: what a reader holding two versions of the same cells (a release and its
  revision) can work out about the change in one cell, from both at once.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import block_diag, csr_matrix

Cell = tuple[int, ...]


class Published:
    """A table set as a reader sees it, over a cross-classification with totals."""

    def __init__(
        self,
        sizes: tuple[int, ...],
        known: Mapping[Cell, int],
        withheld: set[Cell],
        *,
        at_least_one: bool = False,
        primary: set[Cell] | None = None,
    ):
        # sizes: number of categories per dimension; position ``size`` is the total.
        # ``at_least_one``: zeros are shown, so the reader knows a withheld cell is at least 1.
        # ``primary``: the withheld cells the promise is about (all withheld ones if None).
        self.sizes = sizes
        self.known = dict(known)
        self.withheld = set(withheld)
        self.at_least_one = at_least_one
        self.primary = set(withheld) if primary is None else set(primary)
        self.cells = list(itertools.product(*(range(size + 1) for size in sizes)))
        self.index = {cell: i for i, cell in enumerate(self.cells)}
        self.equations = self._equations()

    def _equations(self) -> np.ndarray:
        rows = []
        for axis, size in enumerate(self.sizes):
            others = [range(s + 1) for a, s in enumerate(self.sizes) if a != axis]
            for rest in itertools.product(*others):
                row = np.zeros(len(self.cells))
                for position in range(size + 1):
                    cell = (*rest[:axis], position, *rest[axis:])
                    row[self.index[cell]] = -1.0 if position == size else 1.0
                rows.append(row)
        return np.array(rows)

    def unknown(self) -> list[Cell]:
        return [cell for cell in self.cells if cell not in self.known]

    def derivable(self) -> set[Cell]:
        """Withheld cells whose value follows exactly from the published ones."""
        columns = [self.index[cell] for cell in self.unknown()]
        restricted = self.equations[:, columns]
        restricted = restricted[np.any(restricted != 0, axis=1)]
        rank = np.linalg.matrix_rank(restricted) if restricted.size else 0
        found = set()
        for cell in self.withheld:
            unit = np.zeros((1, len(columns)))
            unit[0, columns.index(self.index[cell])] = 1.0
            stacked = np.vstack([restricted, unit]) if restricted.size else unit
            if np.linalg.matrix_rank(stacked) == rank:
                found.add(cell)
        return found

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Each cell's least and greatest value before the equations: a known value, at least 1
        for a withheld cell where zeros are shown, else at least 0."""
        low = np.zeros(len(self.cells))
        high = np.full(len(self.cells), np.inf)
        for cell, i in self.index.items():
            if cell in self.known:
                low[i] = high[i] = self.known[cell]
            elif cell in self.withheld and self.at_least_one:
                low[i] = 1
        return low, high

    def feasible_range(self, cell: Cell) -> tuple[float, float]:
        """Least and greatest value of ``cell`` over all whole, non-negative tables that fit."""
        objective = np.zeros(len(self.cells))
        objective[self.index[cell]] = 1.0
        low, high = self.bounds()
        return integer_range(objective, csr_matrix(self.equations), low, high)

    def pinned(self) -> set[Cell]:
        """Withheld cells that cannot move by a whole unit either way."""
        return self.narrower_than(1, cells=self.withheld)

    def narrower_than(self, width: int, cells: set[Cell] | None = None) -> set[Cell]:
        """Primarily withheld cells (or ``cells``) whose range is narrower than ``width`` (the
        promise is ``threshold - 1``: a range of ``threshold`` values)."""
        found = set()
        for cell in self.primary if cells is None else cells:
            low, high = self.feasible_range(cell)
            if high - low < width - 1e-7:
                found.add(cell)
        return found


def integer_range(
    objective: np.ndarray, equations, low: np.ndarray, high: np.ndarray
) -> tuple[float, float]:
    """Least and greatest of ``objective @ x`` over whole ``x`` with ``equations @ x == 0`` and
    ``low <= x <= high`` (``inf`` when nothing bounds it)."""
    constraints = [LinearConstraint(equations, 0, 0)] if equations.shape[0] else []
    integrality = np.ones(len(objective))
    bounds = Bounds(low, high)

    def extreme(sign: float) -> float:
        found = milp(
            sign * objective, integrality=integrality, bounds=bounds, constraints=constraints
        )
        if found.status == 0:
            return sign * found.fun
        # Not optimal: the relaxation tells whether the objective runs off without bound.
        relaxed = linprog(
            sign * objective,
            A_eq=equations,
            b_eq=np.zeros(equations.shape[0]),
            bounds=list(zip(low, [None if np.isinf(h) else h for h in high], strict=True)),
            method="highs",
        )
        assert relaxed.status == 3, found.message
        return sign * -np.inf

    return extreme(1.0), extreme(-1.0)


def change_range(before: Published, after: Published, cell: Cell) -> tuple[float, float]:
    """Least and greatest change ``after - before`` in ``cell`` that a reader holding both
    versions cannot rule out: one integer programme over both versions' cells at once."""
    assert before.sizes == after.sizes
    size = len(before.cells)
    objective = np.zeros(2 * size)
    objective[before.index[cell]] = -1.0
    objective[size + after.index[cell]] = 1.0
    equations = block_diag([csr_matrix(before.equations), csr_matrix(after.equations)])
    low_before, high_before = before.bounds()
    low_after, high_after = after.bounds()
    return integer_range(
        objective,
        csr_matrix(equations),
        np.concatenate([low_before, low_after]),
        np.concatenate([high_before, high_after]),
    )


def totals_of(counts: np.ndarray) -> dict[Cell, int]:
    """Every cell with totals, computed by brute force: each total sums the cells under it."""
    sizes = counts.shape
    result = {}
    for cell in itertools.product(*(range(size + 1) for size in sizes)):
        ranges = [range(s) if p == s else (p,) for p, s in zip(cell, sizes, strict=True)]
        result[cell] = int(sum(counts[inner] for inner in itertools.product(*ranges)))
    return result


def reader_view(
    counts: np.ndarray,
    tables: Iterable,
    order: list[str],
    *,
    zeros_shown: bool = False,
    all_withheld: bool = False,
    structural: np.ndarray | None = None,
) -> Published:
    """What a reader of the protected ``tables`` (drawn from ``counts``) knows.

    ``order`` names the dimensions of ``counts``. Each published cell's keys are mapped back to
    the full cross-classification: a dimension the table does not cross is at its total. The
    reader is given true values (not rounded ones): a stronger reader than a real one. A cell
    published as zero by design is known to be 0. With ``zeros_shown`` (the rules show zeros,
    and the release withholds not every figure) the reader knows a withheld cell is at least 1.
    ``structural`` marks the cells of ``counts`` declared zero by design: the reader knows them.
    """
    truth = totals_of(counts)
    known: dict[Cell, int] = {}
    if structural is not None:
        known.update({tuple(c): 0 for c in np.argwhere(structural).tolist()})
    withheld: set[Cell] = set()
    primary: set[Cell] = set()
    for table in tables:
        for keys, published in table.cells():
            by_name = {d.name: d.position(k) for d, k in zip(table.dimensions, keys, strict=True)}
            cell = tuple(by_name.get(name, counts.shape[axis]) for axis, name in enumerate(order))
            if published.withheld:
                withheld.add(cell)
                if published.reason == "primary":
                    primary.add(cell)
            elif published.structural:
                known[cell] = 0
            else:
                known[cell] = truth[cell]
    return Published(
        counts.shape,
        known,
        withheld,
        at_least_one=zeros_shown and not all_withheld,
        primary=primary,
    )
