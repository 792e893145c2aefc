"""Loading many synthetic records at once: PostgreSQL ``COPY`` with encrypted columns filled
from a pool of values encrypted once, or the ORM's ``bulk_create`` for small loads and SQLite.

Rows are given column-wise: ``{attname: sequence}`` for the columns a generator produces; every
other concrete column is filled with its default (encrypted defaults encrypted once). A
``COPY`` sends no signals and keeps no history: whoever loads this way recounts the summaries
afterwards (``manage.py insights_rebuild``).

Each encrypted value written by ``copy_columns`` is a real Fernet token of its plain value under
the current key (decryptable like any other); a value repeated across rows is encrypted once
and its token reused (``TokenPool``), which is what makes loading millions of rows affordable.
Tokens reveal repeats to someone holding the database: synthetic data only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from django.db import connection, models

from harbour.core.crypto import encrypt_text
from harbour.core.ids import ALPHABET, LENGTH

Columns = Mapping[str, Sequence[Any]]


class TokenPool:
    """Encrypted tokens of plain values, each encrypted once and reused."""

    def __init__(self) -> None:
        self.tokens: dict[tuple[str, str], str] = {}
        self.encrypted = 0

    def token(self, field: models.Field, value: Any) -> str | None:
        if value is None:
            return None
        text = field.encode_value(field.to_python(value))
        key = (type(field).__name__, text)
        token = self.tokens.get(key)
        if token is None:
            token = self.tokens[key] = encrypt_text(text)
            self.encrypted += 1
        return token


def public_ids(rng: np.random.Generator, count: int) -> list[str]:
    """``count`` public identifiers drawn from ``rng`` (reproducible, unlike ``new_public_id``)."""
    letters = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)
    codes = letters[rng.integers(0, len(ALPHABET), (count, LENGTH))]
    return codes.view(f"S{LENGTH}").ravel().astype(f"U{LENGTH}").tolist()


def column_defaults(model: type[models.Model], produced: Iterable[str]) -> dict[str, Any]:
    """{attname: default} for the concrete columns of ``model`` not in ``produced`` (the primary
    key aside): a field's default, else None where it may be null, else empty."""
    produced = set(produced)
    defaults: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in produced:
            continue
        if field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        else:
            value = ""
        defaults[field.attname] = value
    return defaults


def _db_value(field: models.Field, value: Any, pool: TokenPool) -> Any:
    if getattr(field, "encrypted", False):
        return pool.token(field, value)
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    return value


def copy_columns(
    model: type[models.Model], columns: Columns, pool: TokenPool, *, first_id: int
) -> int:
    """``COPY`` the rows into ``model``'s table with primary keys from ``first_id``; returns
    how many. PostgreSQL only, in the caller's transaction."""
    if connection.vendor != "postgresql":
        raise ValueError("copy_columns needs PostgreSQL (use orm_columns elsewhere)")
    fields = {f.attname: f for f in model._meta.concrete_fields}
    count = len(next(iter(columns.values())))
    constant = {
        name: _db_value(fields[name], value, pool)
        for name, value in column_defaults(model, columns).items()
    }
    produced = []
    for name, values in columns.items():
        field = fields[name]
        if getattr(field, "encrypted", False) or isinstance(field, models.JSONField):
            values = [_db_value(field, v, pool) for v in values]
        produced.append(values)
    names = [*columns, *constant]
    sql_columns = ", ".join(fields[n].column for n in names)
    tail = list(constant.values())
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        table = model._meta.db_table
        with cursor.copy(f"COPY {table} (id, {sql_columns}) FROM STDIN") as copy:
            for offset, row in enumerate(zip(*produced, strict=True)):
                copy.write_row((first_id + offset, *row, *tail))
    return count


def orm_columns(model: type[models.Model], columns: Columns, *, first_id: int) -> int:
    """The same rows through ``bulk_create`` (each encrypted value encrypted on its own; no
    signals are sent)."""
    names = list(columns)
    count = len(next(iter(columns.values())))
    objects = [
        model(id=first_id + offset, **dict(zip(names, row, strict=True)))
        for offset, row in enumerate(zip(*columns.values(), strict=True))
    ]
    model.objects.bulk_create(objects, batch_size=2000)
    return count


def sequence_reset(model: type[models.Model]) -> None:
    """Move the primary-key sequence past the rows loaded with explicit keys (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        highest = f"SELECT MAX(id) FROM {table}"  # noqa: S608 (a model's own table)
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST(({highest}), 1))", [table]
        )


def indexes_drop(table: str) -> list[str]:
    """Drop the table's secondary indexes and its unique and foreign-key constraints; return the
    statements that restore them (loading first and indexing after is much faster).
    PostgreSQL only."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexname NOT LIKE %s",
            [table, "%_pkey"],
        )
        names = {name for name, _ in constraints}
        indexes = [(n, d) for n, d in cursor.fetchall() if n not in names]
        for name, _definition in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return [d for _n, d in indexes] + [
        f'ALTER TABLE {table} ADD CONSTRAINT "{n}" {d}' for n, d in constraints
    ]
