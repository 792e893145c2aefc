"""Make an account from the server, for an installation's first administrators.

    python manage.py account_invite --username a.rowe --email a.rowe@example.org \
        --first-name Alex --last-name Rowe --agency "Combined Authority" --role administrator

The account has no password: Harbour emails the person a one-time link to choose one and set up
their authenticator (the task worker sends it). No one, not even the operator, learns either.
Once two administrators exist, make every other account on the staff pages, where a second
administrator approves it (decision 0023).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from harbour.accounts.models import Agency
from harbour.accounts.roles import AgencyKind, Role
from harbour.accounts.services import account_invite_from_server, agency_create


class Command(BaseCommand):
    help = "Make an account (for example the first administrators) and email its set-up link."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)
        parser.add_argument("--agency", required=True, help="The agency's name.")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--new-agency-kind",
            choices=AgencyKind.values,
            help="Make the agency, of this kind, if there is none of that name yet.",
        )

    def handle(self, *args, **options) -> None:
        try:
            with transaction.atomic():
                agency = Agency.objects.filter(name=options["agency"]).first()
                if agency is None:
                    if not options["new_agency_kind"]:
                        raise CommandError(
                            f"There is no agency called {options['agency']!r} "
                            "(give --new-agency-kind to make it)."
                        )
                    agency = agency_create(name=options["agency"], kind=options["new_agency_kind"])
                user = account_invite_from_server(
                    username=options["username"],
                    email=options["email"],
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                    agency=agency,
                    role=options["role"],
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"{user.username} is made. The link to set up the account goes to {user.email} "
            "when the task worker sends it."
        )
