"""The Django admin cannot be used to read a secret, set a password, add backup codes or change a
user's account: those pages do not exist, and no page it has shows a secret or a password field."""

from __future__ import annotations

import base64
import contextlib

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from harbour.accounts.factories import UserFactory
from harbour.accounts.models import User
from harbour.accounts.roles import Role
from harbour.accounts.services import totp_device_create_confirmed, totp_secret_base32

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(administrators, staff_client):
    ada, _ = administrators
    return staff_client(ada)


@pytest.fixture
def victim():
    """Someone whose sign-in an administrator would like to borrow."""
    user = UserFactory(username="dana", role=Role.POLICE_OFFICER)
    device = totp_device_create_confirmed(user)
    return user, device


def secrets_of(device) -> list[str]:
    return [device.key, totp_secret_base32(device), base64.b32encode(device.bin_key).decode()]


def test_no_admin_for_users_devices_backup_codes_or_groups():
    registered = {model._meta.label for model in admin.site._registry}
    for label in ("accounts.User", "otp_totp.TOTPDevice", "auth.Group", "axes.AccessAttempt"):
        assert label not in registered
    assert not apps.is_installed("django_otp.plugins.otp_static")


@pytest.mark.parametrize(
    "path",
    [
        "otp_totp/totpdevice/",
        "otp_totp/totpdevice/add/",
        "otp_totp/totpdevice/{device}/change/",
        "otp_totp/totpdevice/{device}/config/",
        "otp_totp/totpdevice/{device}/qrcode/",
        "otp_static/staticdevice/",
        "otp_static/staticdevice/add/",
        "accounts/user/",
        "accounts/user/add/",
        "accounts/user/{user}/change/",
        "accounts/user/{user}/password/",
        "auth/group/add/",
        "axes/accessattempt/",
    ],
)
def test_the_old_doors_are_gone(admin_client, victim, path):
    user, device = victim
    url = "/staff/admin/" + path.format(device=device.pk, user=user.pk)
    response = admin_client.get(url, follow=True)
    assert response.status_code == 404 or response.request["PATH_INFO"] != url
    for secret in secrets_of(device):
        assert secret.encode() not in response.content


def test_posting_a_password_or_a_new_user_to_the_admin_does_nothing(admin_client, victim):
    user, _ = victim
    before = user.password
    admin_client.post(
        f"/staff/admin/accounts/user/{user.pk}/password/",
        {"password1": "Lantern-Quarry-Velvet-42", "password2": "Lantern-Quarry-Velvet-42"},
    )
    admin_client.post(
        "/staff/admin/accounts/user/add/",
        {
            "username": "puppet",
            "password1": "Lantern-Quarry-Velvet-42",
            "password2": "Lantern-Quarry-Velvet-42",
            "role": Role.POLICE_OFFICER,
            "agency": user.agency.pk,
        },
    )
    admin_client.post(
        "/staff/admin/otp_static/staticdevice/add/",
        {"user": user.pk, "name": "backup", "token_set-0-token": "12345678"},
    )
    user.refresh_from_db()
    assert user.password == before
    assert not User.objects.filter(username="puppet").exists()
    assert list(user.totpdevice_set.all()) == [victim[1]]


def test_the_admins_own_password_page_leads_to_the_logged_one(admin_client):
    response = admin_client.get("/staff/admin/password_change/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/password/"


# Some models the admin still has use URL fields, whose form warns of Django 6's new default.
@pytest.mark.filterwarnings("ignore::django.utils.deprecation.RemovedInDjango60Warning")
def test_no_admin_page_shows_a_secret_or_a_password_field(admin_client, victim):
    """Every page of every model the admin still has: list, add and change."""
    _, device = victim
    visited = 0
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls = [reverse("admin:{}_{}_changelist".format(*info))]
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        instance = model_admin.get_queryset(None).first() if hasattr(model, "objects") else None
        if instance is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[instance.pk]))
        for url in urls:
            response = admin_client.get(url)
            assert response.status_code in (200, 302, 403), url
            visited += 1
            body = response.content
            assert b'type="password"' not in body, url
            for secret in secrets_of(device):
                assert secret.encode() not in body, url
    assert visited > 20


def test_the_users_pages_show_no_secret(admin_client, victim):
    user, device = victim
    page = admin_client.get(f"/staff/users/{user.public_id}/")
    assert page.status_code == 200
    for secret in secrets_of(device):
        assert secret.encode() not in page.content
    assert b"Password and authenticator app set up" in page.content
