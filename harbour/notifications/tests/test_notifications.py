import pytest
from django.core import mail
from django.db import transaction

from harbour.notifications.catalogue import Kind, render_message
from harbour.notifications.models import Notification
from harbour.notifications.services import notification_queue
from harbour.notifications.tests.helpers import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_queued_then_sent_by_the_worker_with_no_personal_details(user_factory):
    user = user_factory(first_name="Morwenna", last_name="Tregothnan", username="mtregothnan")
    with transaction.atomic():
        notification = notification_queue(recipient=user, kind=Kind.NEW_TASK)
    notification.refresh_from_db()
    # Queued, not sent from the request.
    assert notification.status == Notification.Status.QUEUED
    assert notification.task_id
    assert mail.outbox == []

    run_worker()

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.sent_at is not None
    assert notification.to_address == user.email
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "You have a new task in Harbour"
    for detail in ("Morwenna", "Tregothnan", "mtregothnan", user.agency.name):
        assert detail not in message.body
        assert detail not in message.subject
    assert "/staff/" in message.body


def test_nothing_is_queued_if_the_transaction_rolls_back(user_factory):
    user = user_factory()
    with pytest.raises(RuntimeError), transaction.atomic():
        notification_queue(recipient=user, kind=Kind.NEW_TASK)
        raise RuntimeError("the change that caused the message failed")
    assert not Notification.objects.exists()
    run_worker()
    assert mail.outbox == []


def test_callers_cannot_supply_their_own_words(user_factory):
    with pytest.raises(TypeError):
        notification_queue(recipient=user_factory(), kind=Kind.NEW_TASK, body="Jane at 1 High St")


def test_unknown_kind_is_refused(user_factory):
    with pytest.raises(ValueError):
        notification_queue(recipient=user_factory(), kind="anything")


def test_every_message_in_the_catalogue_is_fixed_text():
    for kind in Kind:
        message = render_message(kind)
        assert "{" not in message.body and "%(" not in message.body
        assert "Harbour" in message.subject


def test_failed_sending_is_recorded_and_retried(user_factory, settings):
    settings.EMAIL_BACKEND = "harbour.notifications.tests.failing_backend.FailingBackend"
    user = user_factory()
    with transaction.atomic():
        notification = notification_queue(recipient=user, kind=Kind.REMINDER)
    run_worker()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.QUEUED
    assert notification.attempts == 1
    assert notification.last_error == "ConnectionRefusedError"


def test_outbox_page_for_administrators(admin_user, user_factory, staff_client):
    with transaction.atomic():
        notification_queue(recipient=user_factory(), kind=Kind.NEW_TASK)
    response = staff_client(admin_user).get("/staff/notifications/outbox/")
    assert response.status_code == 200
    assert b"You have a new task in Harbour" in response.content


def test_a_link_is_given_only_to_the_kinds_that_carry_one(user_factory):
    user = user_factory()
    with pytest.raises(ValueError):
        notification_queue(recipient=user, kind=Kind.SIGN_IN_RESET)
    with pytest.raises(ValueError):
        notification_queue(recipient=user, kind=Kind.NEW_TASK, link=("accounts.link", "x"))
    with pytest.raises(ValueError):
        notification_queue(recipient=user, kind=Kind.SIGN_IN_RESET, link=("nobody", "x"))
    assert not Notification.objects.exists()


def test_a_link_is_made_as_the_email_is_sent_and_never_stored(user_factory):
    from harbour.notifications.links import register_link_issuer

    made = []

    def issuer(ref: str) -> str | None:
        made.append(ref)
        return None if ref == "stale" else f"/staff/account/link/token-for-{ref}/"

    register_link_issuer("tests.link", issuer)
    user = user_factory()
    with transaction.atomic():
        wanted = notification_queue(
            recipient=user, kind=Kind.ACCOUNT_SET_UP, link=("tests.link", "fresh")
        )
        stale = notification_queue(
            recipient=user, kind=Kind.SIGN_IN_RESET, link=("tests.link", "stale")
        )
    assert made == []  # nothing is made until the email goes
    run_worker()
    assert sorted(made) == ["fresh", "stale"]
    wanted.refresh_from_db()
    stale.refresh_from_db()
    assert wanted.status == Notification.Status.SENT
    assert "token-for-fresh" not in wanted.body
    assert "[a one-time link, in the email only]" in wanted.body
    assert stale.status == Notification.Status.FAILED
    assert len(mail.outbox) == 1
    assert "/staff/account/link/token-for-fresh/" in mail.outbox[0].body
