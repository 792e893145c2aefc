"""The previous hash key is checked at start-up like every key."""

from __future__ import annotations

import pytest

from harbour.core.tests.test_settings import GOOD_PRODUCTION, load_settings


@pytest.mark.parametrize(
    ("previous", "message"),
    [
        ("h" * 40, "must differ from HARBOUR_HASH_KEY"),
        ("short", "HARBOUR_HASH_KEY_PREVIOUS must be at least 32 characters"),
        ("changeme", "HARBOUR_HASH_KEY_PREVIOUS must be at least 32 characters"),
    ],
)
def test_a_bad_previous_hash_key_is_refused(previous, message):
    result = load_settings({**GOOD_PRODUCTION, "HARBOUR_HASH_KEY_PREVIOUS": previous})
    assert result.returncode != 0
    assert message in result.stderr


def test_a_previous_hash_key_is_accepted():
    result = load_settings({**GOOD_PRODUCTION, "HARBOUR_HASH_KEY_PREVIOUS": "p" * 40})
    assert result.returncode == 0, result.stderr
