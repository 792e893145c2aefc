"""A protected table as readers get it: a grid for pages, CSV and JSON, with its footnotes.

Every form shows a withheld cell as the rules' marker ("[c]") and never says why: which cells
are small and which were withheld to protect them is itself disclosive.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from harbour.statistics.export import SafeCsvWriter
from harbour.statistics.published import STRUCTURAL_MARKER, ProtectedTable, PublishedCell
from harbour.statistics.tables import TOTAL, Dimension, Text


def footnotes(table: ProtectedTable) -> list[str]:
    """The notes a reader needs to read ``table`` (translated into the active language)."""
    rules = table.rules
    notes = []
    if table.any_withheld:
        if rules.suppress_zeros:
            why = gettext(
                "%(marker)s: withheld so that no one can be identified. Counts under "
                "%(threshold)s, zeros included, are withheld, and so are some other figures, so "
                "that a withheld count cannot be worked out from the totals."
            )
        else:
            why = gettext(
                "%(marker)s: withheld so that no one can be identified. Counts from 1 to "
                "%(largest)s are withheld, and so are some other figures, so that a withheld "
                "count cannot be worked out from the totals."
            )
        notes.append(
            why
            % {"marker": rules.marker, "threshold": rules.threshold, "largest": rules.threshold - 1}
        )
    if table.any_structural:
        notes.append(
            gettext("%(marker)s: none, by design (for example, an area outside a pilot).")
            % {"marker": STRUCTURAL_MARKER}
        )
    if rules.rounding_base is not None:
        notes.append(
            gettext(
                "Counts are rounded to the nearest %(base)s, so totals may differ from the sum "
                "of the figures shown."
            )
            % {"base": rules.rounding_base}
        )
    if table.is_rate:
        notes.append(
            gettext(
                "Rates are per %(per)s people and are worked out from the published counts; a "
                "rate is withheld where its count or its population is withheld or unknown."
            )
            % {"per": f"{table.rate_per:,}"}
        )
    return notes


@dataclass(frozen=True)
class Grid:
    """A table laid out for a page: column headings, then rows of (heading, cells)."""

    corner: Text
    columns: list[Text]
    rows: list[tuple[Text, list[PublishedCell]]]
    notes: list[str]


def grid(table: ProtectedTable) -> Grid:
    """One dimension: a row per category. Two: rows by the first, columns by the second.
    More: one row per combination of all but the last dimension. Totals come last."""
    dimensions = table.dimensions
    notes = footnotes(table)
    if not dimensions:
        return Grid("", [""], [(gettext("Total"), [table.cell()])], notes)
    last = dimensions[-1]
    columns = [last.label_for(key) for key in _keys(last)]
    if len(dimensions) == 1:
        rows = [(last.label_for(key), [table.cell(key)]) for key in _keys(last)]
        return Grid(last.label, [table.title or gettext("Count")], rows, notes)
    rows = []
    for leading in itertools.product(*(_keys(d) for d in dimensions[:-1])):
        heading = ", ".join(str(d.label_for(k)) for d, k in zip(dimensions, leading, strict=False))
        rows.append((heading, [table.cell(*leading, key) for key in _keys(last)]))
    corner = " / ".join(str(d.label or d.name) for d in dimensions[:-1])
    return Grid(corner, columns, rows, notes)


def _keys(dimension: Dimension) -> list:
    return [*dimension.categories, TOTAL]


def _text(cell: PublishedCell) -> Any:
    if cell.structural:
        return STRUCTURAL_MARKER
    return cell.marker if cell.value is None else cell.value


def csv_rows(table: ProtectedTable, *, notes: bool = True) -> Iterator[list[Any]]:
    """Rows in long form: one column per dimension (codes too, where labels differ), a value.

    With ``notes``, a blank row and the footnotes follow the data; open-data files that must
    parse as one block pass ``notes=False`` and ship the notes with the JSON or metadata.
    """
    header: list[Any] = []
    for dimension in table.dimensions:
        header.append(dimension.label or dimension.name)
        if dimension.category_labels:
            header.append(gettext("%(dimension)s code") % {"dimension": header[-1]})
    if table.is_rate:
        header.append(gettext("Rate per %(per)s") % {"per": f"{table.rate_per:,}"})
    else:
        header.append(gettext("Count"))
    yield header
    for keys, cell in table.cells():
        row: list[Any] = []
        for dimension, key in zip(table.dimensions, keys, strict=True):
            row.append(dimension.label_for(key))
            if dimension.category_labels:
                row.append("" if key is TOTAL else key)
        row.append(_text(cell))
        yield row
    if notes and (footnote_lines := footnotes(table)):
        yield []
        for line in footnote_lines:
            yield [line]


def write_csv(table: ProtectedTable, file: Any, *, notes: bool = True) -> None:
    """Write ``table`` as CSV to ``file``, safe against spreadsheet formulas."""
    SafeCsvWriter(file).writerows(csv_rows(table, notes=notes))


def to_csv(table: ProtectedTable, *, notes: bool = True) -> str:
    buffer = io.StringIO()
    write_csv(table, buffer, notes=notes)
    return buffer.getvalue()


def to_json(table: ProtectedTable) -> dict[str, Any]:
    """A JSON-ready dict. A key of ``null`` means the total over that dimension; a withheld
    cell has ``"value": null`` and ``"marker"``; rates are strings, to keep their decimals."""
    cells = []
    for keys, cell in table.cells():
        item: dict[str, Any] = {
            "keys": {
                d.name: (None if k is TOTAL else k)
                for d, k in zip(table.dimensions, keys, strict=True)
            }
        }
        if cell.value is None:
            item.update(value=None, marker=cell.marker)
        elif cell.structural:
            item.update(value=0, marker=STRUCTURAL_MARKER, structural=True)
        else:
            item["value"] = str(cell.value) if table.is_rate else cell.value
        cells.append(item)
    return {
        "name": table.name,
        "title": str(table.title),
        "measure": "rate" if table.is_rate else "count",
        "rate_per": table.rate_per,
        "rounding_base": table.rules.rounding_base,
        "dimensions": [
            {
                "name": d.name,
                "label": str(d.label or d.name),
                "categories": [{"key": k, "label": str(d.label_for(k))} for k in d.categories],
                "total_label": str(d.total_label),
            }
            for d in table.dimensions
        ],
        "cells": cells,
        "notes": footnotes(table),
    }
