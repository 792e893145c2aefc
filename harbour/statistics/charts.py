"""Charts of figures a page already shows in a table (decision 0046).

A page's view builds a chart's figures with ``chart``; the template renders them as a JSON script
element beside the table (``{% include "includes/chart.html" %}``), and
``harbour/static/harbour/charts.mjs`` draws them with Chart.js, served from Harbour itself. The
table stays the accessible, complete version: a chart holds no figure the table does not, a
withheld figure (``PublishedCell`` with no value) is a gap in the chart and ``[c]`` in the
table, and without JavaScript only the table is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from harbour.statistics.published import PublishedCell

KINDS = frozenset({"bar", "line", "doughnut"})
UNITS = frozenset({"", "£", "%", "points"})


def chart_value(value) -> float | int | None:
    """A figure as the chart draws it: a number, or None where the figure is withheld or not
    there at all."""
    if isinstance(value, PublishedCell):
        value = value.value
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int | float):
        return value
    raise TypeError(f"not a figure: {value!r}")


def chart(
    *,
    kind: str,
    label: str,
    labels: Sequence[str],
    series: Iterable[tuple[str, Sequence]],
    unit: str = "",
    colours: Sequence[str] | None = None,
    stacked: bool = False,
    horizontal: bool = False,
) -> dict:
    """The figures of one chart: ``label`` names it for screen readers (the table beside it holds
    the same figures), ``labels`` are its categories and each of ``series`` a name and one
    figure per category. ``colours`` (GOV.UK colour names) colour each category instead of each
    series, for a chart with one series."""
    if kind not in KINDS:
        raise ValueError(f"unknown chart kind {kind!r}")
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    labels = [str(text) for text in labels]
    datasets = []
    for name, values in series:
        values = [chart_value(value) for value in values]
        if len(values) != len(labels):
            raise ValueError(f"series {name!r} has {len(values)} figures for {len(labels)} labels")
        datasets.append({"label": str(name), "data": values})
    if colours is not None and len(colours) != len(labels):
        raise ValueError("one colour for each category")
    return {
        "kind": kind,
        "label": str(label),
        "labels": labels,
        "datasets": datasets,
        "unit": unit,
        "colours": list(colours) if colours is not None else None,
        "stacked": stacked,
        "horizontal": horizontal,
    }
