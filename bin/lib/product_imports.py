"""Import every product module of Harbour, as production would, and report what fails.

bin/test runs this in a virtual environment made from ``requirements/base.txt`` alone (the
product's locked dependencies, none of the development tools), so a module that imports a
package declared only for development fails here instead of in production. Settings are those
of production mode, with throwaway secrets made for this run; as in production, static files
are collected first (into a temporary folder) and the URL configuration is loaded before the
rest. Nothing connects to a database or to Redis.

Test support is not product code and is left out: ``tests`` packages, ``factories`` and
``testing`` modules, ``conftest``. (A product module that imports one of them fails here, since
their own imports are development tools.)
"""

from __future__ import annotations

import base64
import importlib
import os
import secrets
import sys
import tempfile
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_SUPPORT = {"tests", "factories", "testing", "conftest"}


def production_environment(var_dir: str) -> None:
    os.environ.update(
        {
            "HARBOUR_MODE": "production",
            "DJANGO_SETTINGS_MODULE": "harbour.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "HARBOUR_FIELD_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            "HARBOUR_HASH_KEY": secrets.token_urlsafe(32),
            "DATABASE_URL": "postgres://harbour@127.0.0.1:5432/harbour",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "ALLOWED_HOSTS": "harbour.invalid",
            "HARBOUR_SITE_URL": "https://harbour.invalid",
            "HARBOUR_VAR_DIR": var_dir,
        }
    )


def product_modules() -> list[str]:
    names = []
    for path in sorted((ROOT / "harbour").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if TEST_SUPPORT & set(parts):
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def main() -> int:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="harbour-product-") as var_dir:
        production_environment(var_dir)
        return check()


def check() -> int:
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)
    failures = []
    modules = [settings.ROOT_URLCONF, *product_modules()]
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # every failure is reported below
            failures.append((name, traceback.format_exc(limit=-3)))
    for name, trace in failures:
        print(f"--- {name}\n{trace}", file=sys.stderr)
    if failures:
        print(
            f"{len(failures)} of {len(modules)} product modules do not import with the product's "
            "dependencies alone: declare what they use in pyproject.toml [project] "
            "dependencies and run bin/lock.",
            file=sys.stderr,
        )
        return 1
    print(f"All {len(modules)} product modules import with requirements/base.txt alone.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
