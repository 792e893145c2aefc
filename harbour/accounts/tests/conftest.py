import pytest
from django.core.cache import cache

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role


@pytest.fixture(autouse=True)
def _fresh_sign_in_counts():
    """Slow-down counts live in the cache, which outlives a test's database transaction."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def administrators(db):
    """Two administrators: one asks, the other approves."""

    def make(username: str):
        return UserFactory(
            username=username, role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True
        )

    return make("ada.admin"), make("bo.admin")
