"""Migrations are safe to apply to a live database (docs/operations.md, "Migrations").

django-migration-linter reads the SQL each of Harbour's migrations runs on PostgreSQL (the
production database) and flags what locks a busy table (a plain CREATE INDEX, DROP INDEX) or
breaks the code still running during a deploy (dropping or renaming a column or table, a new NOT
NULL column without a database default, a new unique constraint, an irreversible data
migration). The migrations below were reviewed and are accepted, each with its reason; any other
finding fails the test. Migrations also never import Harbour's live code, which changes after
them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection

pytestmark = pytest.mark.django_db

# (app label, migration): why it is accepted as it is.
BASELINE = {
    ("accounts", "0003_account_changes_and_links"): (
        "Its indexes are on the two tables it creates (account changes and one-time links): "
        "empty while they are built, so nothing waits on them."
    ),
    ("followups", "0003_close_without_a_visit"): (
        "NOT NULL columns with a default Django drops afterwards, and indexes built in the "
        "migration's transaction, on the follow-up table; applied before any deployment held "
        "follow-ups. New columns now use db_default and indexes are built concurrently."
    ),
    ("people", "0003_works_for_partner_agency"): (
        "A NOT NULL boolean whose default Django drops afterwards; applied before any "
        "deployment. New columns now use db_default, so code still running keeps inserting."
    ),
}

# Migrations allowed to import Harbour's own code, and why.
LIVE_IMPORTS = {
    ("audit", "0002_postgresql_guard"): (
        "Installs the access log's guard trigger from harbour.audit.guard, the one definition "
        "`manage.py audit_install_guard` also refreshes: the trigger must be today's, not a copy."
    ),
    ("people", "0004_name_search_keys"): (
        "Rebuilds the keys that name search and the duplicate check look up, with harbour.people."
        "matching: a stored key is only found if it was made as today's look-up makes it, so a "
        "frozen copy of the matcher would write keys nothing finds. It reads only the historical "
        "Person's name, date of birth, phone and email, which every later Person keeps."
    ),
}


def _harbour_labels() -> list[str]:
    return [c.label for c in apps.get_app_configs() if c.name.startswith("harbour.")]


def lint(**options) -> list[tuple[str, str, str]]:
    """Findings (app, migration, message) of django-migration-linter, warnings as errors."""
    from django_migration_linter import MigrationLinter

    findings: list[tuple[str, str, str]] = []

    class Recording(MigrationLinter):
        def print_linting_msg(self, app_label, migration_name, msg, lint_result):
            self._current = (app_label, migration_name)
            if msg.startswith("ERR"):
                findings.append((app_label, migration_name, ""))

        def print_errors(self, errors):
            for error in errors:
                findings.append((*self._current, error.message))

        def print_warnings(self, warnings):
            self.print_errors(warnings)

    linter = Recording(
        no_cache=True,
        all_warnings_as_errors=True,
        no_output=False,
        include_apps=_harbour_labels(),
        ignore_name=[name for (_app, name) in BASELINE],
        **options,
    )
    linter.lint_all_migrations()
    return [f for f in findings if f[2]]


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the linter reads the SQL migrations run on PostgreSQL, the production database",
)


@needs_postgresql
def test_no_migration_locks_a_table_or_breaks_running_code():
    findings = lint()
    assert findings == [], "\n".join(f"{app}.{name}: {message}" for app, name, message in findings)


@needs_postgresql
def test_the_check_flags_a_plain_index_and_a_dropped_column(monkeypatch):
    """The check can fail: a migration building an index in a transaction, or dropping a
    column, is found (here audit's and followups' SQL is replaced by such statements)."""
    from django_migration_linter import MigrationLinter

    unsafe = {
        "0001_initial": [
            "BEGIN;",
            'CREATE INDEX "audit_x" ON "audit_accesslogentry" ("at");',
            "COMMIT;",
        ],
        "0002_alter_followup_status_and_more": [
            'ALTER TABLE "followups_followup" DROP COLUMN "due_at" CASCADE;'
        ],
    }

    def fake_sql(self, app_label, migration_name):
        return unsafe.get(migration_name, []) if app_label in ("audit", "followups") else []

    monkeypatch.setattr(MigrationLinter, "get_sql", fake_sql)
    found = {(app, name) for app, name, _message in lint()}
    assert ("audit", "0001_initial") in found
    assert ("followups", "0002_alter_followup_status_and_more") in found


def _live_imports(tree: ast.AST) -> list[str]:
    """Harbour modules a migration imports to run code: any ``from harbour... import``, and any
    import inside a function (a RunPython). The module-level ``import harbour.x`` lines Django
    writes itself name fields, managers and defaults of the schema, and are allowed."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("harbour"):
            found.append(node.module)
        if isinstance(node, ast.FunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import):
                    found += [a.name for a in inner.names if a.name.startswith("harbour")]
    return found


def test_migrations_do_not_import_live_code():
    offenders = []
    for config in apps.get_app_configs():
        if not config.name.startswith("harbour."):
            continue
        for path in sorted((Path(config.path) / "migrations").glob("0*.py")):
            if (config.label, path.stem) in LIVE_IMPORTS:
                continue
            live = _live_imports(ast.parse(path.read_text(encoding="utf-8")))
            if live:
                offenders.append(f"{config.label}.{path.stem} imports {', '.join(live)}")
    assert offenders == []


def test_the_import_check_finds_a_live_import():
    source = "def load(apps, schema_editor):\n    from harbour.people.sharing_data import load\n"
    assert _live_imports(ast.parse(source)) == ["harbour.people.sharing_data"]
