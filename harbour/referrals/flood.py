"""Limits on the public contact form, so that a flood of messages cannot bury real ones, and so
that no sender or network can silence anyone else.

Three counts in the shared cache, for the current window of the short-lived address key (an hour
by default, ``HARBOUR_ADDRESS_KEY_SECONDS``):

- **each address**: at most ``HARBOUR_SELF_REFERRALS_PER_CLIENT_PER_HOUR`` (3) messages; beyond
  it that address is refused, and only that address;
- **each network** (the /24 of an IPv4 address, the /48 of an IPv6 one): refuges, offices and
  mobile carriers put many people behind one network, so a busy network is first a *flag*: beyond
  ``HARBOUR_SELF_REFERRALS_PER_NETWORK_PER_HOUR`` (6), its messages are still accepted and
  marked ``network``; only beyond a high cap, ``HARBOUR_SELF_REFERRALS_NETWORK_LIMIT_PER_HOUR``
  (30), is that network refused;
- **the whole site**: beyond ``HARBOUR_SELF_REFERRALS_SURGE_PER_HOUR`` (100), more than the hub
  ever sees in an hour, messages are still accepted and marked ``surge``, up to a hard bound,
  ``HARBOUR_SELF_REFERRALS_LIMIT_PER_HOUR`` (1,000), that keeps a flood from filling the
  database. A flood must come from at least 34 networks (30 from each) to reach it; until then a
  new sender from a network not in the flood is heard.

The hub dismisses flagged messages in bulk (``self_referrals_dismiss_flagged``), and its work
queue puts them after the others, so a flood costs it minutes rather than its day.

A sender is known to these counts only by a digest of her address (and one of her network) under
the short-lived address key (``harbour.core.net.address_digest``), never by the address and never
under the long-lived hash key: once the window's key has expired from the cache, no one can link
a count to an address. Nothing here is written to the database, the access log or any other log.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from harbour.core.net import address_digest, address_window, client_address, client_network

_PREFIX = "referrals:self-referral"

# Why a message is refused, or what it is flagged with.
CLIENT = "client"
NETWORK = "network"
SITE = "site"
SURGE = "surge"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def per_client_limit() -> int:
    return _setting("HARBOUR_SELF_REFERRALS_PER_CLIENT_PER_HOUR", 3)


def network_flag_from() -> int:
    return _setting("HARBOUR_SELF_REFERRALS_PER_NETWORK_PER_HOUR", 6)


def network_limit() -> int:
    return _setting("HARBOUR_SELF_REFERRALS_NETWORK_LIMIT_PER_HOUR", 30)


def surge_from() -> int:
    return _setting("HARBOUR_SELF_REFERRALS_SURGE_PER_HOUR", 100)


def site_limit() -> int:
    return _setting("HARBOUR_SELF_REFERRALS_LIMIT_PER_HOUR", 1000)


def _timeout() -> int:
    return _setting("HARBOUR_ADDRESS_KEY_SECONDS", 3600)


@dataclass(frozen=True)
class _Keys:
    client: str
    network: str
    site: str


def _keys(request: HttpRequest) -> _Keys:
    window = address_window()
    address = client_address(request)
    client = address_digest("referrals.self-referral.client", address)
    network = address_digest("referrals.self-referral.network", client_network(address))
    return _Keys(
        client=f"{_PREFIX}:client:{window}:{client}",
        network=f"{_PREFIX}:network:{window}:{network}",
        site=f"{_PREFIX}:site:{window}",
    )


def _count(key: str) -> int:
    return int(cache.get(key) or 0)


def _add_one(key: str) -> int:
    """Count one more, atomically in a shared cache; the new count."""
    cache.add(key, 0, timeout=_timeout())
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr: the window turned
        cache.add(key, 1, timeout=_timeout())
        return 1


def _refusal(client: int, network: int, site: int) -> str | None:
    if client > per_client_limit():
        return CLIENT
    if network > network_limit():
        return NETWORK
    if site > site_limit():
        return SITE
    return None


def flood_refusal(request: HttpRequest) -> str | None:
    """Why a message from this request would be refused now (``client``, ``network`` or
    ``site``), or None. Counts nothing: the form is checked before anything is read from it."""
    keys = _keys(request)
    return _refusal(_count(keys.client) + 1, _count(keys.network) + 1, _count(keys.site) + 1)


@dataclass(frozen=True)
class Admission:
    """What the counts say about one message: refused (and why), or accepted with its flags."""

    refused: str | None = None
    flags: frozenset[str] = field(default_factory=frozenset)


def flood_admit(request: HttpRequest) -> Admission:
    """Count a valid message and say whether to take it, and with which flags.

    The address is counted first and on its own: a sender over her limit adds nothing to her
    network's or the site's counts, so she cannot use refused messages to push others out.
    """
    keys = _keys(request)
    client = _add_one(keys.client)
    if client > per_client_limit():
        return Admission(refused=CLIENT)
    network = _add_one(keys.network)
    if network > network_limit():
        return Admission(refused=NETWORK)
    site = _add_one(keys.site)
    if site > site_limit():
        return Admission(refused=SITE)
    flags = set()
    if network > network_flag_from():
        flags.add(NETWORK)
    if site > surge_from():
        flags.add(SURGE)
    return Admission(flags=frozenset(flags))
