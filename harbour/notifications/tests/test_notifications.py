import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from harbour.notifications.catalogue import Kind, render_message
from harbour.notifications.models import Notification
from harbour.notifications.services import notification_queue
from harbour.notifications.tasks import message_id
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


def test_the_message_and_its_sending_are_committed_together(user_factory):
    """The sending task is a row written in the caller's transaction, not after its commit: no
    crash between the two can leave a message that is never sent."""
    from django_tasks_db.models import DBTaskResult

    user = user_factory()
    with transaction.atomic():
        notification = notification_queue(recipient=user, kind=Kind.NEW_TASK)
        # Before the commit, the task is already in the same transaction.
        assert DBTaskResult.objects.filter(pk=notification.task_id).exists()
        assert transaction.get_connection().run_on_commit == []


def test_a_retry_carries_the_same_message_id(user_factory, settings):
    settings.EMAIL_BACKEND = "harbour.notifications.tests.failing_backend.FailingBackend"
    user = user_factory()
    with transaction.atomic():
        notification = notification_queue(recipient=user, kind=Kind.REMINDER)
    run_worker()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 2
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == message_id(notification)
    assert notification.public_id in message_id(notification)


def test_a_worker_that_died_while_sending_is_replaced_and_the_message_goes_once(user_factory):
    """The worker claimed the attempt and died: the task stays marked running. After the
    timeout it is run again, sends once, under the message's own Message-ID."""
    from django_tasks_db.models import DBTaskResult

    from harbour.core.worker import tasks_recover_abandoned

    user = user_factory()
    with transaction.atomic():
        notification = notification_queue(recipient=user, kind=Kind.OVERDUE)
    running = DBTaskResult.objects.filter(pk=notification.task_id)
    running.update(status="RUNNING", started_at=timezone.now())
    Notification.objects.filter(pk=notification.pk).update(sending_since=timezone.now(), attempts=1)
    run_worker()
    assert mail.outbox == []  # running lately: its worker may still be at it
    assert tasks_recover_abandoned() == 0
    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    running.update(started_at=long_ago)
    Notification.objects.filter(pk=notification.pk).update(sending_since=long_ago)
    run_worker()  # the worker puts it back in the queue, and runs it
    run_worker()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.sending_since is None
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get(pk=notification.task_id).status == "SUCCESSFUL"


def test_an_attempt_under_way_is_not_doubled(user_factory):
    """A second run while another hands the message to the mail server sends nothing, and
    looks again once that attempt must be over."""
    from django_tasks_db.models import DBTaskResult

    user = user_factory()
    with transaction.atomic():
        notification = notification_queue(recipient=user, kind=Kind.OVERDUE)
    Notification.objects.filter(pk=notification.pk).update(sending_since=timezone.now())
    run_worker()
    assert mail.outbox == []
    later = DBTaskResult.objects.filter(status="READY")
    assert later.count() == 1
    Notification.objects.filter(pk=notification.pk).update(
        sending_since=timezone.now() - datetime.timedelta(minutes=5)
    )
    later.update(run_after=timezone.now())
    run_worker()
    assert len(mail.outbox) == 1
