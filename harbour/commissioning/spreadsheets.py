"""Reading providers' quarterly returns from a spreadsheet (.xlsx or .csv), row by row.

The reader only parses and checks the shape of each cell; whether a contract exists, belongs to
the uploader and has no return yet for the quarter is checked by
``services.returns_import``. A file with any problem imports nothing: every problem found is
reported with its row and column, so the provider can fix them all at once.

Defences (``THREATS.md``, malicious input): a size limit on the file and on the unpacked
workbook (a small .xlsx can unpack to gigabytes), a limit on rows, the file's type read from its
first bytes rather than its name, XML parsed through defusedxml (openpyxl uses it when it is
installed), and cells that a spreadsheet would run as a formula refused rather than imported.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_FILE_BYTES = 1_000_000
MAX_UNPACKED_BYTES = 20_000_000
MAX_ROWS = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Column name in the header row -> what it holds. Names are matched without regard to case,
# spaces or hyphens ("People supported" is people_supported).
COLUMNS: dict[str, Any] = {
    "contract": gettext_lazy("contract reference"),
    "year": gettext_lazy("financial year, such as 2026 or 2026-27"),
    "quarter": gettext_lazy("quarter, 1 to 4 (1 is April to June)"),
    "spend": gettext_lazy("spend in pounds"),
    "referrals_received": gettext_lazy("referrals received"),
    "people_supported": gettext_lazy("people supported"),
    "outcomes_achieved": gettext_lazy("outcomes achieved"),
    "notes": gettext_lazy("notes (optional)"),
}
REQUIRED = tuple(name for name in COLUMNS if name != "notes")
COUNT_COLUMNS = ("referrals_received", "people_supported", "outcomes_achieved")


@dataclass(frozen=True)
class Problem:
    row: int | None  # the spreadsheet's row number (the header is row 1); None: the whole file
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return _("Row %(row)s, %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ReturnRow:
    row: int
    contract: str
    year: int
    quarter: int
    spend: Decimal
    referrals_received: int
    people_supported: int
    outcomes_achieved: int
    notes: str = ""


@dataclass
class Parsed:
    rows: list[ReturnRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _Formula:
    """A cell the spreadsheet holds as a formula."""


FORMULA = _Formula()


def _file_problem(message: str) -> Parsed:
    return Parsed(problems=[Problem(None, "", message)])


def _key(name: Any) -> str:
    return str(name or "").strip().lower().replace(" ", "_").replace("-", "_")


def _xlsx_cells(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows():
            yield [FORMULA if cell.data_type == "f" else cell.value for cell in row]
    finally:
        workbook.close()


def _csv_cells(data: bytes) -> Iterator[list[Any]]:
    text = data.decode("utf-8-sig")
    yield from csv.reader(io.StringIO(text, newline=""))


def _is_blank(row: Iterable[Any]) -> bool:
    return all(value is None or str(value).strip() == "" for value in row)


def read_returns(*, name: str, data: bytes) -> Parsed:
    """Parse an uploaded file of quarterly returns: its rows, or every problem found."""
    if not data:
        return _file_problem(_("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        return _file_problem(
            _("The file is larger than %(limit)s KB. Split it, or send fewer rows.")
            % {"limit": MAX_FILE_BYTES // 1000}
        )
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            return _file_problem(_("The file is not a readable .xlsx workbook."))
        if unpacked > MAX_UNPACKED_BYTES:
            return _file_problem(_("The workbook unpacks to too large a size to read."))
        cells: Iterator[list[Any]] = _xlsx_cells(data)
    elif name.lower().endswith(".csv"):
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _file_problem(_("The CSV file is not in UTF-8. Save it as “CSV UTF-8”."))
        if b"\x00" in data:
            return _file_problem(_("The CSV file holds binary data."))
        cells = _csv_cells(data)
    else:
        return _file_problem(_("The file must be an Excel workbook (.xlsx) or a CSV file (.csv)."))
    try:
        return _parse(cells)
    except (csv.Error, zipfile.BadZipFile, KeyError, ValueError, OSError):
        return _file_problem(_("The file could not be read as a spreadsheet."))


def _parse(cells: Iterator[list[Any]]) -> Parsed:
    parsed = Parsed()
    header = next(cells, None)
    if header is None or _is_blank(header):
        return _file_problem(_("The first row must name the columns."))
    names = [_key(value) for value in header]
    missing = [column for column in REQUIRED if column not in names]
    if missing:
        return _file_problem(
            _("The first row must name the columns %(columns)s. Missing: %(missing)s.")
            % {"columns": ", ".join(COLUMNS), "missing": ", ".join(missing)}
        )
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        return _file_problem(
            _("A column is named twice: %(names)s.") % {"names": ", ".join(repeated)}
        )
    positions = {name: names.index(name) for name in COLUMNS if name in names}
    count = 0
    for number, row in enumerate(cells, start=2):
        if _is_blank(row):
            continue
        count += 1
        if count > MAX_ROWS:
            return _file_problem(
                _("The file has more than %(limit)s rows of returns.") % {"limit": MAX_ROWS}
            )
        values = {
            name: row[position] if position < len(row) else None
            for name, position in positions.items()
        }
        result = _row(number, values)
        if isinstance(result, ReturnRow):
            parsed.rows.append(result)
        else:
            parsed.problems.extend(result)
    if not parsed.rows and not parsed.problems:
        return _file_problem(_("The file has no returns under its first row."))
    return parsed


def _formula_like(value: Any) -> bool:
    if value is FORMULA:
        return True
    if not isinstance(value, str):
        return False
    text = value.strip()
    if text.startswith("-"):
        try:
            Decimal(text)
        except InvalidOperation:
            return True
        return False
    return value.startswith(FORMULA_STARTS) or text.startswith(FORMULA_STARTS)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _whole(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(str(value))
    else:
        number = Decimal(_text(value).replace(",", ""))
    if number != number.to_integral_value():
        raise ValueError
    return int(number)


def _row(number: int, values: dict[str, Any]) -> ReturnRow | list[Problem]:
    problems: list[Problem] = []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(number, column, message))

    for column, value in values.items():
        if _formula_like(value):
            problem(column, _("holds a formula or starts like one; enter the value itself"))
    if problems:
        return problems
    contract = _text(values.get("contract"))
    if not contract:
        problem("contract", _("enter the contract reference"))

    year = None
    year_text = _text(values.get("year"))
    try:
        year = _whole(year_text.split("-")[0] if "-" in year_text else values.get("year"))
        if not 2000 <= year <= 2100:
            raise ValueError
        if "-" in year_text and year_text.split("-")[1] != f"{(year + 1) % 100:02d}":
            raise ValueError
    except (ValueError, InvalidOperation, TypeError):
        year = None
        problem("year", _("enter a financial year such as 2026 or 2026-27"))

    quarter = None
    try:
        quarter = _whole(_text(values.get("quarter")).upper().removeprefix("Q"))
        if not 1 <= quarter <= 4:
            raise ValueError
    except (ValueError, InvalidOperation, TypeError):
        quarter = None
        problem("quarter", _("enter a quarter from 1 to 4"))

    spend = None
    raw = values.get("spend")
    try:
        spend = (
            Decimal(str(raw))
            if isinstance(raw, int | float) and not isinstance(raw, bool)
            else Decimal(_text(raw).replace(",", "").removeprefix("£"))
        )
        if not spend.is_finite():
            raise ValueError
        if spend < 0:
            problem("spend", _("spend cannot be negative"))
            spend = None
        elif spend != spend.quantize(Decimal("0.01")):
            problem("spend", _("give spend in pounds and pence, at most two decimal places"))
            spend = None
        elif spend >= Decimal("1e10"):
            problem("spend", _("spend is too large"))
            spend = None
    except (ValueError, InvalidOperation, TypeError):
        spend = None
        problem("spend", _("enter an amount in pounds, such as 12500.00"))

    counts: dict[str, int] = {}
    for column in COUNT_COLUMNS:
        try:
            counts[column] = _whole(values.get(column))
        except (ValueError, InvalidOperation, TypeError):
            problem(column, _("enter a whole number"))
            continue
        if counts[column] < 0:
            problem(column, _("cannot be negative"))
        elif counts[column] > 1_000_000:
            problem(column, _("is too large"))

    notes = _text(values.get("notes"))
    if len(notes) > 2000:
        problem("notes", _("notes are limited to 2,000 characters"))
    if problems:
        return problems
    assert year is not None and quarter is not None and spend is not None
    return ReturnRow(
        row=number,
        contract=contract,
        year=year,
        quarter=quarter,
        spend=spend,
        notes=notes,
        **counts,
    )
