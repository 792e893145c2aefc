"""Indexes for word search, on PostgreSQL only.

Django writes ``name__icontains=word`` as ``UPPER(name::text) LIKE UPPER('%word%')``; a trigram
(pg_trgm) GIN index on ``UPPER(column)`` answers exactly that, for words of three letters or
more, without changing what a search finds. One each on services' names and descriptions and on
organisations' names (``harbour.directory.queries.filter_by_text``).

Built CONCURRENTLY, so a live directory keeps answering while they build: the migration is not
atomic. An index left invalid by an interrupted build is dropped and built again. pg_trgm is a
trusted extension (PostgreSQL 13 and later): the database's owner may create it. Other databases
get nothing and still migrate: SQLite, the demo's database, scans.
"""

from django.db import migrations

INDEXES = {
    "directory_service_name_trgm": ("directory_service", "name"),
    "directory_service_description_trgm": ("directory_service", "description"),
    "directory_organisation_name_trgm": ("directory_organisation", "name"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, (table, column) in INDEXES.items():
            cursor.execute(
                "SELECT NOT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE c.relname = %s",
                [name],
            )
            invalid = cursor.fetchone()
            if invalid and invalid[0]:
                cursor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')
            cursor.execute(
                f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{name}" ON "{table}" '
                f'USING gin (UPPER("{column}") gin_trgm_ops)'
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
