"""Loading the demo region: runs every app's seeder in one transaction."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.module_loading import import_string

from harbour.core import doors
from harbour.core.seeding import DemoContext, DemoSignIn


def _credentials_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-credentials.json"


def demo_password() -> str:
    """The demo's shared password, generated on this machine on first use."""
    path = Path(settings.VAR_DIR) / "demo-password"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Hex keeps the password's letters few, so it is never "too similar" to a demo user's
        # name or email under the password rules (which compare letters, not order).
        path.write_text(f"Harbour-{secrets.token_hex(8)}-Demo\n", encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def demo_require_not_production() -> None:
    if settings.PRODUCTION:
        raise ImproperlyConfigured("The demo region cannot be loaded in production mode.")


def demo_is_loaded() -> bool:
    return _credentials_file().exists() and _demo_users_exist()


def _demo_users_exist() -> bool:
    from django.contrib.auth import get_user_model

    names = [s["username"] for s in json.loads(_credentials_file().read_text(encoding="utf-8"))]
    return get_user_model().objects.filter(username__in=names).count() == len(names)


@transaction.atomic
def demo_load(*, seed: int = 2026) -> DemoContext:
    """Run every seeder in settings.HARBOUR_DEMO_SEEDERS; all or nothing."""
    demo_require_not_production()
    ctx = DemoContext(password=demo_password(), seed=seed)
    # Seeders make synthetic records and may read them back without a user's need-to-know.
    with doors.opened("demo seeding"):
        for dotted in settings.HARBOUR_DEMO_SEEDERS:
            import_string(dotted)(ctx)
    _credentials_file().write_text(
        json.dumps([s.__dict__ for s in ctx.sign_ins], indent=2), encoding="utf-8"
    )
    return ctx


def demo_sign_ins() -> list[DemoSignIn]:
    if not _credentials_file().exists():
        return []
    return [DemoSignIn(**s) for s in json.loads(_credentials_file().read_text(encoding="utf-8"))]
