"""The published figures an indicator can be read from: a registry filled by the apps that
read the releases (``harbour.insights.sections.indicators``), as ``table_sets`` is filled by
the apps that publish them. Each measure reads one figure from a stored release of its table
set (for one area, or the region), as published: a withheld figure stays withheld."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from harbour.statistics.tables import Text

if TYPE_CHECKING:
    from harbour.statistics.published import PublishedCell
    from harbour.statistics.releases import StoredRelease


@dataclass(frozen=True)
class Measure:
    """``read(release, area)`` gives the figure of ``area`` (a GSS code; "" for the region) in
    ``release`` of ``table_set``, or None when the release has no such area."""

    key: str
    label: Text
    table_set: str
    unit: str  # "", "%", or words after the figure ("per 10,000 women aged 16 and over")
    read: Callable[[StoredRelease, str], PublishedCell | None]


class MeasureRegistry:
    def __init__(self) -> None:
        self._measures: dict[str, Measure] = {}

    def register(self, measure: Measure) -> Measure:
        if measure.key in self._measures and self._measures[measure.key] is not measure:
            raise ValueError(f"a measure named {measure.key!r} is already registered")
        self._measures[measure.key] = measure
        return measure

    def get(self, key: str) -> Measure | None:
        return self._measures.get(key)

    def choices(self) -> list[tuple[str, str]]:
        return [(m.key, str(m.label)) for m in sorted(self._measures.values(), key=lambda m: m.key)]


measures = MeasureRegistry()
