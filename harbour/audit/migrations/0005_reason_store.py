"""The reason store: the free-text reasons users give, kept once and encrypted (decision 0003).

1. The store (``audit.Reason``) and the log's reference to it (``reason_ref``, no index: nothing
   looks entries up by their reason).
2. On PostgreSQL, the store's guard (UPDATE refused, DELETE only by the retention role past
   retention) and the one maintenance path on the log: the ``harbour_audit_redaction`` role, with
   UPDATE on ``reason`` and ``reason_ref_id`` alone, which the log's trigger lets through only to
   move a typed reason out (every other column unchanged, no stored reason before, the plain
   text emptied). A copy of ``harbour.audit.guard`` as it is today: migrations never import live
   code.
3. The plain text already in the log moves to the store: each reason typed for an emergency
   override, a correction, a restriction or a link becomes one encrypted ``Reason``, and the
   entry refers to it, its ``reason`` emptied through the maintenance role. The maintenance
   writes an entry of its own. The migrating role is given the maintenance role only for this
   and loses it again at the end.
"""

import django.db.models.deletion
import django.utils.timezone
import harbour.core.fields
import harbour.core.ids
from django.conf import settings
from django.db import migrations, models

RETENTION_ROLE = "harbour_audit_retention"
REDACTION_ROLE = "harbour_audit_redaction"
TABLE = "audit_accesslogentry"
REASON_TABLE = "audit_reason"


def _role_sql(role):
    return f"""
        DO $$
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
            BEGIN
              CREATE ROLE {role} NOLOGIN;
            EXCEPTION
              WHEN duplicate_object OR unique_violation THEN
                NULL;
              WHEN insufficient_privilege THEN
                RAISE NOTICE 'Cannot create role {role}; ask an operator to create it.';
            END;
          END IF;
        END
        $$;
        """


def _guard_sql(days):
    return [
        _role_sql(REDACTION_ROLE),
        f"""
        CREATE OR REPLACE FUNCTION harbour_audit_guard() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE'
             AND current_user = '{RETENTION_ROLE}'
             AND OLD.at < now() - interval '{days} days' THEN
            RETURN OLD;
          END IF;
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
        f"DROP TRIGGER IF EXISTS harbour_reason_guard ON {REASON_TABLE};",
        f"""
        CREATE TRIGGER harbour_reason_guard BEFORE UPDATE OR DELETE ON {REASON_TABLE}
          FOR EACH ROW EXECUTE FUNCTION harbour_reason_guard();
        """,
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {REASON_TABLE} FROM CURRENT_USER;",
        f"""
        DO $$
        BEGIN
          IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{RETENTION_ROLE}') THEN
            GRANT SELECT, DELETE ON {REASON_TABLE} TO {RETENTION_ROLE};
          END IF;
          IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{REDACTION_ROLE}') THEN
            GRANT SELECT (id, reason, reason_ref_id), UPDATE (reason, reason_ref_id)
              ON {TABLE} TO {REDACTION_ROLE};
          END IF;
        END
        $$;
        """,
    ]


def install_guard(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    days = int(getattr(settings, "HARBOUR_AUDIT_RETENTION_DAYS", 2190))
    # Through a cursor without parameters: the functions' messages hold a literal "%".
    with schema_editor.connection.cursor() as cursor:
        for statement in _guard_sql(days):
            cursor.execute(statement)


def remove_guard(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS harbour_reason_guard ON {REASON_TABLE};")
    schema_editor.execute("DROP FUNCTION IF EXISTS harbour_reason_guard();")


# Entries whose reason is what a user typed (every other reason is in Harbour's own words).
TYPED = [
    ("emergency_access", {"action": "override"}),
    ("correction", {"action": "update", "detail__has_key": "fields"}),
    ("restriction", {"action": "update", "detail__has_key": "restricted"}),
    ("duplicate_link", {"action": "link"}),
]


def move_reasons(apps, schema_editor):
    """Every typed reason in the log, once, into the store; the entry refers to it."""
    AccessLogEntry = apps.get_model("audit", "AccessLogEntry")
    Reason = apps.get_model("audit", "Reason")
    alias = schema_editor.connection.alias
    moves = []
    for kind, lookup in TYPED:
        rows = (
            AccessLogEntry.objects.using(alias)
            .filter(reason_ref__isnull=True, **lookup)
            .exclude(reason="")
            .order_by("pk")
        )
        for entry in rows.iterator():
            stored = Reason.objects.using(alias).create(
                kind=kind, text=entry.reason, written_at=entry.at, written_by_id=entry.user_id
            )
            moves.append((entry.pk, stored.pk))
    if not moves:
        return
    redact(schema_editor, moves)
    AccessLogEntry.objects.using(alias).create(
        action="update",
        record_type="audit.accesslogentry",
        username="maintenance: migration audit.0005",
        reason="typed reasons moved out of the log into the reason store",
        detail={"maintenance": "reason store", "entries": len(moves)},
    )


def redact(schema_editor, moves):
    """Empty each entry's typed reason and refer it to the stored one: on PostgreSQL as the
    maintenance role, which may change those two columns and nothing else."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"GRANT {REDACTION_ROLE} TO CURRENT_USER")
            cursor.execute(f"SET LOCAL ROLE {REDACTION_ROLE}")
        try:
            for entry_id, reason_id in moves:
                cursor.execute(
                    f"UPDATE {TABLE} SET reason = '', reason_ref_id = %s WHERE id = %s",
                    [reason_id, entry_id],
                )
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("RESET ROLE")
                cursor.execute(f"REVOKE {REDACTION_ROLE} FROM CURRENT_USER")


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_user_at_index_concurrently'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Reason',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', harbour.core.ids.PublicIdField()),
                ('kind', models.CharField(choices=[('emergency_access', 'Emergency access'), ('correction', 'Correction of a record'), ('restriction', 'Restriction of a record'), ('duplicate_link', 'Link to an existing record')], max_length=24, verbose_name='given for')),
                ('text', harbour.core.fields.EncryptedTextField(verbose_name='reason')),
                ('written_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
                ('written_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='given by')),
            ],
            options={
                'verbose_name': 'reason',
                'verbose_name_plural': 'reasons',
                'ordering': ['-written_at', '-id'],
            },
        ),
        migrations.AddField(
            model_name='accesslogentry',
            name='reason_ref',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='audit.reason', verbose_name='reason given'),
        ),
        migrations.RunPython(install_guard, remove_guard, elidable=False),
        migrations.RunPython(move_reasons, migrations.RunPython.noop, elidable=False),
    ]
