"""Searches kept for a few minutes behind an opaque address, so Back finds her results.

A search is posted (decision 0005); the answer is a redirect to ``/results/<token>/``, an
address that says nothing about what she looked for. What she searched for (need, area, words)
is kept in the shared cache for ``HARBOUR_SEARCH_MINUTES`` from the search, then forgotten; "Exit
this page" forgets it at once. Going back to the address later shows "This search has expired".

Nothing here is stored in her browser (no cookie, no storage), and the cache never holds the
token itself:

- the cache key is a keyed digest of the token (``salted_hmac``), so a copy of the cache does not
  give the addresses to look for in a request log;
- the search is encrypted with a key derived from the token (Fernet), so a copy of the cache
  alone cannot be read, and a request log alone holds only random addresses.

Tokens are 128 random bits: they cannot be guessed or counted through.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from dataclasses import asdict, dataclass

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22}$")
_KEY_SALT = "harbour.directory.recent_searches"


@dataclass(frozen=True)
class KeptSearch:
    need_code: str = ""
    area_code: str = ""
    words: str = ""


def keep_seconds() -> int:
    return int(settings.HARBOUR_SEARCH_MINUTES) * 60


def token_is_well_formed(token: str) -> bool:
    return bool(TOKEN_PATTERN.match(token or ""))


def _cache_key(token: str) -> str:
    return "directory:search:" + salted_hmac(_KEY_SALT, token, algorithm="sha256").hexdigest()


def _fernet(token: str) -> Fernet:
    key = hashlib.sha256(f"{_KEY_SALT}:{token}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def search_keep(*, need_code: str, area_code: str, words: str) -> str:
    """Keeps a search for a few minutes; returns the token for its results address."""
    token = secrets.token_urlsafe(16)  # 22 characters
    plain = json.dumps(asdict(KeptSearch(need_code=need_code, area_code=area_code, words=words)))
    cache.set(_cache_key(token), _fernet(token).encrypt(plain.encode()), timeout=keep_seconds())
    return token


def search_recall(token: str) -> KeptSearch | None:
    """The search kept under this token, or None once it has expired or been forgotten."""
    if not token_is_well_formed(token):
        return None
    sealed = cache.get(_cache_key(token))
    if sealed is None:
        return None
    try:
        # ttl: a copy written by a clock-skewed process is still refused after the time allowed.
        plain = _fernet(token).decrypt(sealed, ttl=keep_seconds())
    except InvalidToken:
        return None
    return KeptSearch(**json.loads(plain))


def search_forget(*, token: str) -> None:
    """Forgets a search at once (Exit this page). Forgetting twice, or an unknown token, is fine."""
    if token_is_well_formed(token):
        cache.delete(_cache_key(token))
