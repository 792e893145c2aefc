"""A released table set over synthetic records, for the release tests: records are kept in a
list that tests add late records to and correct, as a case system would."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from harbour.statistics.periods import MONTH, Period, PeriodLength
from harbour.statistics.registry import DimensionSpec, TableSetRegistry, TableSetSpec
from harbour.statistics.rules import SuppressionRules
from harbour.statistics.tables import PublishedTable


@dataclass
class Records:
    """Synthetic records: (day, keys...) each, and which cells are zero by design."""

    rows: list[tuple] = field(default_factory=list)
    structural: set[tuple[str, ...]] = field(default_factory=set)

    def counts(self, period: Period) -> Counter:
        return Counter(tuple(keys) for day, *keys in self.rows if period.start <= day < period.end)

    def add(self, day: datetime.date, *keys: str, times: int = 1) -> None:
        self.rows.extend([(day, *keys)] * times)

    def correct(self, day: datetime.date, old: tuple[str, ...], new: tuple[str, ...]) -> None:
        self.rows[self.rows.index((day, *old))] = (day, *new)


def released_set(
    records: Records,
    *,
    dimensions: dict[str, list[str]],
    tables: list[tuple[str, ...]],
    rules: SuppressionRules | None = None,
    length: PeriodLength = MONTH,
    start: datetime.date = datetime.date(2026, 1, 1),
    name: str = "test.releases",
) -> tuple[TableSetRegistry, TableSetSpec]:
    registry = TableSetRegistry()
    names = list(dimensions)
    spec = registry.register(
        TableSetSpec(
            name=name,
            title="Test releases",
            dimensions=tuple(
                DimensionSpec(n, n.title(), [(k, k.upper()) for k in keys])
                for n, keys in dimensions.items()
            ),
            tables=tuple(PublishedTable("-".join(t) or "total", t) for t in tables),
            counts=records.counts,
            rules=rules or SuppressionRules(),
            period=length,
            starts=lambda: start,
            structural_zeros=lambda _period: (
                lambda keys: tuple(keys[n] for n in names) in records.structural
            ),
        )
    )
    return registry, spec
