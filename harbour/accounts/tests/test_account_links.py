"""A reset or a new account sends the person a one-time link to set their own password and a new
authenticator; a new email address is confirmed from the old one. Tokens are made as the email is
sent, kept only as a hash, work once and expire."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from harbour.accounts.factories import TEST_PASSWORD, UserFactory
from harbour.accounts.models import AccountLink
from harbour.accounts.roles import Role
from harbour.accounts.services import (
    account_change_approve,
    account_change_email_request,
    account_reset,
    totp_current_code,
    totp_device_confirmed,
    totp_device_create_confirmed,
)
from harbour.audit.models import AccessLogEntry
from harbour.notifications.catalogue import Kind
from harbour.notifications.models import Notification
from harbour.notifications.tests.helpers import run_worker

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Lantern-Quarry-Velvet-42"
LINK = re.compile(r"http://\S+/staff/account/link/([A-Za-z0-9_-]+)/")


@pytest.fixture
def casey():
    user = UserFactory(username="casey", email="casey@example.org", role=Role.IDVA)
    totp_device_create_confirmed(user)
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    return user


def emailed_token(to: str) -> str:
    bodies = [m.body for m in mail.outbox if m.to == [to]]
    assert bodies, f"nothing was sent to {to}"
    return LINK.search(bodies[-1]).group(1)


def everything_in_the_database() -> str:
    """Every text value in every table, to show a token is stored nowhere."""
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - our own table names
            dump.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(dump)


def reset_and_read_the_email(by, user) -> str:
    """An administrator resets ``user``'s sign-in; the worker sends the email; its token."""
    with transaction.atomic():
        account_reset(user=user, by=by)
    run_worker()
    return emailed_token(user.email)


def set_up_from_link(token: str, password: str = NEW_PASSWORD) -> Client:
    client = Client()
    response = client.get(f"/staff/account/link/{token}/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/account/set-password/"
    response = client.post(
        "/staff/account/set-password/", {"new_password1": password, "new_password2": password}
    )
    assert response.status_code == 302, response.content
    assert response["Location"] == "/staff/sign-in/set-up-code/"
    return client


def test_a_reset_stops_the_old_secret_and_the_person_sets_their_own(administrators, casey):
    ada, _ = administrators
    old_device = totp_device_confirmed(casey)
    old_key = old_device.bin_key
    signed_in = Client()
    from harbour.accounts.testing import sign_in

    sign_in(signed_in, casey)
    assert signed_in.get("/staff/").status_code == 200

    with transaction.atomic():
        account_reset(user=casey, by=ada)
    casey.refresh_from_db()
    # The old password and authenticator stop working at once, and her sessions end.
    assert not casey.has_usable_password()
    assert not casey.totpdevice_set.exists()
    assert signed_in.get("/staff/").status_code == 302
    response = Client().post("/staff/sign-in/", {"username": "casey", "password": TEST_PASSWORD})
    assert response.status_code == 200

    run_worker()
    notification = Notification.objects.get(recipient=casey)
    assert notification.kind == Kind.SIGN_IN_RESET
    assert notification.status == Notification.Status.SENT
    token = emailed_token("casey@example.org")
    # The outbox the administrators read keeps the words without the link; only a hash is kept.
    assert token not in notification.body
    assert "[a one-time link, in the email only]" in notification.body
    assert token not in everything_in_the_database()
    link = AccountLink.objects.get(user=casey)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    outbox = sign_in_client(ada).get("/staff/notifications/outbox/")
    assert token.encode() not in outbox.content

    client = set_up_from_link(token)
    page = client.get("/staff/sign-in/set-up-code/")
    assert b"<svg" in page.content
    new_device = casey.totpdevice_set.get()
    assert new_device.bin_key != old_key
    response = client.post("/staff/sign-in/set-up-code/", {"code": totp_current_code(new_device)})
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200

    # Each step is in the access log: the reset as the administrator's act, the rest as hers.
    logged = AccessLogEntry.objects.filter(record_id=casey.public_id).order_by("at", "id")
    assert [(e.username, e.reason) for e in logged] == [
        ("ada.admin", "sign-in reset"),
        ("casey", "password set from a one-time link"),
        ("casey", "two-factor set up"),
    ]


def sign_in_client(user) -> Client:
    from harbour.accounts.testing import sign_in

    return sign_in(Client(), user)


def test_a_link_works_once(administrators, casey):
    ada, _ = administrators
    token = reset_and_read_the_email(ada, casey)
    set_up_from_link(token)
    again = Client().get(f"/staff/account/link/{token}/")
    assert again.status_code == 404
    assert b"This link does not work" in again.content


def test_a_link_expires(administrators, casey, settings):
    ada, _ = administrators
    token = reset_and_read_the_email(ada, casey)
    later = timezone.now() + timezone.timedelta(
        hours=settings.HARBOUR_ACCOUNT_LINK_HOURS, minutes=1
    )
    with time_machine.travel(later):
        assert Client().get(f"/staff/account/link/{token}/").status_code == 404


def test_opening_a_link_is_not_using_it(administrators, casey):
    """Mail scanners fetch links: opening one spends nothing, and the token leaves the address."""
    ada, _ = administrators
    token = reset_and_read_the_email(ada, casey)
    scanner = Client().get(f"/staff/account/link/{token}/")
    assert token not in scanner["Location"]
    assert AccountLink.objects.get(user=casey).used_at is None
    set_up_from_link(token)


def test_a_newer_link_replaces_the_older(administrators, casey):
    ada, _ = administrators
    first = reset_and_read_the_email(ada, casey)
    second = reset_and_read_the_email(ada, casey)
    assert first != second
    assert Client().get(f"/staff/account/link/{first}/").status_code == 404
    set_up_from_link(second)


def test_a_link_replaced_before_its_email_went_is_never_sent(administrators, casey):
    ada, _ = administrators
    with transaction.atomic():
        account_reset(user=casey, by=ada)
        account_reset(user=casey, by=ada)
    run_worker()
    statuses = sorted(Notification.objects.filter(recipient=casey).values_list("status", flat=True))
    assert statuses == [Notification.Status.FAILED, Notification.Status.SENT]
    assert len(mail.outbox) == 1


def test_a_weak_password_is_refused_and_the_link_still_works(administrators, casey):
    ada, _ = administrators
    token = reset_and_read_the_email(ada, casey)
    client = Client()
    client.get(f"/staff/account/link/{token}/")
    response = client.post(
        "/staff/account/set-password/", {"new_password1": "casey1", "new_password2": "casey1"}
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    response = client.post(
        "/staff/account/set-password/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
    )
    assert b"The two passwords are not the same" in response.content
    casey.refresh_from_db()
    assert not casey.has_usable_password()
    assert AccountLink.objects.get(user=casey).used_at is None


def test_whoever_was_signed_in_is_signed_out_by_a_link(administrators, casey):
    ada, _ = administrators
    token = reset_and_read_the_email(ada, casey)
    client = sign_in_client(ada)
    client.get(f"/staff/account/link/{token}/")
    assert client.get("/staff/users/").status_code == 302


def test_a_new_account_is_set_up_from_its_link(administrators):
    ada, bo = administrators
    from harbour.accounts.factories import AgencyFactory
    from harbour.accounts.models import AccountChange
    from harbour.accounts.roles import AgencyKind
    from harbour.accounts.services import account_request_new

    hub = AgencyFactory(name="Test hub", kind=AgencyKind.VICTIM_CARE_HUB)
    with transaction.atomic():
        nia = account_request_new(
            by=ada,
            username="nia",
            email="nia@example.org",
            first_name="Nia",
            last_name="Pryce",
            agency=hub,
            role=Role.HUB_CASEWORKER,
        )
    run_worker()
    assert not [m for m in mail.outbox if m.to == ["nia@example.org"]]
    with transaction.atomic():
        account_change_approve(change=AccountChange.objects.get(user=nia), by=bo)
    run_worker()
    message = next(m for m in mail.outbox if m.to == ["nia@example.org"])
    assert message.subject == "Set up your Harbour account"
    for detail in ("Nia", "Pryce", "Test hub"):
        assert detail not in message.body
    client = set_up_from_link(emailed_token("nia@example.org"))
    assert client.get("/staff/sign-in/set-up-code/").status_code == 200
    device = nia.totpdevice_set.get()
    client.post("/staff/sign-in/set-up-code/", {"code": totp_current_code(device)})
    assert client.get("/staff/").status_code == 200


def test_a_new_email_address_is_confirmed_from_the_old_one(administrators, casey):
    ada, bo = administrators
    with transaction.atomic():
        change = account_change_email_request(by=ada, user=casey, email="casey@new.example.org")
        account_change_approve(change=change, by=bo)
    run_worker()
    token = emailed_token("casey@example.org")  # the old address
    client = Client()
    client.get(f"/staff/account/link/{token}/")
    page = client.get("/staff/account/confirm-email/")
    assert b"casey@new.example.org" in page.content
    casey.refresh_from_db()
    assert casey.email == "casey@example.org"
    response = client.post("/staff/account/confirm-email/")
    assert response["Location"] == "/staff/sign-in/"
    casey.refresh_from_db()
    assert casey.email == "casey@new.example.org"
    change.refresh_from_db()
    assert change.status == change.Status.DONE
    # She is told at the new address; the link is spent.
    run_worker()
    assert any(m.to == ["casey@new.example.org"] for m in mail.outbox)
    assert Client().get(f"/staff/account/link/{token}/").status_code == 404
    assert AccessLogEntry.objects.filter(
        record_id=casey.public_id,
        username="casey",
        reason="new email address confirmed from the old one",
    ).exists()


def test_a_stopped_email_change_cannot_be_confirmed(administrators, casey):
    ada, bo = administrators
    from harbour.accounts.services import account_change_refuse

    with transaction.atomic():
        change = account_change_email_request(by=ada, user=casey, email="casey@new.example.org")
        account_change_approve(change=change, by=bo)
    run_worker()
    token = emailed_token("casey@example.org")
    account_change_refuse(change=change, by=bo)
    assert Client().get(f"/staff/account/link/{token}/").status_code == 404
    casey.refresh_from_db()
    assert casey.email == "casey@example.org"


def test_the_first_administrators_are_made_on_the_server_and_set_up_their_own_sign_in():
    from django.core.management import CommandError, call_command

    call_command(
        "account_invite",
        "--username=first.admin",
        "--email=first.admin@example.org",
        "--first-name=First",
        "--last-name=Admin",
        "--agency=Test Combined Authority",
        "--new-agency-kind=combined_authority",
        "--role=administrator",
        stdout=io.StringIO(),
    )
    from harbour.accounts.models import User

    first = User.objects.get(username="first.admin")
    assert first.is_active and first.is_superuser and not first.has_usable_password()
    assert AccessLogEntry.objects.get(record_id=first.public_id).username == (
        "manage.py account_invite"
    )
    run_worker()
    set_up_from_link(emailed_token("first.admin@example.org"))
    with pytest.raises(CommandError):
        call_command(
            "account_invite",
            "--username=second",
            "--email=second@example.org",
            "--first-name=S",
            "--last-name=A",
            "--agency=No such agency",
            "--role=administrator",
        )
    assert not User.objects.filter(username="second").exists()
