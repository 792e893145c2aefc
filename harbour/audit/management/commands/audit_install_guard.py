from django.core.management.base import BaseCommand
from django.db import connection

from harbour.audit import guard


class Command(BaseCommand):
    help = (
        "Install or refresh the PostgreSQL trigger that makes the access log append-only "
        "(run after changing HARBOUR_AUDIT_RETENTION_DAYS)."
    )

    def handle(self, *args, **options) -> None:
        if guard.install(connection):
            self.stdout.write(self.style.SUCCESS("Access log guard installed."))
        else:
            self.stdout.write(
                "Not PostgreSQL: the application alone keeps the access log append-only."
            )
