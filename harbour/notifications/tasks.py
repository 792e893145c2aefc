"""Sending queued email, run by the task worker (``python manage.py task_worker``)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from harbour.core.scheduling import enqueue_at
from harbour.notifications.models import Notification

logger = logging.getLogger(__name__)


@task()
def send_notification(notification_id: int) -> str:
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .get(pk=notification_id)
        )
        if notification.status == Notification.Status.SENT:
            return "already sent"
        address = notification.recipient.email
        notification.attempts += 1
        if not address or not notification.recipient.is_active:
            notification.status = Notification.Status.FAILED
            notification.last_error = "recipient has no email address or is inactive"
            notification.save(update_fields=["attempts", "status", "last_error"])
            return "failed"
        try:
            EmailMessage(
                subject=notification.subject,
                body=notification.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[address],
            ).send()
        except Exception as exc:
            notification.last_error = type(exc).__name__
            retry = notification.attempts < settings.HARBOUR_NOTIFICATION_MAX_ATTEMPTS
            notification.status = (
                Notification.Status.QUEUED if retry else Notification.Status.FAILED
            )
            notification.save(update_fields=["attempts", "status", "last_error"])
            logger.warning("Notification %s not sent (%s)", notification.public_id, exc.__class__)
            if retry:
                delay = timedelta(minutes=2**notification.attempts)
                run_after = timezone.now() + delay
                transaction.on_commit(
                    lambda: enqueue_at(send_notification, run_after, notification_id)
                )
            return "retrying" if retry else "failed"
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.to_address = address
        notification.last_error = ""
        notification.save(
            update_fields=["attempts", "status", "sent_at", "to_address", "last_error"]
        )
        return "sent"
