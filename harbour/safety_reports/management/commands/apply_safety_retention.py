"""Apply the retention periods of safety reports now (expire alerts, delete what has passed its
period), and with --schedule queue the daily task that keeps doing it."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="also queue the daily retention task (nothing is queued if a run is waiting)",
        )

    def handle(self, *args, schedule: bool, **options) -> None:
        from harbour.safety_reports.retention import retention_apply
        from harbour.safety_reports.tasks import retention_schedule

        summary = retention_apply()
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in summary.items()))
        if schedule:
            queued = retention_schedule()
            self.stdout.write("daily retention task queued" if queued else "already queued")
