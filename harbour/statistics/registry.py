"""Declared table sets: the only way figures leave Harbour.

An app declares, in its ``published_tables`` module, each set of tables it publishes: the
dimensions (with their categories), the tables crossing them, and a function that produces the
counts. Readers never filter raw counts freely; they get these fixed tables, protected together::

    from harbour.statistics.registry import DimensionSpec, TableSetSpec, table_sets

    table_sets.register(TableSetSpec(
        name="example.cases",
        title=_("MARAC cases"),
        dimensions=(DimensionSpec("area", _("Area"), area_categories),
                    DimensionSpec("quarter", _("Quarter"), quarter_categories)),
        tables=(PublishedTable("by_area", ("area",), _("Cases by area")),
                PublishedTable("by_area_quarter", ("area", "quarter"), _("By area and quarter"))),
        counts=marac_case_counts,  # () -> {(gss_code, quarter): count}
    ))

    tables = table_set_publish(name="example.cases")  # {"by_area": ProtectedTable, ...}

Every table drawn from the same counts belongs in the same set: tables protected apart can be
subtracted from one another.

A set given a ``period`` is *released*: its figures are made for each complete period once,
stored and shown from storage (:mod:`harbour.statistics.releases`); ``counts`` then takes the
period. Pages publish such sets only through their releases.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from harbour.statistics.periods import Period, PeriodLength
from harbour.statistics.protect import protect_table_set
from harbour.statistics.published import ProtectedTable
from harbour.statistics.rules import SuppressionRules
from harbour.statistics.tables import CountTable, Dimension, PublishedTable, Text

Categories = Sequence[tuple[str, Text]]
Counts = Mapping[tuple[str, ...], int] | Iterable[tuple[tuple[str, ...], int]]


@dataclass(frozen=True)
class DimensionSpec:
    """A dimension whose categories, ``(key, label)`` pairs, may be read when published
    (areas come from the database, so a region that adds one needs no code change)."""

    name: str
    label: Text
    categories: Categories | Callable[[], Categories]
    total_label: Text = field(default=_("Total"))

    def build(self) -> Dimension:
        categories = self.categories() if callable(self.categories) else self.categories
        categories = list(categories)
        return Dimension(
            name=self.name,
            label=self.label,
            categories=tuple(key for key, _label in categories),
            category_labels=tuple(label for _key, label in categories),
            total_label=self.total_label,
        )


@dataclass(frozen=True)
class TableSetSpec:
    """A fixed set of tables published together, and where their counts come from.

    ``counts`` returns counts keyed by one category key per dimension, in the order of
    ``dimensions``; it takes no arguments (a published set is fixed, not a query), or, for a
    released set, the :class:`~harbour.statistics.periods.Period`. ``rules`` defaults to the
    deployment's (``HARBOUR_STATISTICS``).

    A released set (one with a ``period`` length) also says:

    - ``starts``: the first day its series covers (the first record), or None before any;
    - ``structural_zeros``: ``period -> ({dimension: key} -> bool)``, saying which cells are zero
      by design in that period (an area outside the pilot has no follow-ups). They are
      published as such, never withheld, never used to hide another cell; a count in one is
      an error;
    - ``lag_days``: how long after a period ends its first release waits for records to come in;
    - ``revise_every_months``: how often late records and corrections are looked at for each
      released period (revisions are batched, and held back until the change is safe);
    - ``estimates``: ``(period, tables) -> dict``, figures worked out when the release is made
      (and again for each revision) and stored with it: model estimates from records that are
      not publishable counts (an interval from questionnaire tallies), or the amounts a derived
      figure divides by the published counts. ``tables`` are the release's protected tables as
      a reader gets them. The dict must be JSON (decimals are stored as text); every figure in
      it must already be withheld where the output rules say so: it is published as stored.
    - ``total_shown``: the grand total is withheld only when it is small itself, never to
      protect other cells. Every set that counts the same records as another (by other
      dimensions) says so, so that the total they share is shown by both or by neither;
    - ``open_data``: whether its releases are published to anyone, as open data (the public
      JSON API at ``/open-data/api/``); False by default, so a set is open only when it says so
      (decision 0055).
    """

    name: str
    title: Text
    dimensions: tuple[DimensionSpec, ...]
    tables: tuple[PublishedTable, ...]
    counts: Callable[..., Counts]
    rules: SuppressionRules | None = None
    period: PeriodLength | None = None
    starts: Callable[[], datetime.date | None] | None = None
    structural_zeros: Callable[[Period], Callable[[dict[str, str]], bool]] | None = None
    lag_days: int = 0
    revise_every_months: int = 12
    estimates: Callable[[Period, Mapping[str, ProtectedTable]], dict] | None = None
    open_data: bool = False
    total_shown: bool = False

    @property
    def is_released(self) -> bool:
        return self.period is not None

    def __post_init__(self) -> None:
        if self.period is not None and self.starts is None:
            raise ValueError(f"released table set {self.name!r} needs starts")
        if self.estimates is not None and self.period is None:
            raise ValueError(f"table set {self.name!r}: only a released set stores estimates")
        if self.open_data and self.period is None:
            raise ValueError(f"table set {self.name!r}: only a released set can be open data")
        if self.lag_days < 0 or self.revise_every_months < 1:
            raise ValueError(f"table set {self.name!r}: lag and revision interval out of range")
        names = [d.name for d in self.dimensions]
        if len(set(names)) != len(names):
            raise ValueError(f"table set {self.name!r} repeats a dimension")
        if not self.tables:
            raise ValueError(f"table set {self.name!r} has no tables")
        for table in self.tables:
            unknown = sorted(set(table.dimensions) - set(names))
            if unknown:
                raise ValueError(f"table {table.name!r} of {self.name!r} crosses {unknown}")


class TableSetRegistry:
    """The table sets Harbour publishes, by name."""

    def __init__(self) -> None:
        self._sets: dict[str, TableSetSpec] = {}

    def register(self, spec: TableSetSpec) -> TableSetSpec:
        if spec.name in self._sets and self._sets[spec.name] is not spec:
            raise ValueError(f"a table set named {spec.name!r} is already registered")
        self._sets[spec.name] = spec
        return spec

    def unregister(self, name: str) -> None:
        del self._sets[name]

    def get(self, name: str) -> TableSetSpec:
        try:
            return self._sets[name]
        except KeyError:
            raise KeyError(f"no published table set named {name!r}") from None

    def names(self) -> list[str]:
        return sorted(self._sets)


table_sets = TableSetRegistry()


def table_set_publish(
    *, name: str, registry: TableSetRegistry | None = None
) -> dict[str, ProtectedTable]:
    """Produce the counts of the named set and protect all its tables together.

    For sets without a period only: a released set is published through its releases."""
    spec = (registry or table_sets).get(name)
    if spec.is_released:
        raise ValueError(f"{name!r} is released by period: show its releases instead")
    dimensions = tuple(d.build() for d in spec.dimensions)
    counts = CountTable.from_counts(dimensions, spec.counts())
    return protect_table_set(
        counts, tables=spec.tables, rules=spec.rules, total_shown=spec.total_shown
    )
