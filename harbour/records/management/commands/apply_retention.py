"""Start a retention run now (or go on with the one running), and optionally queue the daily
task: ``manage.py apply_retention [--here] [--schedule]``."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Apply the retention rules (harbour.records): erase what has passed its period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--here",
            action="store_true",
            help="run every batch in this process until the run ends, instead of the worker",
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="also queue the daily retention task (nothing is queued if one is waiting)",
        )

    def handle(self, *args, **options):
        from harbour.records.retention import run_resume, run_start, run_step
        from harbour.records.tasks import retention_schedule

        run = run_start()
        if options["here"]:
            while not run_step(run=run).done:
                pass
            run.refresh_from_db()
            self.stdout.write(f"Run {run.public_id}: {run.get_state_display()}, {run.counts}")
        else:
            run_resume(run=run)
            self.stdout.write(f"Run {run.public_id} queued for the worker.")
        if options["schedule"]:
            queued = retention_schedule()
            self.stdout.write("daily retention task queued" if queued else "already queued")
