from django.core.management.base import BaseCommand, CommandError

from harbour.risk.definitions import DefinitionError
from harbour.risk.services import risk_tool_load_file


class Command(BaseCommand):
    help = (
        "Load a risk tool version from a JSON file (see harbour/risk/definitions.py). "
        "It becomes the version new assessments use, unless --not-current is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path")
        parser.add_argument("--not-current", action="store_true")

    def handle(self, *args, **options) -> None:
        try:
            version = risk_tool_load_file(
                path=options["path"], make_current=not options["not_current"]
            )
        except DefinitionError as exc:
            raise CommandError(str(exc)) from exc
        state = "current" if version.is_current else "loaded, not current"
        self.stdout.write(self.style.SUCCESS(f"{version} ({state})."))
