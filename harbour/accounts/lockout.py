"""Sign-in protection: locks on the (username, address) pair, and a username failing from many
addresses is slowed down rather than locked.

**The pair lock** is django-axes' (``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]``),
with the address read by the trusted-proxy rule (``AXES_CLIENT_IP_CALLABLE`` is
:func:`harbour.core.net.client_address`). Knowing someone's username no longer locks them out
everywhere, and failures from a shared office lock only the account that failed.

**Slowing down.** Locking on the pair alone would let someone with many addresses try a password
five times from each. So Harbour counts, per username, the distinct addresses that failed to sign
in to it (a failure at either step counts). From ``HARBOUR_SIGN_IN_SLOW_ADDRESSES`` addresses on,
each attempt must wait after the last failure: ``HARBOUR_SIGN_IN_SLOW_SECONDS``, doubling with
each further address, up to ``HARBOUR_SIGN_IN_SLOW_MAX_SECONDS``. An attempt made while it must
wait is refused before its password is checked, so it neither succeeds nor counts. The count
lasts until ``AXES_COOLOFF_TIME`` passes with no failure. The first time a username crosses the
threshold, administrators are told (:func:`harbour.accounts.services.sign_in_slowed_alert`).

The counts live in the shared cache (Redis in production) under keyed digests of the username and
the address, and expire with the cool-off: nothing is written to the database.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

_PREFIX = "accounts:slow"


@dataclass(frozen=True)
class SlowDown:
    addresses: int  # distinct addresses that failed lately
    wait_seconds: int  # how long the next attempt must still wait (0: it may go ahead)

    @property
    def active(self) -> bool:
        return self.addresses >= settings.HARBOUR_SIGN_IN_SLOW_ADDRESSES


def _window() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def _digest(kind: str, value: str) -> str:
    return salted_hmac(f"harbour.accounts.lockout.{kind}", value).hexdigest()[:32]


def _keys(username: str) -> tuple[str, str]:
    user = _digest("username", username)
    return f"{_PREFIX}:{user}:count", f"{_PREFIX}:{user}:last"


def delay_for(addresses: int) -> int:
    """Seconds an attempt waits after the last failure, once ``addresses`` have failed."""
    threshold = settings.HARBOUR_SIGN_IN_SLOW_ADDRESSES
    if addresses < threshold:
        return 0
    delay = settings.HARBOUR_SIGN_IN_SLOW_SECONDS * 2 ** min(addresses - threshold, 30)
    return min(delay, settings.HARBOUR_SIGN_IN_SLOW_MAX_SECONDS)


def failure_record(*, username: str, address: str, now: float | None = None) -> tuple[int, bool]:
    """Count a failed sign-in for ``username`` from ``address``.

    Returns the number of distinct addresses that have failed lately, and whether this failure
    is the one that crossed the threshold (so that administrators are told once).
    """
    now = time.time() if now is None else now
    window = _window()
    count_key, last_key = _keys(username)
    address_key = f"{_PREFIX}:{_digest('username', username)}:{_digest('address', address)}"
    crossed = False
    cache.add(count_key, 0, window)
    if cache.add(address_key, 1, window):
        try:
            count = cache.incr(count_key)
        except ValueError:  # expired between the two calls
            cache.set(count_key, 1, window)
            count = 1
        crossed = count == settings.HARBOUR_SIGN_IN_SLOW_ADDRESSES
    else:
        cache.touch(address_key, window)
        count = int(cache.get(count_key) or 1)
    cache.touch(count_key, window)
    cache.set(last_key, now, window)
    return count, crossed


def slowdown(username: str, now: float | None = None) -> SlowDown:
    """How many addresses have failed for ``username`` lately, and how long to wait."""
    now = time.time() if now is None else now
    count_key, last_key = _keys(username)
    values = cache.get_many([count_key, last_key])
    addresses = int(values.get(count_key) or 0)
    last = values.get(last_key)
    wait = 0
    if last is not None:
        wait = max(0, int(float(last) + delay_for(addresses) - now + 0.999))
    return SlowDown(addresses=addresses, wait_seconds=wait)
