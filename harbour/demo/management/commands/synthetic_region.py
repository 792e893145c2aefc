"""Load a synthetic region: years of incidents, risk assessments, referrals, MARAC cases and
24-hour follow-ups for the six areas, made from a seed (``harbour.demo.region``).

python manage.py synthetic_region --incidents 100000 --seed 7
python manage.py synthetic_region --incidents 20000 --effect 0.05   # plant a follow-up effect
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from harbour.demo.region import RegionSpec
from harbour.demo.region_load import RegionRefused, region_load


class Command(BaseCommand):
    help = "Load a synthetic region of the given size (test and demo modes, empty database)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--incidents", type=int, required=True, help="500 to 20,000,000.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--effect",
            type=float,
            default=0.0,
            help="Planted effect of the 24-hour follow-up on the share supporting police action.",
        )
        parser.add_argument(
            "--method",
            choices=("auto", "copy", "orm"),
            default="auto",
            help="copy: PostgreSQL COPY; orm: bulk_create; auto: COPY from 50,000 incidents.",
        )

    def handle(self, *args, **options) -> None:
        try:
            spec = RegionSpec(
                incidents=options["incidents"], seed=options["seed"], effect=options["effect"]
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Loading a synthetic region of about {spec.incidents:,} incidents...")
        try:
            report = region_load(spec, method=options["method"], progress=self.stdout.write)
        except RegionRefused as error:
            raise CommandError(str(error)) from error
        for table, count in report.rows.items():
            self.stdout.write(f"  {table}: {count:,}")
        self.stdout.write(
            f"Loaded by {report.method} in {report.seconds:.0f} s; the insights summaries "
            "were recounted."
        )
