"""Database-level protection of the access log on PostgreSQL.

A trigger refuses every UPDATE of an access log entry, and every DELETE unless the statement runs
as the ``harbour_audit_retention`` role and the entry is older than the retention period. The
application's own role therefore cannot change or remove entries even with raw SQL; the retention
job (``manage.py audit_prune``) switches to the retention role, which operators grant only to the
account that runs it. TRUNCATE privilege is revoked from the application role as well.

For the strongest set-up, migrations run as a separate owner role, and the application's role
holds only SELECT/INSERT on this table (see docs/operations.md).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper

RETENTION_ROLE = "harbour_audit_retention"
TABLE = "audit_accesslogentry"


def role_create_sql(role: str) -> str:
    """Create a NOLOGIN role unless it exists, safely when several migrations run at once.

    Roles belong to the whole cluster, so two databases migrating at the same moment (parallel
    test workers, two sites on one server) may both find the role missing: the second
    ``CREATE ROLE`` then fails with ``duplicate_object`` or, when it waited on the first, with a
    ``unique_violation`` on ``pg_authid``. Either way the role exists, which is all we want.
    (An advisory lock would not help: those are per database.) Without the right to create
    roles, the migration carries on and an operator creates the role (docs/operations.md).
    """
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise ValueError(f"Not a plain role name: {role!r}")
    return f"""
        DO $$
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
            BEGIN
              CREATE ROLE {role} NOLOGIN;
            EXCEPTION
              WHEN duplicate_object OR unique_violation THEN
                NULL;  -- created meanwhile by a concurrent migration
              WHEN insufficient_privilege THEN
                RAISE NOTICE 'Cannot create role {role}; ask an operator to create it.';
            END;
          END IF;
        END
        $$;
        """


def install_sql(retention_days: int) -> list[str]:
    return [
        role_create_sql(RETENTION_ROLE),
        f"""
        CREATE OR REPLACE FUNCTION harbour_audit_guard() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE'
             AND current_user = '{RETENTION_ROLE}'
             AND OLD.at < now() - interval '{int(retention_days)} days' THEN
            RETURN OLD;
          END IF;
          RAISE EXCEPTION 'access log entries cannot be changed or deleted (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END
        $$;
        """,
        f"DROP TRIGGER IF EXISTS harbour_audit_guard ON {TABLE};",
        f"""
        CREATE TRIGGER harbour_audit_guard
          BEFORE UPDATE OR DELETE ON {TABLE}
          FOR EACH ROW EXECUTE FUNCTION harbour_audit_guard();
        """,
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM CURRENT_USER;",
        f"""
        DO $$
        BEGIN
          IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{RETENTION_ROLE}') THEN
            GRANT SELECT, DELETE ON {TABLE} TO {RETENTION_ROLE};
          END IF;
        END
        $$;
        """,
    ]


def install(connection: BaseDatabaseWrapper, retention_days: int | None = None) -> bool:
    """Install (or refresh) the guard; returns False on databases other than PostgreSQL."""
    if connection.vendor != "postgresql":
        return False
    days = retention_days or settings.HARBOUR_AUDIT_RETENTION_DAYS
    with connection.cursor() as cursor:
        for statement in install_sql(days):
            cursor.execute(statement)
    return True
