"""The demo region for tests: loaded once per test session, then restored into each test.

Loading the demo region runs every app's seeder (seconds on SQLite, longer on PostgreSQL).
Tests that need it take the ``demo_region`` fixture (see ``conftest.py``) instead of calling
``demo_load()`` themselves: the session loads it once, records every table's rows, and each test
gets those rows written into its own database inside its own transaction, with a fresh copy of
the ``DemoContext`` and of the files the demo wrote under ``VAR_DIR``. Tests stay isolated and
order-independent: the rows go in with the test's transaction and go away with it (or with the
flush after a transactional test).

The snapshot is taken inside a transaction that is rolled back, with ``transaction.on_commit``
callbacks run as a committed load runs them, so the test database is left as it was. Rows are
copied exactly: ``COPY`` on PostgreSQL, SQL literals made by SQLite's ``quote()`` on SQLite. The
snapshot lives in the test process's memory only.

The region is built at the session's start, relative to that moment: a test that needs the
clock elsewhere (``time_machine``) should call ``demo_load()`` itself.
"""

from __future__ import annotations

import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import override_settings

from harbour.core.seeding import DemoContext
from harbour.demo.services import demo_load

# Django's record of applied migrations is the same before and after; leave it alone.
SKIPPED_TABLES = {"django_migrations"}
_SQLITE_ROWS_PER_INSERT = 200


@dataclass(frozen=True)
class DemoSnapshot:
    vendor: str
    # Table name and its rows: COPY text (PostgreSQL) or INSERT statements (SQLite).
    tables: tuple[tuple[str, bytes | tuple[str, ...]], ...]
    sequence_reset: tuple[str, ...]
    counts: dict[str, int]  # rows in each table right after the load
    guarded: tuple[str, ...]  # tables with triggers of their own (the access log refuses DELETE)
    context: bytes  # the pickled DemoContext (in memory only)
    var_dir: Path  # the files the demo wrote (its password, the sign-ins)


def demo_snapshot_take(var_dir: Path) -> DemoSnapshot:
    """Load the demo region, record every table and the context, and roll the load back."""
    var_dir.mkdir(parents=True, exist_ok=True)
    with override_settings(VAR_DIR=var_dir), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            ctx = demo_load()
        tables = tuple(
            (table, _table_rows(table))
            for table in sorted(connection.introspection.table_names())
            if table not in SKIPPED_TABLES
        )
        counts = table_counts([table for table, _rows in tables])
        context = pickle.dumps(ctx)
        transaction.set_rollback(True)
    models = [m for m in _all_models() if m._meta.db_table in dict(tables)]
    sequence_reset = tuple(connection.ops.sequence_reset_sql(no_style(), models))
    guarded = _tables_with_triggers() if connection.vendor == "postgresql" else ()
    return DemoSnapshot(
        connection.vendor, tables, sequence_reset, counts, guarded, context, var_dir
    )


def demo_snapshot_restore(snapshot: DemoSnapshot, var_dir: Path) -> DemoContext:
    """Replace every table's rows with the snapshot's, in the caller's transaction (or one of its
    own); copy the demo's files into ``var_dir``. Returns a fresh copy of the demo's context."""
    if connection.vendor != snapshot.vendor:
        raise RuntimeError(f"A {snapshot.vendor} snapshot cannot restore into {connection.vendor}.")
    postgresql = snapshot.vendor == "postgresql"
    quote = connection.ops.quote_name  # table names come from the database's own catalogue
    deletes = [f"DELETE FROM {quote(table)}" for table, _rows in snapshot.tables]  # noqa: S608
    with transaction.atomic(), connection.cursor() as cursor:
        if postgresql:
            _empty_guarded_tables(cursor, snapshot.guarded)
        # Foreign keys are deferred to the end of the transaction, so order does not matter.
        # PostgreSQL takes several statements in one round trip; SQLite one at a time.
        _execute_all(cursor, deletes, together=postgresql)
        for table, rows in snapshot.tables:
            if postgresql:
                _copy_in(cursor, table, rows)
            else:
                _execute_all(cursor, rows, together=False)
        # A sequence is never behind its table's rows (a test may have reset the sequences).
        _execute_all(cursor, snapshot.sequence_reset, together=postgresql)
    shutil.copytree(snapshot.var_dir, var_dir, dirs_exist_ok=True)
    # Content types may have other identifiers here than before (after a flush they are made
    # again): forget the ones this process remembers.
    ContentType.objects.clear_cache()
    return pickle.loads(snapshot.context)  # noqa: S301 - made by this process, never read from disk


def table_counts(tables: list[str]) -> dict[str, int]:
    """How many rows each table holds."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _table_rows(table: str) -> bytes | tuple[str, ...]:
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's cursor under Django's wrapper
            with raw.copy(f"COPY {quoted} TO STDOUT") as copy:
                return b"".join(bytes(block) for block in copy)
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
        literal = " || ',' || ".join(f"quote({connection.ops.quote_name(c)})" for c in columns)
        cursor.execute(f"SELECT {literal} FROM {quoted}")  # noqa: S608
        values = [f"({row[0]})" for row in cursor.fetchall()]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    return tuple(
        f"INSERT INTO {quoted} ({names}) VALUES "  # noqa: S608
        + ", ".join(values[start : start + _SQLITE_ROWS_PER_INSERT])
        for start in range(0, len(values), _SQLITE_ROWS_PER_INSERT)
    )


def _tables_with_triggers() -> tuple[str, ...]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
        )
        return tuple(sorted(row[0].strip('"') for row in cursor.fetchall()))


def _empty_guarded_tables(cursor, tables: tuple[str, ...]) -> None:
    """Empty tables whose triggers refuse DELETE (the access log) with TRUNCATE, which they do
    not see. Only when they hold rows: TRUNCATE is slow beside DELETE, and it waits until the
    transaction's pending foreign-key checks have run."""
    quote = connection.ops.quote_name
    full = []
    for table in tables:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quote(table)})")  # noqa: S608
        if cursor.fetchone()[0]:
            full.append(quote(table))
    if full:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(full)} CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _execute_all(cursor, statements, *, together: bool) -> None:
    if together and statements:
        cursor.execute(";\n".join(statements))
    else:
        for statement in statements:
            cursor.execute(statement)


def _copy_in(cursor, table: str, rows: bytes) -> None:
    if rows:
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN") as copy:
            copy.write(rows)


def _all_models() -> list:
    from django.apps import apps

    return list(apps.get_models(include_auto_created=True))
