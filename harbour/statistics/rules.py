"""The rules a published table is protected under, and why a cell was withheld."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Reason(StrEnum):
    """Why a published cell is withheld.

    Reasons are for the people who produce statistics (quality review, audit). Public output shows
    one marker for every withheld cell: telling a reader which cells are small (primary) and
    which were withheld to protect them (secondary) would itself disclose the small ones.
    """

    PRIMARY = "primary"
    """The count is under the threshold (or is a zero, where zeros are withheld)."""
    SECONDARY = "secondary"
    """The count is safe on its own but would let a withheld count be worked out."""
    RATE = "rate"
    """A rate whose numerator or denominator is withheld or unknown."""


@dataclass(frozen=True, slots=True)
class SuppressionRules:
    """How small counts are withheld and how the rest are shown.

    ``threshold``: counts from 1 to ``threshold - 1`` are withheld (primary suppression).
    ``suppress_zeros``: whether a true zero is withheld too. Common UK practice shows zeros,
    because "nobody" identifies nobody; withhold them where the absence itself is sensitive.
    ``rounding_base``: if set, every published count is rounded to the nearest multiple (halves
    upwards), after suppression has been decided on the true counts. ``ons_10_5()`` gives the ONS
    "10-5 rule". ``marker``: what a withheld cell shows.
    """

    threshold: int = 5
    suppress_zeros: bool = False
    rounding_base: int | None = None
    marker: str = "[c]"
    derived_minimum: int | None = None
    """Fewest cases behind a rate, share, mean or other figure derived from counts: 10, or the
    threshold if that is higher, unless set."""

    def __post_init__(self) -> None:
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, int):
            raise TypeError(f"threshold must be an int, not {self.threshold!r}")
        if self.threshold < 1:
            raise ValueError(f"threshold must be 1 or more, not {self.threshold}")
        if not isinstance(self.suppress_zeros, bool):
            raise TypeError(f"suppress_zeros must be a bool, not {self.suppress_zeros!r}")
        if self.rounding_base is not None:
            if isinstance(self.rounding_base, bool) or not isinstance(self.rounding_base, int):
                raise TypeError(f"rounding_base must be an int or None, not {self.rounding_base!r}")
            if self.rounding_base < 2:
                raise ValueError(f"rounding_base must be 2 or more, not {self.rounding_base}")
        if self.derived_minimum is None:
            object.__setattr__(self, "derived_minimum", max(10, self.threshold))
        if isinstance(self.derived_minimum, bool) or not isinstance(self.derived_minimum, int):
            raise TypeError(f"derived_minimum must be an int, not {self.derived_minimum!r}")
        if self.derived_minimum < self.threshold:
            raise ValueError("derived_minimum must be at least the threshold")
        if not isinstance(self.marker, str) or not self.marker.strip():
            raise ValueError("marker must be a non-empty string")

    @classmethod
    def ons_10_5(cls, *, suppress_zeros: bool = False, marker: str = "[c]") -> SuppressionRules:
        """The ONS "10-5 rule": withhold counts under 10, round the rest to the nearest 5."""
        return cls(
            threshold=10,
            rounding_base=5,
            suppress_zeros=suppress_zeros,
            marker=marker,
        )

    def is_small(self, count: int) -> bool:
        """Whether ``count`` is withheld on its own (primary suppression)."""
        if count == 0:
            return self.suppress_zeros
        return count < self.threshold

    def rounded(self, count: int) -> int:
        """``count`` as published: rounded to the nearest ``rounding_base``, halves upwards."""
        if self.rounding_base is None:
            return count
        return (count + self.rounding_base // 2) // self.rounding_base * self.rounding_base
