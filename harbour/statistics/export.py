"""Safe CSV export, for every app: cells cannot run as spreadsheet formulas.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return may be run as a
formula when the file is opened in a spreadsheet (OWASP "CSV injection"). Such text is written
with a leading apostrophe, which spreadsheets show as plain text. Numbers are written as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def neutralise_formula(value: Any) -> Any:
    """``value`` made safe for a spreadsheet cell (text only; other values unchanged)."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCsvWriter:
    """A ``csv.writer`` whose every text cell passes through :func:`neutralise_formula`."""

    def __init__(self, file: _Writable, **options: Any) -> None:
        self._writer = csv.writer(file, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise_formula(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
