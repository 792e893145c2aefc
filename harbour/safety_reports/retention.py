"""How long safety reports, their hashes, alerts and subscriber data are kept.

- **Alerts** expire ``HARBOUR_SAFETY_ALERT_DAYS`` (90) after they are published, and are
  deleted ``HARBOUR_SAFETY_ALERT_KEEP_DAYS`` (365) after they expired or were withdrawn.
- **Reports** are deleted ``HARBOUR_SAFETY_REPORT_KEEP_DAYS`` (730) after they arrived; a
  rejected report after ``HARBOUR_SAFETY_REJECTED_KEEP_DAYS`` (90).
- **Hashes** of phone numbers, registrations and handles go with their report, and sooner if
  ``HARBOUR_SAFETY_IDENTIFIER_KEEP_DAYS`` (365) is shorter: an old report no longer links.
- **Subscribers** suspended for ``HARBOUR_SAFETY_SUBSCRIBER_KEEP_DAYS`` (180) are deleted with
  their notices; sent notices are deleted after ``HARBOUR_SAFETY_NOTICE_KEEP_DAYS`` (30).

Applied daily by ``harbour.safety_reports.tasks.retention_run``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from harbour.safety_reports.choices import AlertStatus, NoticeStatus, ReportStatus
from harbour.safety_reports.models import (
    Alert,
    ReportIdentifier,
    SafetyReport,
    Subscriber,
    SubscriberNotice,
)
from harbour.safety_reports.services import alerts_expire


def _days(name: str, default: int) -> datetime.timedelta:
    return datetime.timedelta(days=int(getattr(settings, name, default)))


@transaction.atomic
def retention_apply(*, now: datetime.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    summary = {"alerts_expired": alerts_expire(now=now)}
    alert_cutoff = now - _days("HARBOUR_SAFETY_ALERT_KEEP_DAYS", 365)
    summary["alerts_deleted"] = (
        Alert.objects.filter(
            Q(status=AlertStatus.EXPIRED, expires_at__lte=alert_cutoff)
            | Q(status=AlertStatus.WITHDRAWN, withdrawn_at__lte=alert_cutoff)
        )
        .delete()[1]
        .get("safety_reports.Alert", 0)
    )
    summary["reports_deleted"] = (
        SafetyReport.objects.filter(
            Q(received_at__lte=now - _days("HARBOUR_SAFETY_REPORT_KEEP_DAYS", 730))
            | Q(
                status=ReportStatus.REJECTED,
                received_at__lte=now - _days("HARBOUR_SAFETY_REJECTED_KEEP_DAYS", 90),
            )
        )
        .delete()[1]
        .get("safety_reports.SafetyReport", 0)
    )
    summary["hashes_deleted"] = ReportIdentifier.objects.filter(
        created_at__lte=now - _days("HARBOUR_SAFETY_IDENTIFIER_KEEP_DAYS", 365)
    ).delete()[0]
    summary["subscribers_deleted"] = (
        Subscriber.objects.filter(
            suspended_at__lte=now - _days("HARBOUR_SAFETY_SUBSCRIBER_KEEP_DAYS", 180)
        )
        .delete()[1]
        .get("safety_reports.Subscriber", 0)
    )
    summary["notices_deleted"] = SubscriberNotice.objects.filter(
        status__in=[NoticeStatus.SENT, NoticeStatus.FAILED],
        created_at__lte=now - _days("HARBOUR_SAFETY_NOTICE_KEEP_DAYS", 30),
    ).delete()[0]
    return summary
