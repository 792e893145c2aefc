"""The access log's index on (user, at), built without blocking writes.

On PostgreSQL the index is built with CREATE INDEX CONCURRENTLY, outside a transaction, so the
inserts every read of a person makes carry on while it is built; elsewhere (the SQLite demo) a
plain CREATE INDEX. IF NOT EXISTS: databases that built it under the old 0003 keep theirs.
A concurrent build that was interrupted leaves an INVALID index: drop it and migrate again
(docs/operations.md).
"""

from django.db import migrations, models

TABLE = "audit_accesslogentry"
INDEX = "audit_entry_user_at"


def create_index(apps, schema_editor):
    quote = schema_editor.quote_name
    concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX{concurrently} IF NOT EXISTS {quote(INDEX)} "
        f"ON {quote(TABLE)} ({quote('user_id')}, {quote('at')})"
    )


def drop_index(apps, schema_editor):
    concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX{concurrently} IF EXISTS {schema_editor.quote_name(INDEX)}")


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [("audit", "0003_user_at_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="accesslogentry",
                    index=models.Index(fields=["user", "at"], name=INDEX),
                )
            ],
            database_operations=[migrations.RunPython(create_index, drop_index, elidable=False)],
        )
    ]
