"""What the benches share: the ``--smoke`` convention and PostgreSQL databases of their own.

Every script in ``bench/`` whose name does not start with ``_`` accepts ``--smoke``, and
``bin/test`` runs each one that way (``.venv/bin/python bench/NAME.py --smoke``) so a bench that
no longer runs is noticed:

- a smoke run is tiny (seconds): its figures are printed but mean nothing, and nothing checks them;
- it leaves nothing behind (databases, files, dropped indexes), whether it passes or fails;
- a bench that needs PostgreSQL uses, in a smoke run, a database of its own on the server in
  ``HARBOUR_BENCH_POSTGRES_URL`` (``bin/test`` points it at its throwaway cluster) and drops it
  afterwards; without that variable it says so and skips that part.

A new bench: add ``--smoke`` to its arguments (``smoke_argument(parser)``), shrink its sizes when
it is given, and put whatever it changes back in a ``finally`` block.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as `python bench/NAME.py` from anywhere

SMOKE_POSTGRES_VARIABLE = "HARBOUR_BENCH_POSTGRES_URL"


def smoke_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="a tiny run to check the bench still works (figures mean nothing)",
    )


def smoke_postgres_url(prefix: str) -> str | None:
    """The URL of a new database (``prefix`` and a random suffix, so runs beside each other do
    not meet) on the server named by HARBOUR_BENCH_POSTGRES_URL, or None when it is not set."""
    server = os.environ.get(SMOKE_POSTGRES_VARIABLE, "")
    if not server:
        print(f"(No PostgreSQL part: {SMOKE_POSTGRES_VARIABLE} is not set.)")
        return None
    return f"{server.rsplit('/', 1)[0]}/{prefix}_{secrets.token_hex(4)}"


def _maintenance(url: str):
    import psycopg

    base, name = url.rsplit("/", 1)
    return psycopg.connect(f"{base}/postgres", autocommit=True), name


def postgres_database_exists(url: str) -> bool:
    connection, name = _maintenance(url)
    with connection:
        return bool(
            connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        )


def postgres_database_create(url: str, *, template: str | None = None) -> None:
    """Create the database, empty or as a copy of database ``template`` (on the same server,
    with nobody connected to it)."""
    connection, name = _maintenance(url)
    with connection:
        copy = f' TEMPLATE "{template}"' if template else ""
        connection.execute(f'CREATE DATABASE "{name}"{copy}')


def postgres_database_drop(url: str) -> None:
    """Drop the database, closing this process's Django connections to it first."""
    from django.conf import settings

    if settings.configured:
        from django.db import connections

        connections.close_all()
    connection, name = _maintenance(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_postgres_database(url: str) -> Iterator[str]:
    """A new, empty database at ``url`` for the length of the block, dropped afterwards (also when
    the block fails). Refuses a database that exists already: a bench never writes into, or
    drops, a database it did not make."""
    if postgres_database_exists(url):
        raise SystemExit(
            f"The database in {url} exists already; the bench makes a fresh one and drops it "
            "afterwards, so name one that does not exist."
        )
    postgres_database_create(url)
    try:
        yield url
    finally:
        postgres_database_drop(url)
