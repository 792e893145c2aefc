"""Tables of counts: their dimensions, their cells and the totals around them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, TypeAlias

import numpy as np
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Text: TypeAlias = str | Promise


class _Total:
    """The key of the total (all categories) of a dimension."""

    _instance: _Total | None = None

    def __new__(cls) -> _Total:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "TOTAL"

    def __reduce__(self) -> str:
        return "TOTAL"


TOTAL: Final = _Total()
"""Use as a cell key for "all categories of this dimension"."""

Key: TypeAlias = str | _Total


@dataclass(frozen=True)
class Dimension:
    """One way of classifying a count: its name, its categories (keys) and how they read.

    ``categories`` are stable keys (a GSS code, ``"2024-Q1"``); ``category_labels`` are what a
    reader sees, in the same order (the keys themselves when left empty).
    """

    name: str
    categories: tuple[str, ...]
    label: Text = ""
    category_labels: tuple[Text, ...] = ()
    total_label: Text = field(default=_("Total"))

    def __post_init__(self) -> None:
        if not self.name or not self.name.isidentifier():
            raise ValueError(f"dimension name must be an identifier, not {self.name!r}")
        object.__setattr__(self, "categories", tuple(self.categories))
        object.__setattr__(self, "category_labels", tuple(self.category_labels))
        if not self.categories:
            raise ValueError(f"dimension {self.name!r} has no categories")
        if not all(isinstance(key, str) and key for key in self.categories):
            raise ValueError(f"dimension {self.name!r}: category keys must be non-empty strings")
        if len(set(self.categories)) != len(self.categories):
            raise ValueError(f"dimension {self.name!r} repeats a category key")
        if self.category_labels and len(self.category_labels) != len(self.categories):
            raise ValueError(f"dimension {self.name!r}: one label is needed for each category")

    @property
    def size(self) -> int:
        return len(self.categories)

    def position(self, key: Key) -> int:
        """Index of ``key`` along this dimension in a table with totals (TOTAL is last)."""
        if key is TOTAL:
            return self.size
        try:
            return self.categories.index(key)  # type: ignore[arg-type]
        except ValueError:
            raise KeyError(f"{key!r} is not a category of {self.name!r}") from None

    def key_at(self, position: int) -> Key:
        return TOTAL if position == self.size else self.categories[position]

    def label_for(self, key: Key) -> Text:
        if key is TOTAL:
            return self.total_label
        if self.category_labels:
            return self.category_labels[self.position(key)]
        return key  # type: ignore[return-value]


@dataclass(frozen=True)
class PublishedTable:
    """One table of a published set: its name, title and the dimensions it crosses (in order).

    A table over no dimensions publishes the grand total alone.
    """

    name: str
    dimensions: tuple[str, ...]
    title: Text = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "dimensions", tuple(self.dimensions))
        if len(set(self.dimensions)) != len(self.dimensions):
            raise ValueError(f"table {self.name!r} repeats a dimension")


@dataclass(frozen=True, eq=False)
class CountTable:
    """Counts over the cross-classification of ``dimensions`` (no totals: they are derived)."""

    dimensions: tuple[Dimension, ...]
    counts: np.ndarray

    def __post_init__(self) -> None:
        object.__setattr__(self, "dimensions", tuple(self.dimensions))
        names = [dimension.name for dimension in self.dimensions]
        if not names:
            raise ValueError("a table needs at least one dimension")
        if len(set(names)) != len(names):
            raise ValueError(f"dimension names repeat: {names}")
        counts = np.asarray(self.counts)
        expected = tuple(dimension.size for dimension in self.dimensions)
        if counts.shape != expected:
            raise ValueError(f"counts have shape {counts.shape}, dimensions need {expected}")
        whole = np.issubdtype(counts.dtype, np.integer) or np.all(np.mod(counts, 1) == 0)
        if not whole:
            raise ValueError("counts must be whole numbers")
        counts = counts.astype(np.int64)
        if np.any(counts < 0):
            raise ValueError("counts cannot be negative")
        counts.setflags(write=False)
        object.__setattr__(self, "counts", counts)

    @classmethod
    def from_counts(
        cls,
        dimensions: Sequence[Dimension],
        counts: Mapping[tuple[str, ...], int] | Iterable[tuple[tuple[str, ...], int]],
    ) -> CountTable:
        """Build from ``{(key, key, ...): count}`` or ``((keys), count)`` pairs (summed).

        Keys are given in the order of ``dimensions``; a missing combination counts 0 and an
        unknown key is an error, so nothing is silently dropped from a published figure.
        """
        dimensions = tuple(dimensions)
        array = np.zeros(tuple(dimension.size for dimension in dimensions), dtype=np.int64)
        pairs = counts.items() if isinstance(counts, Mapping) else counts
        for keys, count in pairs:
            if len(keys) != len(dimensions):
                raise ValueError(f"{keys!r} does not give one key for each dimension")
            if isinstance(count, bool) or int(count) != count or count < 0:
                raise ValueError(f"count for {keys!r} must be a non-negative whole number")
            position = tuple(
                dimension.position(key) for dimension, key in zip(dimensions, keys, strict=True)
            )
            array[position] += int(count)
        return cls(dimensions=dimensions, counts=array)

    def dimension(self, name: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.name == name:
                return dimension
        raise KeyError(f"no dimension {name!r}")


def with_totals(counts: np.ndarray) -> np.ndarray:
    """``counts`` with a total appended along every axis (margins, and margins of margins)."""
    extended = np.asarray(counts, dtype=np.int64)
    for axis in range(extended.ndim):
        extended = np.concatenate([extended, extended.sum(axis=axis, keepdims=True)], axis=axis)
    return extended


def structural_with_totals(structural: np.ndarray) -> np.ndarray:
    """Which cells with totals are zero by design: a total is, when every cell under it is."""
    extended = np.asarray(structural, dtype=bool)
    for axis in range(extended.ndim):
        extended = np.concatenate([extended, extended.all(axis=axis, keepdims=True)], axis=axis)
    return extended
