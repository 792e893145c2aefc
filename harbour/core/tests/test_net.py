"""The trusted-proxy rule and short-lived address digests."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from harbour.core.net import address_digest, client_address, client_network


def request(remote: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.HARBOUR_TRUSTED_PROXIES = []
    assert client_address(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_behind_a_trusted_proxy_the_last_hop_is_the_client(settings):
    settings.HARBOUR_TRUSTED_PROXIES = ["127.0.0.1/32"]
    assert client_address(request("127.0.0.1", "203.0.113.9")) == "203.0.113.9"


def test_a_forged_header_cannot_choose_the_address(settings):
    settings.HARBOUR_TRUSTED_PROXIES = ["127.0.0.1/32"]
    # The client wrote "1.2.3.4"; Harbour's proxy appended the real sender.
    assert client_address(request("127.0.0.1", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_a_chain_of_trusted_proxies_is_walked(settings):
    settings.HARBOUR_TRUSTED_PROXIES = ["127.0.0.1/32", "10.0.0.0/8"]
    got = client_address(request("127.0.0.1", "1.2.3.4, 203.0.113.9, 10.1.2.3"))
    assert got == "203.0.113.9"


def test_an_untrusted_peer_is_the_client_whatever_it_says(settings):
    settings.HARBOUR_TRUSTED_PROXIES = ["127.0.0.1/32"]
    assert client_address(request("198.51.100.7", "127.0.0.1")) == "198.51.100.7"


def test_garbage_in_the_header_stops_the_walk(settings):
    settings.HARBOUR_TRUSTED_PROXIES = ["127.0.0.1/32"]
    assert client_address(request("127.0.0.1", "203.0.113.9, not-an-address")) == "127.0.0.1"


def test_ipv6_and_ports(settings):
    settings.HARBOUR_TRUSTED_PROXIES = ["::1/128"]
    assert client_address(request("::1", "[2001:db8::5]:443")) == "2001:db8::5"
    assert client_address(request("::ffff:198.51.100.7")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.9", "203.0.113.0/24"),
        ("2001:db8:1:2::5", "2001:db8:1::/48"),
        ("nonsense", ""),
    ],
)
def test_client_network(address, network):
    assert client_network(address) == network


def test_digests_match_within_a_window_and_not_across(settings):
    settings.HARBOUR_ADDRESS_KEY_SECONDS = 3600
    cache.clear()
    now = 1_800_000_000.0
    first = address_digest("form", "203.0.113.9", now=now)
    assert address_digest("form", "203.0.113.9", now=now + 10) == first
    assert address_digest("form", "203.0.113.10", now=now) != first
    assert address_digest("other-form", "203.0.113.9", now=now) != first
    assert address_digest("form", "203.0.113.9", now=now + 3600) != first


def test_digests_do_not_depend_on_the_long_lived_hash_key(settings):
    cache.clear()
    now = 1_800_000_000.0
    digest = address_digest("form", "203.0.113.9", now=now)
    settings.HARBOUR_HASH_KEY = "another-long-lived-key-" + "x" * 40
    assert address_digest("form", "203.0.113.9", now=now) == digest
    # Once the window's key is gone, nothing can link the digest to the address again.
    cache.clear()
    assert address_digest("form", "203.0.113.9", now=now) != digest
