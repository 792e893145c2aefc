"""Limits on the public contact form, so that a flood of messages cannot bury real ones.

Two counters in the shared cache, for the current hour: one for each sender, one for the whole
site. The sender is known only by a keyed hash (``harbour.core.crypto.keyed_hash``) of her
network address, kept in the cache for the hour and nowhere else: never in the database, the
access log or any other log. Without the hash key the digest cannot be traced back to an address,
and once the hour is over it is gone.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from harbour.core.crypto import keyed_hash
from harbour.core.net import client_address

WINDOW_SECONDS = 3600
_PREFIX = "referrals:self-referral"


def per_client_limit() -> int:
    return int(getattr(settings, "HARBOUR_SELF_REFERRALS_PER_CLIENT_PER_HOUR", 3))


def site_limit() -> int:
    return int(getattr(settings, "HARBOUR_SELF_REFERRALS_PER_HOUR", 100))


def _keys(request: HttpRequest) -> tuple[str, str]:
    window = int(time.time() // WINDOW_SECONDS)
    client = keyed_hash("referrals.self-referral.client", f"{window}|{client_address(request)}")
    return f"{_PREFIX}:client:{window}:{client}", f"{_PREFIX}:site:{window}"


def _count(key: str) -> int:
    return int(cache.get(key) or 0)


def flood_refusal(request: HttpRequest) -> str | None:
    """Why a self-referral from this request must be refused now, or None."""
    client_key, site_key = _keys(request)
    if _count(client_key) >= per_client_limit():
        return "client"
    if _count(site_key) >= site_limit():
        return "site"
    return None


def flood_count(request: HttpRequest) -> None:
    """Count a self-referral that was accepted."""
    for key in _keys(request):
        if not cache.add(key, 1, timeout=WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=WINDOW_SECONDS)
