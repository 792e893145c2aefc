"""What a protected table publishes: a value or a marker for every cell, and why."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from harbour.statistics.rules import Reason, SuppressionRules
from harbour.statistics.tables import Dimension, Key, Text

Figure = int | Decimal


@dataclass(frozen=True, slots=True)
class PublishedCell:
    """One published cell: its value, or ``None`` and the reason it is withheld."""

    value: Figure | None
    reason: Reason | None = None
    marker: str = "[c]"
    structural: bool = False
    """Zero by design (an area outside a pilot has no follow-ups): shown as ``[z]``."""

    @property
    def withheld(self) -> bool:
        return self.reason is not None

    def __str__(self) -> str:
        if self.structural:
            return STRUCTURAL_MARKER
        return self.marker if self.value is None else str(self.value)


STRUCTURAL_MARKER = "[z]"
"""What a cell that is zero by design shows (the GSS symbol for "not applicable")."""


class ProtectedTable:
    """A table as it may be published: every cell, with totals, after disclosure control.

    Withheld cells keep no value here, so nothing rendered from this object can leak one.
    ``rate_per`` is set for tables of rates (values are then ``Decimal``).
    """

    def __init__(
        self,
        *,
        name: str,
        title: Text,
        dimensions: tuple[Dimension, ...],
        rules: SuppressionRules,
        values: np.ndarray,
        reasons: np.ndarray,
        rate_per: int | None = None,
        structural: np.ndarray | None = None,
    ) -> None:
        expected = tuple(dimension.size + 1 for dimension in dimensions)
        if values.shape != expected or reasons.shape != expected:
            raise ValueError(f"values and reasons must have shape {expected}")
        if structural is None:
            structural = np.zeros(expected, dtype=bool)
        if structural.shape != expected:
            raise ValueError(f"structural must have shape {expected}")
        self._structural = structural
        self.name = name
        self.title = title
        self.dimensions = dimensions
        self.rules = rules
        self.rate_per = rate_per
        self._values = values
        self._reasons = reasons

    def __repr__(self) -> str:
        names = ", ".join(dimension.name for dimension in self.dimensions)
        return f"<ProtectedTable {self.name!r} ({names})>"

    @property
    def is_rate(self) -> bool:
        return self.rate_per is not None

    def dimension(self, name: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.name == name:
                return dimension
        raise KeyError(f"no dimension {name!r} in table {self.name!r}")

    def _position(self, keys: tuple[Key, ...]) -> tuple[int, ...]:
        if len(keys) != len(self.dimensions):
            raise KeyError(f"{keys!r} does not give one key for each dimension of {self.name!r}")
        return tuple(d.position(key) for d, key in zip(self.dimensions, keys, strict=True))

    def cell_at(self, position: tuple[int, ...]) -> PublishedCell:
        """The cell at array ``position`` (the total is the last position on each axis)."""
        reason = self._reasons[position]
        value = None if reason is not None else self._values[position]
        return PublishedCell(
            value=value,
            reason=reason,
            marker=self.rules.marker,
            structural=bool(self._structural[position]),
        )

    def cell(self, *keys: Key) -> PublishedCell:
        """The cell at ``keys`` (one per dimension, in order; ``TOTAL`` for a total)."""
        return self.cell_at(self._position(keys))

    def keys_at(self, position: tuple[int, ...]) -> tuple[Key, ...]:
        return tuple(d.key_at(i) for d, i in zip(self.dimensions, position, strict=True))

    def cells(self) -> Iterator[tuple[tuple[Key, ...], PublishedCell]]:
        """Every cell with its keys, categories in order and each total after them."""
        for position in np.ndindex(self._values.shape):
            yield self.keys_at(position), self.cell_at(position)

    def withheld_cells(self) -> dict[tuple[Key, ...], Reason]:
        """Keys of every withheld cell and why it is withheld (for review, not for readers)."""
        return {keys: cell.reason for keys, cell in self.cells() if cell.reason is not None}

    @property
    def any_withheld(self) -> bool:
        return any(reason is not None for reason in self._reasons.flat)

    @property
    def any_structural(self) -> bool:
        return bool(self._structural.any())

    def as_mapping(self) -> dict[tuple[Key, ...], Figure | None]:
        """``{keys: value}``, ``None`` where withheld: e.g. a denominator for another rate."""
        return {keys: cell.value for keys, cell in self.cells()}
