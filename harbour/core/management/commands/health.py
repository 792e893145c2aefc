from django.core.management.base import BaseCommand, CommandError

from harbour.core.health import readiness


class Command(BaseCommand):
    help = "Print each readiness check (database, cache, background tasks) with its detail."

    def handle(self, *args, **options) -> None:
        checks = readiness()
        for check in checks:
            state = self.style.SUCCESS("ok") if check.ok else self.style.ERROR("FAILED")
            self.stdout.write(f"{check.name:<10}{state}  {check.detail}")
        if not all(c.ok for c in checks):
            raise CommandError("Harbour is not ready.")
