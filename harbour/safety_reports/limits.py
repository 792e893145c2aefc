"""Limits on the public report form and the subscribers' sign-in, keyed on the sender's address
only through a digest under the short-lived address key (``harbour.core.net.address_digest``).

Counts live in the shared cache for the current window of that key (an hour by default) and
are never written to the database or any log. Two counts guard the report form: each address
(``HARBOUR_SAFETY_REPORTS_PER_CLIENT_PER_HOUR``, 5) and the whole site
(``HARBOUR_SAFETY_REPORTS_LIMIT_PER_HOUR``, 300); a busy network
(``HARBOUR_SAFETY_REPORTS_PER_NETWORK_PER_HOUR``, 10) is a flag shown to the project, not a
refusal, because many workers share a mobile carrier's network. The sign-in counts failures
for each address (``HARBOUR_SAFETY_SIGN_IN_FAILURES_PER_HOUR``, 10).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from harbour.core.net import address_digest, address_window, client_address, client_network

_PREFIX = "safety_reports"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _timeout() -> int:
    return _setting("HARBOUR_ADDRESS_KEY_SECONDS", 3600)


def _count(key: str) -> int:
    return int(cache.get(key) or 0)


def _add_one(key: str) -> int:
    cache.add(key, 0, timeout=_timeout())
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr: the window turned
        cache.add(key, 1, timeout=_timeout())
        return 1


def _client_key(request: HttpRequest, purpose: str) -> str:
    digest = address_digest(f"safety_reports.{purpose}", client_address(request))
    return f"{_PREFIX}:{purpose}:{address_window()}:{digest}"


def _network_key(request: HttpRequest) -> str:
    network = client_network(client_address(request))
    digest = address_digest("safety_reports.report.network", network)
    return f"{_PREFIX}:report-network:{address_window()}:{digest}"


def _site_key() -> str:
    return f"{_PREFIX}:report-site:{address_window()}"


@dataclass(frozen=True)
class Admission:
    refused: bool = False
    flagged_network: bool = False


def report_refused(request: HttpRequest) -> bool:
    """Whether a report from this request would be refused now (counts nothing)."""
    return _count(_client_key(request, "report")) >= _setting(
        "HARBOUR_SAFETY_REPORTS_PER_CLIENT_PER_HOUR", 5
    ) or _count(_site_key()) >= _setting("HARBOUR_SAFETY_REPORTS_LIMIT_PER_HOUR", 300)


def report_admit(request: HttpRequest) -> Admission:
    """Count one valid report; refused beyond a limit, flagged from a busy network."""
    client = _add_one(_client_key(request, "report"))
    if client > _setting("HARBOUR_SAFETY_REPORTS_PER_CLIENT_PER_HOUR", 5):
        return Admission(refused=True)
    site = _add_one(_site_key())
    if site > _setting("HARBOUR_SAFETY_REPORTS_LIMIT_PER_HOUR", 300):
        return Admission(refused=True)
    network = _add_one(_network_key(request))
    return Admission(
        flagged_network=network > _setting("HARBOUR_SAFETY_REPORTS_PER_NETWORK_PER_HOUR", 10)
    )


def sign_in_blocked(request: HttpRequest) -> bool:
    return _count(_client_key(request, "sign-in")) >= _setting(
        "HARBOUR_SAFETY_SIGN_IN_FAILURES_PER_HOUR", 10
    )


def sign_in_failed(request: HttpRequest) -> None:
    _add_one(_client_key(request, "sign-in"))
