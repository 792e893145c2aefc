"""Flood limits on the public contact form: one address and one network stay bounded, a flood
from many addresses cannot silence a new sender, flagged messages are dismissed in bulk by the
hub, and nothing about the senders is kept but short-lived digests in the cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, RequestFactory

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.roles import AgencyKind, Role
from harbour.audit.models import AccessLogEntry
from harbour.core.crypto import keyed_hash
from harbour.core.net import address_digest
from harbour.core.public_forms import token_issue
from harbour.core.queues import Priority, work_for
from harbour.referrals import flood
from harbour.referrals.choices import SelfReferralClosure, SelfReferralStatus
from harbour.referrals.forms import SelfReferralForm
from harbour.referrals.models import SelfReferral
from harbour.referrals.services import self_referral_submit, self_referrals_dismiss_flagged
from harbour.referrals.tests.contact_form import SAME_ORIGIN, form_token


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _send(client: Client, token: str, address: str):
    data = {
        "form_token": token,
        "safe_channels": ["text_message"],
        "phone": "07700 900888",
        "message": "Please text me.",
    }
    return client.post("/contact/", data, REMOTE_ADDR=address, **SAME_ORIGIN)


def _admit(address: str) -> flood.Admission:
    return flood.flood_admit(RequestFactory().post("/contact/", REMOTE_ADDR=address))


def test_the_reported_flood_no_longer_silences_a_new_sender(settings):
    """94 messages from 32 addresses filled the old site-wide limit of 100 an hour. With the
    shipped limits, the same flood from two networks is bounded per address and per network, and
    a survivor on another network is heard, unflagged."""
    settings.HARBOUR_TRUSTED_PROXIES = []
    # One address: at most 3.
    assert sum(_admit("192.0.2.1").refused is None for _ in range(10)) == 3
    accepted: dict[str, int] = {}
    for _attempt in range(4):
        for n in range(32):
            address = f"198.51.{100 + n % 2}.{n}"
            if _admit(address).refused is None:
                accepted[address] = accepted.get(address, 0) + 1
    assert max(accepted.values()) <= 3
    for network in ("198.51.100.", "198.51.101."):
        sent = sum(count for address, count in accepted.items() if address.startswith(network))
        assert sent == 30  # one /24: at most 30
    survivor = _admit("203.0.113.77")
    assert survivor.refused is None and survivor.flags == frozenset()


def test_one_network_is_flagged_then_bounded_and_others_are_not(settings):
    settings.HARBOUR_SELF_REFERRALS_PER_NETWORK_PER_HOUR = 2
    settings.HARBOUR_SELF_REFERRALS_NETWORK_LIMIT_PER_HOUR = 4
    verdicts = [_admit(f"203.0.113.{n}") for n in range(5)]
    assert [v.refused for v in verdicts] == [None, None, None, None, flood.NETWORK]
    assert [v.flags for v in verdicts[:4]] == [frozenset()] * 2 + [frozenset({flood.NETWORK})] * 2
    # An IPv6 /48 is one network too; another network is untouched.
    assert _admit("2001:db8:1:2::1").flags == frozenset()
    assert _admit("198.51.100.1").flags == frozenset()


def test_a_refused_sender_adds_nothing_to_her_network_or_the_site(settings):
    settings.HARBOUR_SELF_REFERRALS_PER_CLIENT_PER_HOUR = 1
    settings.HARBOUR_SELF_REFERRALS_PER_NETWORK_PER_HOUR = 2
    assert _admit("203.0.113.5").refused is None
    for _ in range(20):
        assert _admit("203.0.113.5").refused == flood.CLIENT
    # Her neighbour on the same network is neither refused nor flagged.
    assert _admit("203.0.113.6") == flood.Admission()


def test_flood_counts_know_senders_only_by_short_lived_digests():
    _admit("203.0.113.5")
    keys = " ".join(str(key) for key in cache._cache)
    assert "203.0.113" not in keys
    assert address_digest("referrals.self-referral.client", "203.0.113.5") in keys
    assert address_digest("referrals.self-referral.network", "203.0.113.0/24") in keys
    # Never the long-lived hash key, with which an IPv4 address is found by trying them all.
    assert keyed_hash("referrals.self-referral.client", "203.0.113.5") not in keys


def test_through_the_form_a_flood_is_bounded_and_a_new_sender_heard(world, settings):
    settings.HARBOUR_SELF_REFERRALS_NETWORK_LIMIT_PER_HOUR = 12
    settings.HARBOUR_SELF_REFERRALS_SURGE_PER_HOUR = 20
    client = Client()
    accepted: dict[str, int] = {}
    for _attempt in range(4):
        for n in range(24):
            address = f"198.51.{100 + n % 3}.{n}"
            # A flood fetches a fresh form for each message (a signed form is taken once).
            response = _send(client, token_issue(SelfReferralForm.public_form_id), address)
            assert response.status_code in (302, 429)
            if response.status_code == 302:
                accepted[address] = accepted.get(address, 0) + 1
    assert max(accepted.values()) <= 3
    assert sum(accepted.values()) == 36  # three networks, twelve each
    heard = _send(client, form_token(client), "203.0.113.77")
    assert heard.status_code == 302 and heard["Location"] == "/contact/sent/"
    newest = SelfReferral.objects.order_by("-pk").first()
    assert newest.flagged_surge and not newest.flagged_network
    # Nothing about any sender's address is stored with the messages.
    stored = " ".join(str(value) for row in SelfReferral.objects.values_list() for value in row)
    assert "198.51." not in stored and "203.0.113" not in stored


# The hub dismisses flagged messages in bulk ---------------------------------------------------


@pytest.fixture
def messages(world):
    def make(*, network=False, surge=False):
        return self_referral_submit(
            safe_channels=["text_message"],
            phone="07700 900888",
            flagged_network=network,
            flagged_surge=surge,
        )

    return {
        "real": make(),
        "network": make(network=True),
        "surge": make(surge=True),
        "both": make(network=True, surge=True),
    }


def test_the_hub_page_keeps_flagged_messages_apart(world, messages, staff_client):
    page = staff_client(world.hub_worker).get("/staff/referrals/self-referrals/")
    assert page.status_code == 200
    text = page.content.decode()
    to_triage, flagged = text.split("Flagged by the flood limits")
    assert messages["real"].public_id in to_triage
    for key in ("network", "surge", "both"):
        assert messages[key].public_id not in to_triage
        assert f'value="{messages[key].public_id}" checked' in flagged
    assert messages["real"].public_id not in flagged


def test_the_hub_dismisses_checked_flagged_messages_and_each_is_logged(
    world, messages, staff_client
):
    client = staff_client(world.hub_worker)
    chosen = [messages["network"].public_id, messages["both"].public_id]
    unconfirmed = client.post(
        "/staff/referrals/self-referrals/dismiss-flagged/", {"chosen": chosen}
    )
    assert unconfirmed.status_code == 400
    assert "Confirm that you have checked the messages" in unconfirmed.content.decode()
    assert not SelfReferral.objects.filter(status=SelfReferralStatus.CLOSED).exists()

    done = client.post(
        "/staff/referrals/self-referrals/dismiss-flagged/", {"chosen": chosen, "confirm": "on"}
    )
    assert done.status_code == 302
    closed = SelfReferral.objects.filter(status=SelfReferralStatus.CLOSED)
    assert set(closed.values_list("public_id", flat=True)) == set(chosen)
    assert {s.close_reason for s in closed} == {SelfReferralClosure.NOT_GENUINE}
    assert {s.closed_by for s in closed} == {world.hub_worker}
    entries = AccessLogEntry.objects.filter(
        record_type="referrals.selfreferral", reason="closed", user=world.hub_worker
    )
    assert sorted(e.record_id for e in entries) == sorted(chosen)
    assert all(e.detail["dismissed_with_flagged"] == 2 for e in entries)
    # The unticked flagged message and the unflagged one still wait.
    waiting = SelfReferral.objects.filter(status=SelfReferralStatus.NEW)
    assert set(waiting) == {messages["real"], messages["surge"]}


def test_an_unflagged_message_cannot_be_dismissed_in_bulk(world, messages, staff_client):
    client = staff_client(world.hub_worker)
    response = client.post(
        "/staff/referrals/self-referrals/dismiss-flagged/",
        {"chosen": [messages["real"].public_id, messages["surge"].public_id], "confirm": "on"},
    )
    assert response.status_code == 400
    assert not SelfReferral.objects.filter(status=SelfReferralStatus.CLOSED).exists()
    with pytest.raises(ValidationError):
        self_referrals_dismiss_flagged(
            by=world.hub_worker,
            public_ids=[messages["real"].public_id, messages["surge"].public_id],
        )
    assert not SelfReferral.objects.filter(status=SelfReferralStatus.CLOSED).exists()


def test_only_the_receiving_hub_dismisses(world, messages, staff_client):
    other_hub = AgencyFactory(name="Another Hub", kind=AgencyKind.VICTIM_CARE_HUB)
    elsewhere = UserFactory(role=Role.HUB_CASEWORKER, agency=other_hub, username="elsewhere")
    with pytest.raises(PermissionDenied):
        self_referrals_dismiss_flagged(by=elsewhere, public_ids=[messages["surge"].public_id])
    refused = staff_client(elsewhere).post(
        "/staff/referrals/self-referrals/dismiss-flagged/",
        {"chosen": [messages["surge"].public_id], "confirm": "on"},
    )
    assert refused.status_code == 400  # not among the messages its page offers
    assert (
        staff_client(world.specialist)
        .post(
            "/staff/referrals/self-referrals/dismiss-flagged/",
            {"chosen": [messages["surge"].public_id], "confirm": "on"},
        )
        .status_code
        == 403
    )
    assert not SelfReferral.objects.filter(status=SelfReferralStatus.CLOSED).exists()


def test_flagged_messages_come_after_the_others_in_the_hub_queue(world, messages):
    items = [item for item in work_for(world.hub_worker) if "self-referral" in str(item.title)]
    assert items[0].url.endswith(f"/self-referrals/{messages['real'].public_id}/")
    assert items[0].priority == Priority.HIGH
    assert {item.priority for item in items[1:]} == {Priority.NORMAL}
    assert all("flagged" in str(item.title) for item in items[1:])
