"""Check that a backup restores: dump, restore beside, compare every row, drop the copy."""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from harbour.core.backup import (
    backup_compare,
    backup_dump,
    backup_holds_any,
    backup_restore,
    database_create,
    database_drop,
)


def database_url(name: str | None = None) -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{auth}@{host}:{db['PORT'] or 5432}/{name or db['NAME']}"


class Command(BaseCommand):
    help = (
        "Dump the database as a backup is made, restore it into a scratch database, compare "
        "every row of every table, check that no key is in the dump, then drop the scratch copy."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--keep-dump", type=Path, help="Also keep the dump at this path.")

    def handle(self, *args, keep_dump: Path | None = None, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Backups are of PostgreSQL databases.")
        scratch = f"{connection.settings_dict['NAME']}_restore_check"
        with tempfile.TemporaryDirectory() as folder:
            dump = keep_dump or Path(folder) / "harbour.dump"
            backup_dump(database_url(), dump)
            keys = [settings.SECRET_KEY, settings.HARBOUR_HASH_KEY, *settings.HARBOUR_FIELD_KEYS]
            if settings.HARBOUR_HASH_KEY_PREVIOUS:  # during a rotation of the hash key
                keys.append(settings.HARBOUR_HASH_KEY_PREVIOUS)
            if backup_holds_any(dump, keys):
                raise CommandError("A key is inside the dump: keys must be kept apart.")
            database_drop(database_url("postgres"), scratch)
            database_create(database_url("postgres"), scratch)
            try:
                backup_restore(dump, database_url(scratch))
                result = backup_compare(database_url(), database_url(scratch))
            finally:
                database_drop(database_url("postgres"), scratch)
        if result.different:
            raise CommandError(
                f"Tables that differ after the restore: {', '.join(result.different)}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup restored and compared: {result.tables} tables, {result.rows} rows, "
                "all identical; no key in the dump."
            )
        )
