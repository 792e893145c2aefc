"""Sending queued email, run by the task worker (``python manage.py task_worker``).

Sending is idempotent: each message carries a Message-ID made from its notification, the same at
every attempt, and the outbox row is never locked while the mail server is talked to.

1. A short transaction claims the attempt (``sending_since``) unless the message was sent or
   failed for good.
2. The message goes to the mail server, outside any transaction.
3. The row is marked sent (or queued again, or failed).

A worker that stops between 1 and 3 leaves ``sending_since`` set and its task marked running;
the task is run again (harbour.core.worker) and sends again under the same Message-ID, which
mail servers and clients use to drop a copy they already hold. Nothing is lost, and a copy that
is sent twice in that narrow window is recognisably the same message. (A message with a one-time
link gets a fresh link at each attempt, which replaces the one before; only the newest works.)
"""

from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from harbour.core.scheduling import enqueue_at
from harbour.notifications.catalogue import render_message
from harbour.notifications.links import link_issuer
from harbour.notifications.models import Notification

logger = logging.getLogger(__name__)


def message_id(notification: Notification) -> str:
    host = urlsplit(settings.HARBOUR_SITE_URL).hostname or "harbour.invalid"
    return f"<notification.{notification.public_id}@{host}>"


def _sending_stale_after() -> timedelta:
    """How long an attempt may take before another run may send again."""
    return timedelta(seconds=settings.EMAIL_TIMEOUT + 10)


@task()
def send_notification(notification_id: int) -> str:
    now = timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .get(pk=notification_id)
        )
        if notification.status == Notification.Status.SENT:
            return "already sent"
        if notification.status == Notification.Status.FAILED:
            return "failed"
        if notification.sending_since and notification.sending_since > now - _sending_stale_after():
            # Another run is handing it to the mail server now: look again once it must be done.
            enqueue_at(
                send_notification,
                notification.sending_since + _sending_stale_after(),
                notification_id,
            )
            return "being sent: checking again later"
        address = notification.recipient.email
        notification.attempts += 1
        if not address or not notification.recipient.is_active:
            notification.status = Notification.Status.FAILED
            notification.last_error = "recipient has no email address or is inactive"
            notification.sending_since = None
            notification.save(update_fields=["attempts", "status", "last_error", "sending_since"])
            return "failed"
        body = notification.body
        if notification.link_issuer:
            # A fresh one-time link, made now (in the claiming transaction, so it is on record
            # before the email leaves) and put only in the email, never stored.
            path = link_issuer(notification.link_issuer)(notification.link_ref)
            if path is None:
                notification.status = Notification.Status.FAILED
                notification.last_error = "the link is no longer wanted"
                notification.sending_since = None
                notification.save(
                    update_fields=["attempts", "status", "last_error", "sending_since"]
                )
                return "failed"
            body = render_message(notification.kind, link=settings.HARBOUR_SITE_URL + path).body
        notification.sending_since = now
        notification.save(update_fields=["attempts", "sending_since"])

    try:
        EmailMessage(
            subject=notification.subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            headers={"Message-ID": message_id(notification)},
        ).send()
    except Exception as exc:
        retry = notification.attempts < settings.HARBOUR_NOTIFICATION_MAX_ATTEMPTS
        with transaction.atomic():
            Notification.objects.filter(pk=notification_id).update(
                status=Notification.Status.QUEUED if retry else Notification.Status.FAILED,
                last_error=type(exc).__name__,
                sending_since=None,
            )
            if retry:
                run_after = timezone.now() + timedelta(minutes=2**notification.attempts)
                enqueue_at(send_notification, run_after, notification_id)
        logger.warning("notification %s not sent (%s)", notification.public_id, type(exc).__name__)
        return "retrying" if retry else "failed"

    Notification.objects.filter(pk=notification_id).update(
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
        to_address=address,
        last_error="",
        sending_since=None,
    )
    return "sent"
