"""Agencies, users and their two-factor devices."""

from __future__ import annotations

import base64

from django.db import transaction
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour.accounts.models import Agency, User

DEVICE_NAME = "Authenticator app"


@transaction.atomic
def agency_create(*, name: str, kind: str, email: str = "", areas=()) -> Agency:
    agency = Agency(name=name, kind=kind, email=email)
    agency.full_clean()
    agency.save()
    if areas:
        agency.areas.set(areas)
    return agency


@transaction.atomic
def user_create(
    *,
    username: str,
    agency: Agency,
    role: str,
    password: str | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    job_title: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a user; the password is checked against the password rules."""
    from django.contrib.auth.password_validation import validate_password

    user = User(
        username=username,
        agency=agency,
        role=role,
        email=email,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    return user


def totp_device_confirmed(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def totp_device_for_setup(user: User) -> TOTPDevice:
    """The unconfirmed device a user is setting up (one at a time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def totp_device_create_confirmed(user: User) -> TOTPDevice:
    """A ready device (used by the demo, which prints its secret)."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)


def totp_secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps expect it (base32, no padding)."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def totp_current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return str(code).zfill(device.digits)
