"""The access log guard's role is created safely when several databases migrate at once."""

from __future__ import annotations

import secrets
import threading
import time

import psycopg
import pytest
from django.db import connection

from harbour.audit.guard import role_create_sql

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="roles are PostgreSQL's"),
]


def _connect() -> psycopg.Connection:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params)


def _role_exists(name: str) -> bool:
    with _connect() as conn:
        return (
            conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone() is not None
        )


def test_six_concurrent_creations_of_a_missing_role_all_succeed():
    # A role of the test's own, never one Harbour uses: roles belong to the whole cluster.
    role = f"harbour_test_concurrent_{secrets.token_hex(6)}"
    assert not _role_exists(role)
    ready = threading.Barrier(6)
    errors: list[BaseException] = []

    def migrate_one() -> None:
        try:
            with _connect() as conn:  # one transaction, committed on leaving the block
                ready.wait(timeout=30)
                conn.execute(role_create_sql(role))
                time.sleep(0.3)  # keep the transaction open while the others try
        except BaseException as error:  # collected and reported below
            errors.append(error)

    threads = [threading.Thread(target=migrate_one) for _ in range(6)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        if not _role_exists(role) and not errors:
            pytest.skip("this database user may not create roles")
        assert errors == []
        assert _role_exists(role)
    finally:
        for thread in threads:
            thread.join(timeout=60)
        with _connect() as conn:
            conn.autocommit = True
            conn.execute(f"DROP ROLE IF EXISTS {role}")


def test_a_role_name_that_is_not_plain_is_refused():
    with pytest.raises(ValueError, match="plain role name"):
        role_create_sql("x; DROP TABLE audit_accesslogentry")
