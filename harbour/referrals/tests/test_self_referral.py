"""The public contact form: no cookies, cross-site and stale posts refused, floods stopped,
nothing about the sender's device kept; and the hub's triage into a person record."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.audit.models import AccessLogEntry
from harbour.core import doors
from harbour.core.queues import work_for
from harbour.notifications.models import Notification
from harbour.people.models import Involvement, ReviewKind
from harbour.people.queries import person_access_for_user
from harbour.referrals.models import Referral, SelfReferral
from harbour.referrals.tests.contact_form import SAME_ORIGIN, form_token

ADDRESS = "198.51.100.23"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _post(client: Client, token: str, *, address: str = ADDRESS, headers=None, **values):
    data = {
        "form_token": token,
        "safe_channels": ["text_message"],
        "phone": "07700 900888",
        "safe_times": "After 10am",
        "voicemail_ok": "no",
        "code_word": "Heron",
        "name": "Rosa Lind",
        "help_with": ["safety", "housing"],
        "area": "E08000012",
        "message": "He reads my emails. Text only please.",
    }
    data.update(values)
    return client.post(
        "/contact/", data, REMOTE_ADDR=address, **(SAME_ORIGIN if headers is None else headers)
    )


def test_the_form_sets_no_cookie_and_leaves_no_trace(world):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/contact/")
    assert page.status_code == 200
    assert not page.cookies
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    assert "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "no-referrer"
    text = page.content.decode()
    assert "<title>Contact form" in text
    assert "govuk-exit-this-page" in text


def test_a_self_referral_lands_in_the_hub_queue(world, django_capture_on_commit_callbacks):
    client = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, form_token(client))
    assert response.status_code == 302
    assert response["Location"] == "/contact/sent/"
    assert not response.cookies and not client.cookies
    confirmation = client.get(response["Location"]).content.decode()
    assert "Message sent" in confirmation
    assert "Rosa" not in confirmation and "07700" not in confirmation
    saved = SelfReferral.objects.get()
    assert saved.agency == world.hub
    assert saved.phone == "07700 900888"
    assert saved.safe_channels == ["text_message"]
    assert saved.local_authority == world.area
    items = work_for(world.hub_worker)
    assert any(item.url.endswith(f"/self-referrals/{saved.public_id}/") for item in items)
    assert not work_for(world.specialist)
    assert Notification.objects.filter(recipient=world.hub_worker).exists()


def test_no_address_or_device_data_is_stored(world):
    client = Client()
    _post(client, form_token(client), HTTP_USER_AGENT="Sneaky/1.0")
    saved = SelfReferral.objects.get()
    stored = " ".join(str(getattr(saved, f.attname)) for f in SelfReferral._meta.concrete_fields)
    assert ADDRESS not in stored and "Sneaky" not in stored
    entry = AccessLogEntry.objects.get(record_type="referrals.selfreferral")
    assert ADDRESS not in str(entry.detail) and ADDRESS not in entry.username
    assert not hasattr(entry, "ip_address")


def test_a_cross_site_post_is_refused_and_saves_nothing(world):
    client = Client()
    token = form_token(client)
    response = _post(client, token, headers={"HTTP_SEC_FETCH_SITE": "cross-site"})
    assert response.status_code == 403
    response = _post(client, token, headers={"HTTP_ORIGIN": "https://evil.example"})
    assert response.status_code == 403
    assert not SelfReferral.objects.exists()


def test_a_replayed_message_is_refused_and_saves_nothing(world):
    client = Client()
    token = form_token(client)
    assert _post(client, token).status_code == 302
    replay = _post(client, token, address="203.0.113.200")
    assert replay.status_code == 400
    assert "already been sent" in replay.content.decode()
    assert SelfReferral.objects.count() == 1


def test_an_expired_token_shows_the_form_again_and_saves_nothing(world, settings):
    settings.HARBOUR_PUBLIC_FORM_MAX_AGE = 600
    client = Client()
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)):
        token = form_token(client)
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, 20, tzinfo=datetime.UTC)):
        response = _post(client, token)
    assert response.status_code == 400
    text = response.content.decode()
    assert "This form was open for too long" in text
    assert 'value="07700 900888"' in text  # what she typed is kept on the page
    assert not SelfReferral.objects.exists()


def test_a_safe_way_to_reach_her_is_the_only_thing_required(world):
    client = Client()
    response = _post(client, form_token(client), safe_channels=[], phone="")
    assert response.status_code == 400
    assert "Choose at least one safe way" in response.content.decode()
    response = _post(client, form_token(client), phone="")
    assert "Enter the phone number we can safely call or text" in response.content.decode()
    response = _post(client, form_token(client), safe_channels=["email"], phone="", email="")
    assert "Enter the email address" in response.content.decode()
    response = _post(client, form_token(client), phone="not a number")
    assert "Enter a phone number" in response.content.decode()
    assert not SelfReferral.objects.exists()
    minimal = {
        "form_token": form_token(client),
        "safe_channels": ["email"],
        "email": "someone@example.org",
    }
    response = client.post("/contact/", minimal, **SAME_ORIGIN)
    assert response.status_code == 302
    assert SelfReferral.objects.get().email == "someone@example.org"


def test_a_flood_from_one_sender_is_stopped(world, settings):
    settings.HARBOUR_SELF_REFERRALS_PER_CLIENT_PER_HOUR = 2
    client = Client()
    assert _post(client, form_token(client)).status_code == 302
    assert _post(client, form_token(client)).status_code == 302
    refused = _post(client, form_token(client))
    assert refused.status_code == 429
    assert "too many messages" in refused.content.decode()
    assert "Rosa" not in refused.content.decode()
    assert SelfReferral.objects.count() == 2
    # Someone else is not held up by it.
    assert _post(client, form_token(client), address="203.0.113.9").status_code == 302


def test_beyond_the_hard_bound_the_site_refuses(world, settings):
    settings.HARBOUR_SELF_REFERRALS_SURGE_PER_HOUR = 2
    settings.HARBOUR_SELF_REFERRALS_LIMIT_PER_HOUR = 3
    client = Client()
    for n in range(3):
        assert _post(client, form_token(client), address=f"203.0.{n}.1").status_code == 302
    assert _post(client, form_token(client), address="203.0.99.1").status_code == 429
    assert SelfReferral.objects.count() == 3
    # The third arrived beyond the usual volume: accepted, flagged as a surge.
    assert [s.flagged_surge for s in SelfReferral.objects.order_by("pk")] == [False, False, True]


def test_the_limits_reset_after_the_hour(world, settings):
    settings.HARBOUR_SELF_REFERRALS_PER_CLIENT_PER_HOUR = 1
    client = Client()
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, 5, tzinfo=datetime.UTC)):
        assert _post(client, form_token(client)).status_code == 302
        assert _post(client, form_token(client)).status_code == 429
    with time_machine.travel(datetime.datetime(2026, 3, 1, 13, 5, tzinfo=datetime.UTC)):
        assert _post(client, form_token(client)).status_code == 302


def test_without_a_hub_the_form_says_so(db):
    response = Client().get("/contact/")
    assert response.status_code == 503
    assert "not available" in response.content.decode()


# Triage by the hub ---------------------------------------------------------------------------


@pytest.fixture
def self_referral(world):
    client = Client()
    _post(client, form_token(client))
    return SelfReferral.objects.get()


def test_only_the_hubs_caseworkers_see_a_self_referral(world, self_referral, staff_client):
    url = f"/staff/referrals/self-referrals/{self_referral.public_id}/"
    page = staff_client(world.hub_worker).get(url)
    assert page.status_code == 200
    assert "Heron" in page.content.decode()
    assert staff_client(world.specialist).get(url).status_code == 403
    other_hub_worker = UserFactory(role=Role.HUB_CASEWORKER, username="elsewhere")
    assert staff_client(other_hub_worker).get(url).status_code == 404


def test_triage_creates_her_record_with_her_safe_contact_and_an_accepted_referral(
    world, self_referral, staff_client
):
    client = staff_client(world.hub_worker)
    url = f"/staff/referrals/self-referrals/{self_referral.public_id}/"
    response = client.post(url, {"action": "check", "given_name": "Rosa", "family_name": "Lind"})
    assert response.status_code == 302
    referral = Referral.objects.get(self_referral=self_referral)
    assert response["Location"] == f"/staff/referrals/{referral.public_id}/"
    assert referral.status == "accepted" and referral.from_agency is None
    assert referral.reason == "He reads my emails. Text only please."
    person = referral.person
    with doors.opened("test: what was stored"):
        assert person.safe_channels == ["text_message"]
        assert person.code_word == "Heron"
        assert person.phone == "07700 900888"
    assert person.local_authority == world.area
    assert person_access_for_user(user=world.hub_worker, person=person)
    self_referral.refresh_from_db()
    assert self_referral.status == "triaged"
    assert not any("self-referrals" in item.url for item in work_for(world.hub_worker))
    assert any("needs-assessment" in item.url for item in work_for(world.hub_worker))


def test_triage_offers_an_existing_record_and_links_to_it(world, self_referral, staff_client):
    from harbour.people.services import person_create

    existing = person_create(
        by=world.officer, given_name="Rosa", family_name="Lind", phone="07700 900888"
    )
    client = staff_client(world.hub_worker)
    url = f"/staff/referrals/self-referrals/{self_referral.public_id}/"
    page = client.post(url, {"action": "check", "given_name": "Rosa", "family_name": "Lind"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "She may already have a record" in text
    ref = re.search(r'name="link-ref" value="([^"]+)"', text).group(1)
    refused = client.post(
        url,
        {"action": "link", "given_name": "Rosa", "family_name": "Lind", "link-ref": ref},
    )
    assert "There is a problem" in refused.content.decode()  # a reason is needed
    assert not Referral.objects.exists()
    linked = client.post(
        url,
        {
            "action": "link",
            "given_name": "Rosa",
            "family_name": "Lind",
            "link-ref": ref,
            "link-reason": "Same phone; she confirmed her name",
        },
    )
    assert linked.status_code == 302
    referral = Referral.objects.get()
    assert referral.person == existing
    with doors.opened("test: what was stored"):
        existing.refresh_from_db()
        assert existing.code_word == "Heron"  # her newest safe-contact word is on the record
        assert referral.person.phone == "07700 900888"
    assert Involvement.objects.filter(person=existing, agency=world.hub, kind="linked").exists()
    from harbour.people.models import AccessReview

    assert AccessReview.objects.filter(kind=ReviewKind.DUPLICATE_LINK).exists()


def test_creating_alongside_candidates_needs_confirmation(world, self_referral, staff_client):
    from harbour.people.services import person_create

    person_create(by=world.officer, given_name="Rosa", family_name="Lind", phone="07700 900888")
    client = staff_client(world.hub_worker)
    url = f"/staff/referrals/self-referrals/{self_referral.public_id}/"
    page = client.post(url, {"action": "check", "given_name": "Rosa", "family_name": "Lind"})
    checked = re.search(r'name="checked" value="([^"]+)"', page.content.decode()).group(1)
    data = {"action": "create", "given_name": "Rosa", "family_name": "Lind", "checked": checked}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Confirm that none of the records" in refused.content.decode()
    assert client.post(url, {**data, "not_the_same": "yes"}).status_code == 302
    assert Referral.objects.count() == 1


def test_triage_needs_a_name_and_a_closure_needs_a_reason(world, self_referral, staff_client):
    client = staff_client(world.hub_worker)
    url = f"/staff/referrals/self-referrals/{self_referral.public_id}/"
    response = client.post(url, {"action": "check", "given_name": "", "family_name": ""})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    response = client.post(url, {"action": "close", "reason": "other", "notes": ""})
    assert response.status_code == 400
    assert "Say why it is closed" in response.content.decode()
    self_referral.refresh_from_db()
    assert self_referral.status == "new"
    response = client.post(url, {"action": "close", "reason": "not_genuine"})
    assert response.status_code == 302
    self_referral.refresh_from_db()
    assert self_referral.status == "closed"
    assert not Referral.objects.exists()


def test_triage_uses_a_record_the_hub_already_works_with(world, self_referral, staff_client):
    from harbour.people.services import involvement_add, person_create

    existing = person_create(
        by=world.officer, given_name="Rosa", family_name="Lind", phone="07700 900888"
    )
    involvement_add(person=existing, agency=world.hub, kind="assignment", by=world.officer)
    client = staff_client(world.hub_worker)
    url = f"/staff/referrals/self-referrals/{self_referral.public_id}/"
    page = client.post(url, {"action": "check", "given_name": "Rosa", "family_name": "Lind"})
    assert "Your agency already works with Rosa Lind" in page.content.decode()
    used = client.post(
        url,
        {
            "action": "use",
            "given_name": "Rosa",
            "family_name": "Lind",
            "use-person": existing.public_id,
        },
    )
    assert used.status_code == 302
    assert Referral.objects.get().person == existing
