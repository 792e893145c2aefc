"""Who sent a request, by the trusted-proxy rule, and short-lived digests of that address.

**The trusted-proxy rule.** ``REMOTE_ADDR`` is the peer that opened the connection. Behind a
reverse proxy that is the proxy, and the sender's address is in ``X-Forwarded-For``, which anyone
can also write themselves. Harbour believes that header only as far as it was written by proxies
it trusts (``HARBOUR_TRUSTED_PROXIES``, a list of networks): starting from the peer, it walks the
header from the right, skipping addresses of trusted proxies, and the first address that is not a
trusted proxy is the client. A client that sends its own ``X-Forwarded-For`` only adds entries to
the left of the ones Harbour's proxies add, so it cannot choose the address Harbour sees. With no
trusted proxies (the default outside a proxy set-up) the header is ignored altogether.

Every limit keyed on a sender (sign-in lockout, the API throttle, the public forms' flood limits)
reads the address through :func:`client_address`.

**Address digests.** Limits on public forms must count a sender without storing where she is. The
digest of an address is an HMAC under a random key that lives only in the shared cache and is
replaced every ``HARBOUR_ADDRESS_KEY_SECONDS`` (an hour by default). It is never the long-lived
``HARBOUR_HASH_KEY``: IPv4 has only four thousand million addresses, so with a long-lived key
anyone holding it could recover an address from its digest by trying them all. Once a window's key
has expired from the cache, no one, not even an operator, can link its digests to an address.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_KEY_PREFIX = "core:address-key"


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def trusted_proxies() -> tuple[IPNetwork, ...]:
    return _networks(tuple(getattr(settings, "HARBOUR_TRUSTED_PROXIES", ()) or ()))


def _parse(value: str) -> IPAddress | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: IPAddress, proxies: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def client_address(request: HttpRequest) -> str:
    """The sender's address by the trusted-proxy rule ("" if nothing usable is known)."""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return ""
    proxies = trusted_proxies()
    if not proxies or not _is_trusted(peer, proxies):
        return str(peer)
    client = peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for item in reversed([part for part in forwarded.split(",") if part.strip()]):
        hop = _parse(item)
        if hop is None:
            # Garbage in the header: nothing to its left can be trusted either.
            break
        client = hop
        if not _is_trusted(hop, proxies):
            break
    return str(client)


def client_network(address: str) -> str:
    """The network an address belongs to, for counts that must not single out one address:
    the /24 for IPv4 and the /48 for IPv6 (a household, an office, a refuge, a mobile carrier's
    shared pool). "" for an unusable address."""
    parsed = _parse(address)
    if parsed is None:
        return ""
    prefix = 24 if parsed.version == 4 else 48
    return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False))


def _window_seconds() -> int:
    return int(getattr(settings, "HARBOUR_ADDRESS_KEY_SECONDS", 3600))


def address_window(now: float | None = None) -> int:
    """The number of the current key window (digests are comparable only within one)."""
    return int((time.time() if now is None else now) // _window_seconds())


def _window_key(window: int) -> bytes:
    cache_key = f"{_KEY_PREFIX}:{window}"
    key = cache.get(cache_key)
    if key is None:
        # add() is atomic in a shared cache: if two processes race, both read the winner's key.
        cache.add(cache_key, secrets.token_hex(32), timeout=2 * _window_seconds())
        key = cache.get(cache_key)
    if key is None:  # a cache that keeps nothing: digests cannot be compared, but stay secret
        key = secrets.token_hex(32)
    return bytes.fromhex(key)


def address_digest(purpose: str, address: str, *, now: float | None = None) -> str:
    """A digest of ``address`` for ``purpose`` under this window's short-lived key.

    Equal addresses give equal digests within one window and unrelated digests in the next; the
    key is never written anywhere but the cache, and expires with its window.
    """
    key = _window_key(address_window(now))
    message = f"{purpose}|{address}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]
