"""Answers imported from a spreadsheet (CSV or XLSX): all of a good file, none of a bad one.

The first row names the columns: ``audience`` and then each question by its words (as in the
template the page offers). Every row is checked before anything is kept; a file with any bad
row imports nothing, and the report names each bad row and what is wrong with it. Cells that a
spreadsheet program would run as a formula (starting ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) are neutralised with a leading apostrophe and listed in the report. Limits:
``HARBOUR_CONSULTATION_IMPORT_MAX_BYTES`` (2 MB) for the file, 20 MB unpacked for an XLSX (a
"zip bomb" is refused before it is opened), and ``HARBOUR_CONSULTATION_IMPORT_MAX_ROWS``
(10,000) rows. XLSX files are read with openpyxl, values only: no formula is ever worked out.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from harbour.audit.services import Action, access_log
from harbour.consultations.models import Audience, Consultation, ImportBatch, Question, Route
from harbour.consultations.services import AnswerError, ImportReport, answer_values, response_submit
from harbour.statistics.export import neutralise_formula

MAX_UNPACKED = 20 * 1024 * 1024
MAX_ERRORS_SHOWN = 200


class FileRefused(ValueError):
    """The file as a whole cannot be read (type, size, encoding, header)."""


def max_bytes() -> int:
    return int(getattr(settings, "HARBOUR_CONSULTATION_IMPORT_MAX_BYTES", 2 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "HARBOUR_CONSULTATION_IMPORT_MAX_ROWS", 10_000))


def neutralise(value: str) -> tuple[str, bool]:
    """A cell that a spreadsheet would run as a formula, made plain text (the same rule as
    every export, ``harbour.statistics.export``): (value, changed)."""
    safe = neutralise_formula(value)
    return safe, safe != value


def _normal(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def template_header(consultation: Consultation) -> list[str]:
    return ["audience", *[q.text for q in consultation.questions.all()]]


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(
            "The file is not UTF-8 text: save it as “CSV UTF-8” and try again."
        ) from error
    if "\x00" in text:
        raise FileRefused("The file is not a CSV file.")
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error as error:
        raise FileRefused("The file could not be read as CSV.") from error


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                raise FileRefused("The spreadsheet is too large once unpacked.")
    except zipfile.BadZipFile as error:
        raise FileRefused("The file is not an XLSX spreadsheet.") from error
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise FileRefused("The spreadsheet could not be read.") from error
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield ["" if cell is None else _cell_text(cell) for cell in row]
    finally:
        workbook.close()


def _cell_text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def read_rows(*, name: str, data: bytes) -> list[list[str]]:
    if len(data) > max_bytes():
        raise FileRefused(f"The file is larger than {max_bytes() // 1024} KB.")
    lower = name.lower()
    if lower.endswith(".csv"):
        rows_iter = _csv_rows(data)
    elif lower.endswith(".xlsx"):
        rows_iter = _xlsx_rows(data)
    else:
        raise FileRefused("Choose a CSV or XLSX file.")
    rows = []
    for row in rows_iter:
        rows.append(row)
        if len(rows) > max_rows() + 1:
            raise FileRefused(f"The file has more than {max_rows()} rows of answers.")
    return rows


def _columns(header: list[str], consultation: Consultation) -> list[Question | None]:
    """The question of each column (None for ``audience``); a file error for others."""
    by_text = {_normal(q.text): q for q in consultation.questions.all()}
    columns: list[Question | None] = []
    seen = set()
    if not header or _normal(header[0]) != "audience":
        raise FileRefused("The first column must be “audience”, as in the template.")
    columns.append(None)
    for index, title in enumerate(header[1:], start=2):
        if not str(title).strip():
            continue
        question = by_text.get(_normal(title))
        if question is None:
            raise FileRefused(
                f"Column {index} (“{str(title)[:60]}”) is not a question of this consultation."
            )
        if question.pk in seen:
            raise FileRefused(f"Column {index} repeats a question.")
        seen.add(question.pk)
        columns.append(question)
    return columns


_AUDIENCES = {
    **{_normal(value): value for value in Audience.values},
    **{_normal(str(label)): value for value, label in Audience.choices},
}


def import_file(*, consultation: Consultation, by, name: str, data: bytes) -> ImportReport:
    """Check every row; import them all in one transaction, or none. A refused file raises
    :class:`FileRefused`; bad rows come back in the report with nothing imported."""
    rows = read_rows(name=name, data=data)
    if not rows:
        raise FileRefused("The file is empty.")
    header, body = rows[0], rows[1:]
    columns = _columns([str(cell) for cell in header], consultation)
    errors: list[tuple[int, str]] = []
    neutralised: list[tuple[int, str]] = []
    parsed: list[tuple[str, dict[Question, Any]]] = []
    for number, row in enumerate(body, start=2):
        if not any(str(cell).strip() for cell in row):
            continue
        cells = list(row) + [""] * (len(columns) - len(row))
        audience_raw = cells[0]
        audience = _AUDIENCES.get(_normal(audience_raw))
        problems = []
        if audience is None or audience not in consultation.audiences:
            problems.append("audience is not one this consultation asks")
        answers: dict[Question, Any] = {}
        for question, cell in zip(columns[1:], cells[1 : len(columns)], strict=False):
            if question is None:
                continue
            text = str(cell)
            value, changed = neutralise(text if text.startswith(("\t", "\r")) else text.strip())
            if changed:
                neutralised.append((number, question.text))
            try:
                answer_values(question, value)
            except AnswerError as error:
                problems.append(f"“{question.text[:50]}”: {error}")
            answers[question] = value
        if len(cells) > len(columns) and any(str(c).strip() for c in cells[len(columns) :]):
            problems.append("more cells than columns")
        if problems:
            errors.append((number, "; ".join(problems)))
        else:
            parsed.append((audience, answers))
    if not parsed and not errors:
        raise FileRefused("The file has no rows of answers.")
    if errors:
        return ImportReport(
            rows=len(body), errors=errors[:MAX_ERRORS_SHOWN], neutralised=neutralised
        )
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            consultation=consultation,
            imported_by=by,
            rows=len(parsed),
            neutralised_cells=len(neutralised),
        )
        for audience, answers in parsed:
            try:
                response_submit(
                    consultation=consultation,
                    audience=audience,
                    route=Route.IMPORT,
                    answers=answers,
                    import_batch=batch,
                )
            except ValidationError as error:  # checked above; kept as a guard
                raise FileRefused("A row could not be imported; nothing was imported.") from error
        access_log(user=by, action=Action.CREATE, record=batch, reason="answers imported")
    return ImportReport(rows=len(parsed), errors=[], neutralised=neutralised, batch=batch)
