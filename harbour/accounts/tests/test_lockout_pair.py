"""Lockout on the (username, address) pair, the address read by the trusted-proxy rule; a username
failing from many addresses is slowed down, not locked, and the administrators are told."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from harbour.accounts import lockout
from harbour.accounts.factories import TEST_PASSWORD, UserFactory
from harbour.accounts.services import totp_current_code, totp_device_create_confirmed
from harbour.audit.models import AccessLogEntry, Action
from harbour.notifications.catalogue import Kind
from harbour.notifications.models import Notification

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"


@pytest.fixture(autouse=True)
def behind_a_proxy(settings):
    settings.HARBOUR_TRUSTED_PROXIES = [f"{PROXY}/32"]


def attempt(
    username: str,
    password: str,
    *,
    via_proxy_for: str | None = None,
    peer: str = PROXY,
    forwarded: str | None = None,
    client: Client | None = None,
):
    """One password step. ``via_proxy_for``: the address our proxy says the request came from."""
    headers = {"REMOTE_ADDR": peer}
    if via_proxy_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = via_proxy_for
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return (client or Client()).post(
        "/staff/sign-in/", {"username": username, "password": password}, **headers
    )


@pytest.fixture
def casey():
    user = UserFactory(username="casey")
    totp_device_create_confirmed(user)
    return user


def test_the_pair_is_locked_and_the_same_account_still_signs_in_from_elsewhere(casey, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("casey", "wrong", via_proxy_for="203.0.113.5")
    assert attempt("casey", TEST_PASSWORD, via_proxy_for="203.0.113.5").status_code == 429
    # Someone who knows her username cannot lock her out of her own office.
    response = attempt("casey", TEST_PASSWORD, via_proxy_for="203.0.113.6")
    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in/code/"


def test_failures_from_a_shared_office_lock_only_the_account_that_failed(casey, settings):
    UserFactory(username="robin")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("casey", "wrong", via_proxy_for="203.0.113.5")
    assert attempt("robin", TEST_PASSWORD, via_proxy_for="203.0.113.5").status_code == 302


def test_a_forged_forwarded_header_from_an_untrusted_peer_is_ignored(casey, settings):
    # A new made-up X-Forwarded-For on every try: the peer is not a proxy we trust, so every
    # failure counts against the peer's own address.
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt("casey", "wrong", peer="198.51.100.9", forwarded=f"192.0.2.{n + 1}")
    response = attempt("casey", TEST_PASSWORD, peer="198.51.100.9", forwarded="192.0.2.200")
    assert response.status_code == 429


def test_a_client_cannot_choose_its_address_through_our_proxy(casey, settings):
    # Our proxy appends the real sender; whatever the sender wrote to its left is not believed.
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt("casey", "wrong", forwarded=f"192.0.2.{n + 1}, 203.0.113.5")
    assert attempt("casey", TEST_PASSWORD, forwarded="192.0.2.99, 203.0.113.5").status_code == 429


def test_wrong_codes_count_for_the_pair(casey, settings):
    device = casey.totpdevice_set.get()
    client = Client()
    attempt("casey", TEST_PASSWORD, via_proxy_for="203.0.113.5", client=client)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        device.refresh_from_db()
        device.throttle_reset()
        wrong = f"{(int(totp_current_code(device)) + 1) % 1_000_000:06d}"
        client.post(
            "/staff/sign-in/code/",
            {"code": wrong},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    assert attempt("casey", TEST_PASSWORD, via_proxy_for="203.0.113.5").status_code == 429
    assert attempt("casey", TEST_PASSWORD, via_proxy_for="203.0.113.6").status_code == 302


def test_one_username_failing_from_many_addresses_is_slowed_not_locked(
    casey, settings, staff_client
):
    admin = UserFactory(username="watcher", role="administrator")
    closed_admin = UserFactory(username="gone", role="administrator", is_active=False)
    threshold = settings.HARBOUR_SIGN_IN_SLOW_ADDRESSES
    for n in range(threshold):
        response = attempt("casey", "wrong", via_proxy_for=f"203.0.113.{n + 10}")
        assert response.status_code == 200
    # Even the right password, from yet another address, must wait...
    response = attempt("casey", TEST_PASSWORD, via_proxy_for="203.0.113.99")
    assert response.status_code == 429
    assert b"Wait 30 seconds, then try again." in response.content
    # ...and the wait is short: it is a slow-down, not a lock.
    later = timezone.now() + timezone.timedelta(seconds=settings.HARBOUR_SIGN_IN_SLOW_SECONDS + 1)
    with time_machine.travel(later):
        response = attempt("casey", TEST_PASSWORD, via_proxy_for="203.0.113.99")
    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in/code/"

    # The administrators are told, in fixed words, once; the flag is on her account's page.
    told = Notification.objects.filter(kind=Kind.SIGN_IN_SLOWED)
    assert list(told.values_list("recipient__username", flat=True)) == ["watcher"]
    assert "casey" not in told.get().body
    flag = AccessLogEntry.objects.get(action=Action.SIGN_IN_FAILED, flagged=True)
    assert flag.record_id == casey.public_id
    assert flag.username == "casey"
    assert not told.filter(recipient=closed_admin).exists()

    # Administrators see the flag on their home page and on her account's page.
    watcher = staff_client(admin)
    assert b"Failed sign-ins from many addresses" in watcher.get("/staff/").content
    page = watcher.get(f"/staff/users/{casey.public_id}/").content.decode()
    assert "Sign-in to this account is being slowed down" in page
    assert "failed sign-ins from many addresses: sign-in slowed" in page.split('id="history"')[1]


def test_the_wait_grows_with_each_further_address_up_to_a_cap(casey, settings):
    threshold = settings.HARBOUR_SIGN_IN_SLOW_ADDRESSES
    spacing = settings.HARBOUR_SIGN_IN_SLOW_MAX_SECONDS + 5
    start = timezone.now()
    right_password, waits = [], []
    for n in range(threshold + 6):
        # Each new address fails once the previous wait is over.
        with time_machine.travel(start + timezone.timedelta(seconds=spacing * n), tick=False):
            assert attempt("casey", "wrong", via_proxy_for=f"198.51.100.{n + 1}").status_code == 200
            waits.append(lockout.slowdown("casey").wait_seconds)
            right = attempt("casey", TEST_PASSWORD, via_proxy_for="192.0.2.1")
            right_password.append(right.status_code)
    assert right_password == [302] * (threshold - 1) + [429] * 7
    assert waits[: threshold - 1] == [0] * (threshold - 1)
    growing = waits[threshold - 1 :]
    assert growing[0] == settings.HARBOUR_SIGN_IN_SLOW_SECONDS
    assert growing[1] == 2 * settings.HARBOUR_SIGN_IN_SLOW_SECONDS
    assert growing == sorted(growing)
    assert growing[-1] == settings.HARBOUR_SIGN_IN_SLOW_MAX_SECONDS
    # One flag for the whole wave of failures, however many addresses take part.
    assert AccessLogEntry.objects.filter(flagged=True, action=Action.SIGN_IN_FAILED).count() == 1


def test_attempts_refused_while_slowed_are_not_checked(casey, settings):
    for n in range(settings.HARBOUR_SIGN_IN_SLOW_ADDRESSES):
        attempt("casey", "wrong", via_proxy_for=f"203.0.113.{n + 10}")
    before = AccessLogEntry.objects.filter(action=Action.SIGN_IN_FAILED).count()
    for n in range(5):
        assert attempt("casey", "wrong", via_proxy_for=f"192.0.2.{n + 1}").status_code == 429
    # Refused before the password is checked: no new failures, so the wait does not grow.
    assert AccessLogEntry.objects.filter(action=Action.SIGN_IN_FAILED).count() == before
    assert AccessLogEntry.objects.filter(action=Action.LOCKED_OUT, username="casey").count() == 5


def test_an_unknown_username_is_slowed_the_same_and_no_one_is_told(settings):
    UserFactory(username="watcher", role="administrator")
    for n in range(settings.HARBOUR_SIGN_IN_SLOW_ADDRESSES):
        attempt("nobody-here", "wrong", via_proxy_for=f"203.0.113.{n + 10}")
    assert attempt("nobody-here", "wrong", via_proxy_for="203.0.113.99").status_code == 429
    assert not Notification.objects.filter(kind=Kind.SIGN_IN_SLOWED).exists()


def test_the_count_ends_after_a_quiet_cool_off(casey, settings):
    for n in range(settings.HARBOUR_SIGN_IN_SLOW_ADDRESSES - 1):
        attempt("casey", "wrong", via_proxy_for=f"203.0.113.{n + 10}")
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME * 1.1):
        attempt("casey", "wrong", via_proxy_for="203.0.113.50")
        assert attempt("casey", TEST_PASSWORD, via_proxy_for="203.0.113.51").status_code == 302
