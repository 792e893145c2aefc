"""Database-level protection of the access log on PostgreSQL.

A trigger refuses every UPDATE of an access log entry, and every DELETE unless the statement runs
as the ``harbour_audit_retention`` role and the entry is older than the retention period. The
application's own role therefore cannot change or remove entries even with raw SQL; the retention
job (``manage.py audit_prune``) switches to the retention role, which operators grant only to the
account that runs it. TRUNCATE privilege is revoked from the application role as well.

The reason store (``audit_reason``, the free-text reasons users give, encrypted) is protected
the same way: UPDATE always refused, DELETE only by the retention role past retention.

One narrow maintenance path changes an entry: the ``harbour_audit_redaction`` role may move a
reason typed by a user out of an entry into the reason store, and nothing else. It holds UPDATE on
the two columns ``reason`` and ``reason_ref_id`` only, and the trigger lets an UPDATE through only
when it runs as that role, every other column is unchanged, the entry had no stored reason, the
plain text is emptied and a stored reason is set. Migration ``audit.0005`` uses it once (and logs
that it did); no application code does.

For the strongest set-up, migrations run as a separate owner role, and the application's role
holds only SELECT/INSERT on this table (see docs/operations.md).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper

RETENTION_ROLE = "harbour_audit_retention"
REDACTION_ROLE = "harbour_audit_redaction"
TABLE = "audit_accesslogentry"
REASON_TABLE = "audit_reason"


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
    """The guard's statements. Migration ``audit.0005`` holds a copy of them as they were then
    (migrations never import live code); ``manage.py audit_install_guard`` installs today's."""
    days = int(retention_days)
    return [
        role_create_sql(RETENTION_ROLE),
        role_create_sql(REDACTION_ROLE),
        f"""
        CREATE OR REPLACE FUNCTION harbour_audit_guard() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE'
             AND current_user = '{RETENTION_ROLE}'
             AND OLD.at < now() - interval '{days} days' THEN
            RETURN OLD;
          END IF;
          -- The one maintenance path: a typed reason moved out into the reason store.
          IF TG_OP = 'UPDATE'
             AND current_user = '{REDACTION_ROLE}'
             AND (to_jsonb(NEW) - 'reason' - 'reason_ref_id')
                 = (to_jsonb(OLD) - 'reason' - 'reason_ref_id')
             AND (to_jsonb(OLD) -> 'reason_ref_id') = 'null'::jsonb
             AND (to_jsonb(NEW) -> 'reason_ref_id') <> 'null'::jsonb
             AND NEW.reason = '' THEN
            RETURN NEW;
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
        # The reason store and the redaction path exist from migration audit.0005 on.
        f"""
        CREATE OR REPLACE FUNCTION harbour_reason_guard() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE'
             AND current_user = '{RETENTION_ROLE}'
             AND OLD.written_at < now() - interval '{days} days' THEN
            RETURN OLD;
          END IF;
          RAISE EXCEPTION 'reasons cannot be changed or deleted (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END
        $$;
        """,
        f"""
        DO $$
        BEGIN
          IF to_regclass('{REASON_TABLE}') IS NOT NULL THEN
            EXECUTE 'DROP TRIGGER IF EXISTS harbour_reason_guard ON {REASON_TABLE}';
            EXECUTE 'CREATE TRIGGER harbour_reason_guard BEFORE UPDATE OR DELETE ON '
              || '{REASON_TABLE} FOR EACH ROW EXECUTE FUNCTION harbour_reason_guard()';
            EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE ON {REASON_TABLE} FROM CURRENT_USER';
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{RETENTION_ROLE}') THEN
              EXECUTE 'GRANT SELECT, DELETE ON {REASON_TABLE} TO {RETENTION_ROLE}';
            END IF;
          END IF;
          IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{REDACTION_ROLE}')
             AND EXISTS (
               SELECT 1 FROM information_schema.columns
               WHERE table_name = '{TABLE}' AND column_name = 'reason_ref_id'
             ) THEN
            EXECUTE 'GRANT SELECT (id, reason, reason_ref_id), UPDATE (reason, reason_ref_id) '
              || 'ON {TABLE} TO {REDACTION_ROLE}';
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
