"""With several app processes, lockout counters live in Redis so every process sees them."""

import os

import pytest
from axes.handlers.proxy import AxesProxyHandler
from django.core.cache import caches
from django.test import Client

from harbour.accounts.factories import TEST_PASSWORD, UserFactory

REDIS_URL = os.environ.get("HARBOUR_TEST_REDIS_URL", "")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not REDIS_URL, reason="HARBOUR_TEST_REDIS_URL is not set (bin/test sets it)"
    ),
]


@pytest.fixture
def redis_lockout(settings):
    prefix = f"harbour-test-{os.getpid()}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
    AxesProxyHandler.implementation = None
    caches["default"].clear()
    yield
    caches["default"].clear()
    AxesProxyHandler.implementation = None


def test_failures_counted_in_redis_lock_out_across_processes(redis_lockout, settings):
    UserFactory(username="shared")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/staff/sign-in/", {"username": "shared", "password": "wrong"})
    # A second "process": a fresh handler reads the same counters from Redis.
    AxesProxyHandler.implementation = None
    response = Client().post("/staff/sign-in/", {"username": "shared", "password": TEST_PASSWORD})
    assert response.status_code == 429
    keys = (
        caches["default"]._cache.get_client().keys(f"{settings.CACHES['default']['KEY_PREFIX']}*")
    )
    assert keys, "the lockout counters should be stored in Redis"
