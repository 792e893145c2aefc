from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from harbour.audit import guard


class Command(BaseCommand):
    help = (
        "Delete access log entries older than the retention period "
        "(HARBOUR_AUDIT_RETENTION_DAYS). PostgreSQL only: runs as the retention role."
    )

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Pruning the access log needs PostgreSQL and its retention role.")
        cutoff = timezone.now() - timedelta(days=settings.HARBOUR_AUDIT_RETENTION_DAYS)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ROLE {guard.RETENTION_ROLE}")
            cursor.execute(f"DELETE FROM {guard.TABLE} WHERE at < %s", [cutoff])  # noqa: S608
            deleted = cursor.rowcount
        self.stdout.write(f"Deleted {deleted} access log entries older than {cutoff:%Y-%m-%d}.")
