"""Make the releases that are due (first releases of complete periods, revisions on their
schedule), or one revision now, and queue the daily task that keeps doing it."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from harbour.statistics.periods import Period
from harbour.statistics.registry import table_sets


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("names", nargs="*", help="table sets (all released sets if none)")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="also queue the daily releases task (nothing is queued if a run is waiting)",
        )
        parser.add_argument(
            "--revise",
            metavar="PERIOD",
            help="consider a revision of this period (e.g. 2026-Q1) of one table set now",
        )
        parser.add_argument("--reason", default="", help="why the figures are revised, in words")

    def handle(self, *args, names: list[str], schedule: bool, revise: str | None, **options):
        from harbour.statistics.releases import releases_publish_due, revision_consider
        from harbour.statistics.tasks import releases_schedule

        for name in names:
            try:
                spec = table_sets.get(name)
            except KeyError as error:
                raise CommandError(str(error)) from None
            if not spec.is_released:
                raise CommandError(f"{name!r} has no period: it is not released")
        if revise:
            if len(names) != 1:
                raise CommandError("--revise needs exactly one table set")
            spec = table_sets.get(names[0])
            assert spec.period is not None
            period = _period(spec.period, revise)
            outcome = revision_consider(
                name=names[0], period=period, reason=options["reason"], force=True
            )
            self.stdout.write(f"{names[0]} {period.key}: {outcome.status} {outcome.why}".strip())
        else:
            summary = releases_publish_due(names=names or None)
            for release in [*summary.released, *summary.revised]:
                self.stdout.write(f"published {release}")
            for line in summary.held_back:
                self.stdout.write(f"held back {line}")
            self.stdout.write(str(summary))
            if summary.failed:
                raise CommandError("; ".join(summary.failed))
        if schedule:
            queued = releases_schedule()
            self.stdout.write("daily releases task queued" if queued else "already queued")


def _period(length, key: str) -> Period:
    try:
        return length.from_key(key)
    except ValueError as error:
        raise CommandError(str(error)) from None
