"""A partial index of the few restricted records, so name search leaves them out without
reading every bucket row's person row (harbour.people.queries).

Built without blocking writes: on PostgreSQL with CREATE INDEX CONCURRENTLY, outside a
transaction (the migration is not atomic); elsewhere (the SQLite demo) a plain CREATE INDEX. An
index left invalid by an interrupted build is dropped and built again.
"""

from django.conf import settings
from django.db import migrations, models

TABLE = "people_person"
INDEX = "people_restricted"


def create_index(apps, schema_editor):
    quote = schema_editor.quote_name
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT NOT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE c.relname = %s",
                [INDEX],
            )
            invalid = cursor.fetchone()
        if invalid and invalid[0]:
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {quote(INDEX)}")
    concurrently = " CONCURRENTLY" if postgresql else ""
    schema_editor.execute(
        f"CREATE INDEX{concurrently} IF NOT EXISTS {quote(INDEX)} "
        f"ON {quote(TABLE)} ({quote('id')}) WHERE {quote('is_restricted')}"
    )


def drop_index(apps, schema_editor):
    concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX{concurrently} IF EXISTS {schema_editor.quote_name(INDEX)}")


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("accounts", "0002_agency_areas"),
        ("people", "0004_name_search_keys"),
        ("regions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="person",
                    index=models.Index(
                        condition=models.Q(("is_restricted", True)),
                        fields=["id"],
                        name=INDEX,
                    ),
                )
            ],
            database_operations=[migrations.RunPython(create_index, drop_index, elidable=False)],
        )
    ]
