"""The settings module fails loudly: each case imports it in a fresh interpreter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from harbour.env import new_fernet_key

ROOT = Path(__file__).resolve().parents[3]

GOOD_PRODUCTION = {
    "HARBOUR_MODE": "production",
    "SECRET_KEY": "k" * 20 + "-production-secret-key-for-tests-only-0123456789",
    "HARBOUR_FIELD_KEYS": new_fernet_key(),
    "HARBOUR_HASH_KEY": "h" * 40,
    "ALLOWED_HOSTS": "harbour.example.org",
    "HARBOUR_SITE_URL": "https://harbour.example.org",
    "DATABASE_URL": "postgres://harbour@127.0.0.1:5432/harbour",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def load_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in GOOD_PRODUCTION and k != "DEBUG"}
    clean.pop("HARBOUR_VAR_DIR", None)
    return subprocess.run(
        [sys.executable, "-c", "import harbour.settings as s; print('DEBUG', s.DEBUG)"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_load_when_complete():
    result = load_settings(GOOD_PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "DEBUG False" in result.stdout


def test_production_refuses_debug():
    result = load_settings({**GOOD_PRODUCTION, "DEBUG": "true"})
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "HARBOUR_FIELD_KEYS", "HARBOUR_HASH_KEY"])
def test_production_refuses_missing_key(missing):
    env = {k: v for k, v in GOOD_PRODUCTION.items() if k != missing}
    result = load_settings(env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr or missing in result.stderr


def test_production_refuses_short_secret_key():
    result = load_settings({**GOOD_PRODUCTION, "SECRET_KEY": "too-short"})
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


def test_bad_boolean_is_refused_not_guessed():
    result = load_settings({**GOOD_PRODUCTION, "DEBUG": "yes"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_bad_encryption_key_is_refused():
    result = load_settings({**GOOD_PRODUCTION, "HARBOUR_FIELD_KEYS": "not-a-key"})
    assert result.returncode != 0
    assert "HARBOUR_FIELD_KEYS" in result.stderr


def test_production_needs_a_shared_cache():
    env = {k: v for k, v in GOOD_PRODUCTION.items() if k != "REDIS_URL"}
    result = load_settings(env)
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_production_refuses_sqlite_by_default():
    env = {k: v for k, v in GOOD_PRODUCTION.items() if k != "DATABASE_URL"}
    result = load_settings(env)
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_secret_may_come_from_a_file(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text(GOOD_PRODUCTION["SECRET_KEY"])
    env = {k: v for k, v in GOOD_PRODUCTION.items() if k != "SECRET_KEY"}
    result = load_settings({**env, "SECRET_KEY_FILE": str(secret_file)})
    assert result.returncode == 0, result.stderr


def test_demo_generates_local_keys_once(tmp_path):
    env = {"HARBOUR_MODE": "demo", "HARBOUR_VAR_DIR": str(tmp_path)}
    first = load_settings(env)
    assert first.returncode == 0, first.stderr
    keys = (tmp_path / "local-keys.env").read_text()
    assert "HARBOUR_FIELD_KEYS=" in keys
    assert oct((tmp_path / "local-keys.env").stat().st_mode & 0o777) == "0o600"
    second = load_settings(env)
    assert second.returncode == 0
    assert (tmp_path / "local-keys.env").read_text() == keys


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HARBOUR_MARAC_ACTION_REMINDER_HOUR", "24"),
        ("HARBOUR_MARAC_ACTION_REMINDER_HOUR", "nine"),
        ("HARBOUR_MARAC_CASES_PER_MEETING", "61"),
    ],
)
def test_out_of_range_numbers_are_refused_by_name(name, value):
    result = load_settings({**GOOD_PRODUCTION, name: value})
    assert result.returncode != 0
    assert name in result.stderr
