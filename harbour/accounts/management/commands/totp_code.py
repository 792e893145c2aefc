from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from harbour.accounts.services import totp_current_code, totp_device_confirmed


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo user (demo and test modes only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError("Codes are only printed in the demo.")
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"There is no user called {options['username']!r}.")
        device = totp_device_confirmed(user)
        if device is None:
            raise CommandError(f"{user.username} has not set up two-factor sign-in yet.")
        self.stdout.write(totp_current_code(device))
