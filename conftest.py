"""Fixtures shared by every app's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.accounts.testing import sign_in
from harbour.core import doors
from harbour.core.seeding import DemoContext
from harbour.demo.testing import DemoSnapshot, demo_snapshot_restore, demo_snapshot_take


@pytest.fixture(autouse=True)
def _isolated_var_dir(settings, tmp_path):
    """Demo passwords, mail files and other local state go to a fresh folder per test."""
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()


@pytest.fixture(autouse=True)
def _one_door_for_her_record() -> Iterator[None]:
    """Her encrypted fields are read only through the getters and services that check access
    (harbour.core.doors): any other read, even one whose error was swallowed, fails the test.
    A test reads her record directly, to check what was stored, inside ``doors.opened(...)``."""
    with doors.enforce() as violations:
        yield
    assert not violations, "\n".join(violations)


@pytest.fixture
def user_factory(db):
    return UserFactory


@pytest.fixture
def admin_user(db):
    return UserFactory(role=Role.ADMINISTRATOR, username="administrator")


@pytest.fixture
def staff_client():
    """Returns a function that gives a signed-in (two-factor verified) client for a user."""

    def make(user) -> Client:
        return sign_in(Client(), user)

    return make


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory) -> DemoSnapshot:
    """The demo region, loaded once per test session (and process) and recorded."""
    with django_db_blocker.unblock():
        return demo_snapshot_take(tmp_path_factory.mktemp("demo-var"))


@pytest.fixture
def demo_region(db, demo_snapshot, settings) -> Iterator[DemoContext]:
    """The demo region as ``demo_load()`` leaves it, in this test's database, with a fresh copy
    of its context. It replaces every table's rows: ask for it before fixtures that add rows."""
    yield demo_snapshot_restore(demo_snapshot, settings.VAR_DIR)
    ContentType.objects.clear_cache()  # the region's identifiers go with the test's transaction
