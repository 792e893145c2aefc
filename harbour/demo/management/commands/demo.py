"""Load the demo region and run Harbour with its background worker.

python manage.py demo            # migrate, load the demo region once, serve on 127.0.0.1:8000
python manage.py demo --reset    # start again from an empty database
python manage.py demo --no-serve # load only (used by tests and scripts)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from harbour.accounts.services import totp_device_confirmed, totp_secret_base32
from harbour.demo import services


class Command(BaseCommand):
    help = "Load the synthetic demo region and serve Harbour with its task worker."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--reset", action="store_true", help="Empty the database first.")
        parser.add_argument("--no-serve", action="store_true", help="Load the data, then stop.")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="Address to serve on.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed for the data.")

    def handle(self, *args, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo cannot run with HARBOUR_MODE=production.")
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        if services.demo_is_loaded() and not options["reset"]:
            self.stdout.write("The demo region is already loaded (use --reset to start again).")
        else:
            self.stdout.write("Loading the demo region (synthetic data only)...")
            services.demo_load(seed=options["seed"])
        self._print_sign_ins(options["addr"])
        if options["no_serve"]:
            return
        worker = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "task_worker"],
        )
        self.stdout.write(f"Task worker started (process {worker.pid}).")
        try:
            call_command("runserver", options["addr"], use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=30)

    def _print_sign_ins(self, addr: str) -> None:
        password = services.demo_password()
        users = get_user_model().objects
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"Harbour demo: http://{addr}/"))
        out.write(f"Staff sign-in: http://{addr}/staff/  (every demo user's password: {password})")
        out.write("Add the key to an authenticator app, or print a current code with")
        out.write("  .venv/bin/python manage.py totp_code <username>")
        out.write("")
        out.write(f"{'username':<24}{'TOTP key':<36}who")
        for sign_in in services.demo_sign_ins():
            user = users.filter(username=sign_in.username).first()
            device = totp_device_confirmed(user) if user else None
            key = totp_secret_base32(device) if device else "-"
            out.write(f"{sign_in.username:<24}{key:<36}{sign_in.description}")
        out.write("")
