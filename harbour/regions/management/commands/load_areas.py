from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from harbour.regions.services import AreasFileError, areas_load_from_csv


class Command(BaseCommand):
    help = (
        "Create or update local authorities from a CSV with the columns gss_code, "
        "local_authority, population_all_ages, women_16_plus. A bad file imports nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("csv", help="path of the CSV file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = areas_load_from_csv(path_or_file=options["csv"])
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {options['csv']}") from error
        except AreasFileError as error:
            raise CommandError("\n".join(["Nothing was imported.", *error.messages])) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.total} areas: {result.created} new, {result.updated} updated."
            )
        )
