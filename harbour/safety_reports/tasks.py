"""Background work: sending subscribers' notices, and the daily retention run."""

from __future__ import annotations

import datetime
import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from harbour.core.scheduling import enqueue_at, next_run_schedule
from harbour.safety_reports.choices import NoticeStatus, SubscriberStatus
from harbour.safety_reports.models import SubscriberNotice
from harbour.safety_reports.notices import notice_text
from harbour.safety_reports.services import notice_mark

logger = logging.getLogger(__name__)


@task()
def notice_send(notice_id: int) -> str:
    """Send one notice, once: a notice already sent is not sent again."""
    with transaction.atomic():
        notice = (
            SubscriberNotice.objects.select_for_update()
            .select_related("subscriber")
            .filter(pk=notice_id)
            .first()
        )
        if notice is None:
            return "gone"
        if notice.status != NoticeStatus.QUEUED:
            return notice.status
        subscriber = notice.subscriber
        if subscriber.status != SubscriberStatus.VETTED or not subscriber.email:
            notice_mark(notice=notice, status=NoticeStatus.FAILED)
            return "failed"
        subject, body = notice_text(notice.kind)
        EmailMessage(subject=subject, body=body, to=[subscriber.email]).send()
        notice_mark(notice=notice, status=NoticeStatus.SENT)
    logger.info("safety notice sent", extra={"event": "safety_notice_sent"})
    return "sent"


def _next_run(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(days=1)


def retention_schedule() -> bool:
    """Queue the next daily run unless one is already waiting. Returns whether one was queued."""
    return next_run_schedule(retention_run, _next_run(timezone.now()))


@task()
def retention_run() -> str:
    """Expire alerts and delete what has passed its retention period; queue tomorrow's run."""
    from harbour.safety_reports.retention import retention_apply

    summary = retention_apply()
    enqueue_at(retention_run, _next_run(timezone.now()))
    logger.info(
        "safety retention applied",
        extra={"event": "safety_retention", "count": sum(summary.values())},
    )
    return str(summary)
