"""Fixtures shared by every app's tests."""

from __future__ import annotations

import pytest
from django.test import Client

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.accounts.testing import sign_in


@pytest.fixture(autouse=True)
def _isolated_var_dir(settings, tmp_path):
    """Demo passwords, mail files and other local state go to a fresh folder per test."""
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()


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
