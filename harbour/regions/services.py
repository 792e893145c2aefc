"""Writes to areas: loading the region's local authorities and their populations."""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from harbour.regions.models import GSS_CODE_PATTERN, LocalAuthority

COLUMNS = ("gss_code", "local_authority", "population_all_ages", "women_16_plus")
MAX_FILE_BYTES = 1_000_000
MAX_POPULATION = 2_147_483_647  # the largest a PositiveIntegerField holds on every database
NAME_LENGTH = LocalAuthority._meta.get_field("name").max_length

_GSS_CODE = re.compile(GSS_CODE_PATTERN)


class AreasFileError(ValidationError):
    """The file was refused and nothing was imported; ``messages`` name the lines at fault."""


@dataclass(frozen=True)
class AreasLoadResult:
    created: int
    updated: int

    @property
    def total(self) -> int:
        return self.created + self.updated


@dataclass(frozen=True)
class _Row:
    line: int
    gss_code: str
    name: str
    population_all_ages: int | None
    women_16_plus: int | None


def areas_load_from_csv(*, path_or_file: str | os.PathLike[str] | IO) -> AreasLoadResult:
    """Create or update areas from a CSV with the columns ``gss_code, local_authority,
    population_all_ages, women_16_plus`` (others are ignored).

    The whole file is checked first; if any line is wrong, :class:`AreasFileError` lists every
    fault by line and nothing is imported. An empty population means "not known". Areas absent
    from the file are kept: other records refer to them.
    """
    rows = _parse(_read_text(path_or_file))
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            _area, was_created = LocalAuthority.objects.update_or_create(
                gss_code=row.gss_code,
                defaults={
                    "name": row.name,
                    "population_all_ages": row.population_all_ages,
                    "women_16_plus": row.women_16_plus,
                },
            )
            created += was_created
            updated += not was_created
    return AreasLoadResult(created=created, updated=updated)


def _read_text(path_or_file: str | os.PathLike[str] | IO) -> str:
    if isinstance(path_or_file, str | os.PathLike):
        with open(path_or_file, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    else:
        data = path_or_file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise AreasFileError(
            _("The file is larger than %(limit)s bytes.") % {"limit": f"{MAX_FILE_BYTES:,}"}
        )
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AreasFileError(_("The file is not UTF-8 text.")) from error


def _parse(text: str) -> list[_Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise AreasFileError(_("The file is empty.")) from None
    except csv.Error as error:
        raise AreasFileError(_("Line 1: %(error)s") % {"error": error}) from error
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise AreasFileError(
            _("Line 1: the header lacks the column(s) %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    position = {column: header.index(column) for column in COLUMNS}

    rows: list[_Row] = []
    errors: list[str] = []
    first_line: dict[str, int] = {}
    try:
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(header):
                errors.append(
                    _("Line %(line)s: expected %(expected)s values, found %(found)s.")
                    % {"line": line, "expected": len(header), "found": len(values)}
                )
                continue
            row, row_errors = _row(line, {c: values[i].strip() for c, i in position.items()})
            errors.extend(row_errors)
            if row is None:
                continue
            if row.gss_code in first_line:
                errors.append(
                    _("Line %(line)s: GSS code %(code)s is already on line %(first)s.")
                    % {"line": line, "code": row.gss_code, "first": first_line[row.gss_code]}
                )
                continue
            first_line[row.gss_code] = line
            rows.append(row)
    except csv.Error as error:
        errors.append(_("Line %(line)s: %(error)s") % {"line": reader.line_num, "error": error})
    if errors:
        raise AreasFileError(errors)
    if not rows:
        raise AreasFileError(_("The file has no areas."))
    return rows


def _row(line: int, values: dict[str, str]) -> tuple[_Row | None, list[str]]:
    errors = []
    code, name = values["gss_code"], values["local_authority"]
    if not _GSS_CODE.match(code):
        errors.append(
            _(
                "Line %(line)s: %(code)r is not a GSS code (a letter E, W, S or N and eight "
                "digits, such as E08000012)."
            )
            % {"line": line, "code": code}
        )
    if not name:
        errors.append(_("Line %(line)s: the local authority has no name.") % {"line": line})
    elif len(name) > NAME_LENGTH:
        errors.append(
            _("Line %(line)s: the name is longer than %(length)s characters.")
            % {"line": line, "length": NAME_LENGTH}
        )
    populations = {}
    for column in ("population_all_ages", "women_16_plus"):
        text = values[column]
        if not text:
            populations[column] = None
        elif text.isascii() and text.isdigit() and int(text) <= MAX_POPULATION:
            populations[column] = int(text)
        else:
            errors.append(
                _("Line %(line)s: %(column)s must be a whole number, not %(value)r.")
                % {"line": line, "column": column, "value": text}
            )
    if errors:
        return None, errors
    return _Row(line=line, gss_code=code, name=name, **populations), []
