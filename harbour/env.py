"""Typed helpers that read settings from the environment and fail loudly on bad values.

Every value may also be given as ``NAME_FILE`` (a path whose contents are the value), so secrets
can come from files mounted by the host rather than from the process environment.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"true", "1"}
_FALSE = {"false", "0"}


def _raw(name: str) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from exc
    return os.environ.get(name)


def env_str(name: str, default: str | None = None) -> str:
    """A string setting; with no default, the setting is required."""
    value = _raw(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name: str, default: str) -> bool:
    """A boolean setting: only "true"/"false"/"1"/"0" (any case) are accepted."""
    value = env_str(name, default).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: str, *, minimum: int | None = None) -> int:
    raw = env_str(name, default)
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, default: str | None = None) -> list[str]:
    """A comma-separated list; empty items are ignored."""
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_choice(name: str, default: str, choices: Iterable[str]) -> str:
    allowed = tuple(choices)
    value = env_str(name, default).strip().lower()
    if value not in allowed:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(allowed)}, not {value!r}.")
    return value


def env_secret(name: str, *, min_length: int = 32) -> str:
    """A required secret of a minimum length that is never a placeholder."""
    value = env_str(name)
    if len(value) < min_length:
        raise ImproperlyConfigured(f"{name} must be at least {min_length} characters long.")
    if value.lower() in {"none", "null", "changeme", "secret"}:
        raise ImproperlyConfigured(f"{name} is a placeholder, not a secret.")
    return value


def env_fernet_keys(name: str) -> list[str]:
    """A comma-separated list of Fernet keys (newest first), each checked for shape."""
    keys = env_list(name)
    if not keys:
        raise ImproperlyConfigured(f"{name} must hold at least one encryption key.")
    for index, key in enumerate(keys, start=1):
        try:
            decoded = base64.urlsafe_b64decode(key.encode("ascii"))
        except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
            raise ImproperlyConfigured(f"Key {index} in {name} is not base64.") from exc
        if len(decoded) != 32:
            raise ImproperlyConfigured(
                f"Key {index} in {name} is not a Fernet key (32 bytes, url-safe base64)."
            )
    return keys


def new_fernet_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


LOCAL_KEY_NAMES = ("SECRET_KEY", "HARBOUR_FIELD_KEYS", "HARBOUR_HASH_KEY")


def load_local_keys(path: Path) -> None:
    """Demo and test only: read keys from a local file, generating it on first run.

    The file lives under ``var/`` (ignored by git), so keys are made on each machine and are
    never committed. Values already in the environment win.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        generated = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "HARBOUR_FIELD_KEYS": new_fernet_key(),
            "HARBOUR_HASH_KEY": secrets.token_urlsafe(48),
        }
        body = "".join(f"{key}={value}\n" for key, value in generated.items())
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("# Local demo/test keys, generated on this machine. Never commit.\n")
            handle.write(body)
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        if key in LOCAL_KEY_NAMES:
            os.environ.setdefault(key, value)
