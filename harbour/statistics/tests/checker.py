"""An independent check of what a reader can work out from a published table set.

Written from the definition, cell by cell, and sharing no code with the suppressor: every cell
of the cross-classification with all its margins is a variable; every total gives one equation
(the cells under it, minus it, make zero). Published cells are known; withheld and unpublished
cells are unknown.

- ``derivable``: a withheld cell is worked out exactly by adding and subtracting equations iff
  its unit vector lies in the row space of the equations restricted to the unknowns.
- ``feasible_range``: the least and greatest value a withheld cell can take, given also that
  counts are not negative (a linear programme), which catches "the total equals the one visible
  cell, so the withheld ones are zero".
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

import numpy as np
from scipy.optimize import linprog

Cell = tuple[int, ...]


class Published:
    """A table set as a reader sees it, over a cross-classification with totals."""

    def __init__(self, sizes: tuple[int, ...], known: Mapping[Cell, int], withheld: set[Cell]):
        # sizes: number of categories per dimension; position ``size`` is the total.
        self.sizes = sizes
        self.known = dict(known)
        self.withheld = set(withheld)
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

    def feasible_range(self, cell: Cell) -> tuple[float, float]:
        """Least and greatest value of ``cell`` over all non-negative tables that fit."""
        bounds = [
            (self.known[c], self.known[c]) if c in self.known else (0, None) for c in self.cells
        ]
        objective = np.zeros(len(self.cells))
        objective[self.index[cell]] = 1.0
        zeros = np.zeros(len(self.equations))
        low = linprog(objective, A_eq=self.equations, b_eq=zeros, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=self.equations, b_eq=zeros, bounds=bounds, method="highs")
        assert low.status == 0, low.message
        upper = np.inf if high.status == 3 else -high.fun
        return low.fun, upper

    def pinned(self) -> set[Cell]:
        """Withheld cells that cannot move by a whole unit either way."""
        found = set()
        for cell in self.withheld:
            low, high = self.feasible_range(cell)
            if high - low < 1 - 1e-7:
                found.add(cell)
        return found


def totals_of(counts: np.ndarray) -> dict[Cell, int]:
    """Every cell with totals, computed by brute force: each total sums the cells under it."""
    sizes = counts.shape
    result = {}
    for cell in itertools.product(*(range(size + 1) for size in sizes)):
        ranges = [range(s) if p == s else (p,) for p, s in zip(cell, sizes, strict=True)]
        result[cell] = int(sum(counts[inner] for inner in itertools.product(*ranges)))
    return result


def reader_view(counts: np.ndarray, tables: Iterable, order: list[str]) -> Published:
    """What a reader of the protected ``tables`` (drawn from ``counts``) knows.

    ``order`` names the dimensions of ``counts``. Each published cell's keys are mapped back to
    the full cross-classification: a dimension the table does not cross is at its total. The
    reader is given true values (not rounded ones): a stronger reader than a real one.
    """
    truth = totals_of(counts)
    known: dict[Cell, int] = {}
    withheld: set[Cell] = set()
    for table in tables:
        for keys, published in table.cells():
            by_name = {d.name: d.position(k) for d, k in zip(table.dimensions, keys, strict=True)}
            cell = tuple(by_name.get(name, counts.shape[axis]) for axis, name in enumerate(order))
            if published.withheld:
                withheld.add(cell)
            else:
                known[cell] = truth[cell]
    return Published(counts.shape, known, withheld)
