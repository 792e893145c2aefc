"""Helpers for tests: sign a user in as if they had passed both sign-in steps."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from harbour.accounts.middleware import SIGNED_IN_AT
from harbour.accounts.services import totp_device_confirmed, totp_device_create_confirmed


def sign_in(client: Client, user) -> Client:
    """Force a verified staff session for ``user`` (password and TOTP steps are tested apart)."""
    device = totp_device_confirmed(user) or totp_device_create_confirmed(user)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SIGNED_IN_AT] = timezone.now().timestamp()
    session.save()
    return client
