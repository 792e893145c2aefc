"""Limits on the public answer page, counted by the short-lived address key only.

Counts in the shared cache for the current window of ``harbour.core.net.address_digest`` (an
hour by default): each address may send ``HARBOUR_CONSULTATION_ANSWERS_PER_CLIENT_PER_HOUR``
(5) responses, each network (/24, /48: a refuge or an office shares one)
``HARBOUR_CONSULTATION_ANSWERS_PER_NETWORK_PER_HOUR`` (60), and the whole site
``HARBOUR_CONSULTATION_ANSWERS_PER_HOUR`` (2,000). Beyond a limit a response is refused with a
page that says so; nothing of it is kept. No address, digest or count reaches the database or
the logs, and once the window's key has expired no count can be linked to an address.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from harbour.core.net import address_digest, address_window, client_address, client_network

_PREFIX = "consultations:answers"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _limits() -> dict[str, int]:
    return {
        "client": _setting("HARBOUR_CONSULTATION_ANSWERS_PER_CLIENT_PER_HOUR", 5),
        "network": _setting("HARBOUR_CONSULTATION_ANSWERS_PER_NETWORK_PER_HOUR", 60),
        "site": _setting("HARBOUR_CONSULTATION_ANSWERS_PER_HOUR", 2000),
    }


def _keys(request: HttpRequest) -> dict[str, str]:
    window = address_window()
    address = client_address(request)
    client = address_digest("consultations.answers.client", address)
    network = address_digest("consultations.answers.network", client_network(address))
    return {
        "client": f"{_PREFIX}:client:{window}:{client}",
        "network": f"{_PREFIX}:network:{window}:{network}",
        "site": f"{_PREFIX}:site:{window}",
    }


def flood_refusal(request: HttpRequest) -> str | None:
    """Which limit one more response would pass (``client``, ``network``, ``site``), or None.
    Counts nothing."""
    keys, limits = _keys(request), _limits()
    for name in ("client", "network", "site"):
        if int(cache.get(keys[name]) or 0) + 1 > limits[name]:
            return name
    return None


def flood_count(request: HttpRequest) -> None:
    """Count one accepted response."""
    timeout = _setting("HARBOUR_ADDRESS_KEY_SECONDS", 3600)
    for key in _keys(request).values():
        cache.add(key, 0, timeout=timeout)
        try:
            cache.incr(key)
        except ValueError:  # expired in between: the window turned
            cache.add(key, 1, timeout=timeout)
