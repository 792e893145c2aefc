from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from harbour.accounts.factories import TEST_PASSWORD, UserFactory
from harbour.accounts.services import (
    totp_current_code,
    totp_device_create_confirmed,
)
from harbour.audit.models import AccessLogEntry, Action

pytestmark = pytest.mark.django_db


def password_step(client: Client, username: str, password: str = TEST_PASSWORD):
    return client.post("/staff/sign-in/", {"username": username, "password": password})


def wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.fixture
def user():
    user = UserFactory(username="casey")
    totp_device_create_confirmed(user)
    return user


def test_staff_area_needs_sign_in():
    response = Client().get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/?next=/staff/")


def test_password_then_code_signs_in_and_is_logged(user):
    client = Client()
    response = password_step(client, "casey")
    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in/code/"
    # Not signed in yet: the password alone opens nothing.
    assert client.get("/staff/").status_code == 302

    code = totp_current_code(user.totpdevice_set.get())
    response = client.post("/staff/sign-in/code/", {"code": code})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    home = client.get("/staff/")
    assert home.status_code == 200
    assert b"Your work" in home.content
    entry = AccessLogEntry.objects.filter(action=Action.SIGN_IN).get()
    assert entry.user == user
    assert entry.agency == user.agency
    assert entry.agency_name == user.agency.name


def test_next_is_followed_only_within_harbour(user):
    client = Client()
    client.post(
        "/staff/sign-in/?next=https://evil.example/steal",
        {"username": "casey", "password": TEST_PASSWORD},
    )
    code = totp_current_code(user.totpdevice_set.get())
    response = client.post("/staff/sign-in/code/", {"code": code})
    assert response["Location"] == "/staff/"


def test_wrong_code_is_refused(user):
    client = Client()
    password_step(client, "casey")
    code = totp_current_code(user.totpdevice_set.get())
    response = client.post("/staff/sign-in/code/", {"code": wrong_code(code)})
    assert response.status_code == 200
    assert b"The code is not right" in response.content
    assert client.get("/staff/").status_code == 302
    assert AccessLogEntry.objects.filter(action=Action.SIGN_IN_FAILED, username="casey").exists()


def test_code_must_be_six_digits(user):
    client = Client()
    password_step(client, "casey")
    response = client.post("/staff/sign-in/code/", {"code": "12ab"})
    assert b"The code must be 6 digits" in response.content


def test_lockout_after_repeated_wrong_passwords(user, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = password_step(client, "casey", "wrong-password")
        assert response.status_code == 200
        assert b"Enter a correct username and password" in response.content
    response = password_step(client, "casey", "wrong-password")
    assert response.status_code == 429
    # Even the right password is refused while locked out.
    response = password_step(Client(), "casey")
    assert response.status_code == 429
    assert b"Sign-in is locked" in response.content
    assert AccessLogEntry.objects.filter(action=Action.LOCKED_OUT, username="casey").exists()


def test_lockout_ends_after_the_cool_off(user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(Client(), "casey", "wrong-password")
    assert password_step(Client(), "casey").status_code == 429
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME * 1.1):
        assert password_step(Client(), "casey").status_code == 302


def test_wrong_codes_count_towards_lockout(user, settings):
    device = user.totpdevice_set.get()
    client = Client()
    password_step(client, "casey")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        device.refresh_from_db()
        device.throttle_reset()
        client.post("/staff/sign-in/code/", {"code": wrong_code(totp_current_code(device))})
    response = password_step(Client(), "casey")
    assert response.status_code == 429


def test_first_sign_in_sets_up_the_authenticator():
    user = UserFactory(username="newcomer")
    client = Client()
    response = password_step(client, "newcomer")
    assert response["Location"] == "/staff/sign-in/set-up-code/"
    page = client.get("/staff/sign-in/set-up-code/")
    assert b"<svg" in page.content
    device = user.totpdevice_set.get()
    assert device.confirmed is False
    response = client.post("/staff/sign-in/set-up-code/", {"code": totp_current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/staff/").status_code == 200


def test_pending_sign_in_expires(user):
    client = Client()
    password_step(client, "casey")
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=6)):
        code = totp_current_code(user.totpdevice_set.get())
        response = client.post("/staff/sign-in/code/", {"code": code})
    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in/"


def test_session_ends_after_idle_time(user, settings, staff_client):
    client = staff_client(user)
    assert client.get("/staff/").status_code == 200
    idle = timezone.timedelta(minutes=settings.HARBOUR_IDLE_MINUTES + 1)
    with time_machine.travel(timezone.now() + idle):
        assert client.get("/staff/").status_code == 302


def test_activity_keeps_the_session_alive(user, settings, staff_client):
    client = staff_client(user)
    start = timezone.now()
    step = timezone.timedelta(minutes=settings.HARBOUR_IDLE_MINUTES - 5)
    for n in range(1, 4):
        with time_machine.travel(start + step * n):
            assert client.get("/staff/").status_code == 200


def test_session_has_a_maximum_length(user, settings, staff_client):
    client = staff_client(user)
    start = timezone.now()
    step = timezone.timedelta(minutes=settings.HARBOUR_IDLE_MINUTES - 1)
    travelled = timezone.timedelta()
    limit = timezone.timedelta(hours=settings.HARBOUR_SESSION_MAX_HOURS)
    while travelled <= limit:
        travelled += step
        with time_machine.travel(start + travelled):
            response = client.get("/staff/")
    assert response.status_code == 302


def test_verified_session_is_required_not_just_a_password(user):
    client = Client()
    client.force_login(user)  # a session without the second factor
    assert client.get("/staff/").status_code == 302


def test_deactivated_agency_ends_access(user, staff_client):
    client = staff_client(user)
    user.agency.is_active = False
    user.agency.save()
    assert client.get("/staff/").status_code == 302


def test_sign_out_is_logged(user, staff_client):
    client = staff_client(user)
    response = client.post("/staff/sign-out/")
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302
    assert AccessLogEntry.objects.filter(action=Action.SIGN_OUT, user=user).exists()
