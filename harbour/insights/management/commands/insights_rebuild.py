from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from harbour.insights.summaries import summaries_differences, summaries_rebuild


class Command(BaseCommand):
    help = _("Recount the insights summary tables from the raw records.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("Only say whether the summaries match a recount; change nothing."),
        )

    def handle(self, *args, check=False, **options):
        if check:
            differences = summaries_differences()
            for key, (held, counted) in differences.items():
                self.stdout.write(f"{key}: summary {held}, recount {counted}")
            if differences:
                raise SystemExit(1)
            self.stdout.write(_("The summaries match a recount."))
            return
        cells = summaries_rebuild()
        self.stdout.write(_("Rebuilt %(n)d summary cells.") % {"n": cells})
