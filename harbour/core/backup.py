"""Backups of the database, and the round trip that proves one restores (docs/operations.md,
"Backups").

A backup is ``pg_dump --format=custom`` of Harbour's database. It holds the encrypted columns
as they are stored (Fernet tokens) and keyed hashes, and none of the keys: ``SECRET_KEY``,
``HARBOUR_FIELD_KEYS`` and ``HARBOUR_HASH_KEY`` live in the environment or in files, and are
kept in a different place from the backups (a secrets store), so that a stolen backup reveals
no special-category field. Restoring needs both: the dump, and the keys it was made under.

``manage.py backup_roundtrip`` dumps the database, restores the dump into a scratch database
beside it, compares every row of every table, checks that no key is in the dump, and drops the
scratch database.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} (PostgreSQL's client programs) is needed.")
    return found


def backup_dump(database_url: str, path: Path) -> None:
    """The documented backup: ``pg_dump --format=custom --file=PATH DATABASE_URL``."""
    subprocess.run(  # noqa: S603 - fixed programs, arguments from configuration
        [_tool("pg_dump"), "--format=custom", "--no-password", f"--file={path}", database_url],
        check=True,
        capture_output=True,
    )
    path.chmod(0o600)


def backup_restore(path: Path, database_url: str) -> None:
    """The documented restore, into an empty database: ``pg_restore --exit-on-error
    --no-owner --dbname=DATABASE_URL PATH``."""
    subprocess.run(  # noqa: S603
        [
            _tool("pg_restore"),
            "--exit-on-error",
            "--no-owner",
            "--no-password",
            f"--dbname={database_url}",
            str(path),
        ],
        check=True,
        capture_output=True,
    )


def backup_as_text(path: Path) -> str:
    """The dump as the SQL it replays (for checking what it holds)."""
    return subprocess.run(  # noqa: S603
        [_tool("pg_restore"), "--file=-", str(path)], check=True, capture_output=True, text=True
    ).stdout


def backup_holds_any(path: Path, secrets: Iterable[str]) -> list[str]:
    """Which of ``secrets`` appear anywhere in the dump (there should be none)."""
    text = backup_as_text(path)
    return [s for s in secrets if s and s in text]


@dataclass
class Comparison:
    tables: int = 0
    rows: int = 0
    different: list[str] = field(default_factory=list)


def _table_digests(database_url: str) -> dict[str, tuple[int, str]]:
    digests = {}
    with psycopg.connect(database_url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        for table in tables:
            digest = hashlib.sha256()
            count = 0
            query = sql.SQL("SELECT t::text FROM {} AS t ORDER BY t::text").format(
                sql.Identifier(table)
            )
            with conn.cursor(name=f"compare_{table}") as cursor:
                cursor.execute(query)
                for (row,) in cursor:
                    digest.update(row.encode("utf-8"))
                    digest.update(b"\n")
                    count += 1
            digests[table] = (count, digest.hexdigest())
    return digests


def backup_compare(source_url: str, restored_url: str) -> Comparison:
    """Every row of every table, compared (as text, in a fixed order)."""
    source, restored = _table_digests(source_url), _table_digests(restored_url)
    result = Comparison(tables=len(source), rows=sum(count for count, _ in source.values()))
    for table in sorted(set(source) | set(restored)):
        if source.get(table) != restored.get(table):
            result.different.append(table)
    return result


def database_create(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_drop(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
