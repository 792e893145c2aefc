"""Every write of safety reports, alerts and subscribers.

Reports come from the public form (:func:`report_submit`); the project's caseworkers redact,
publish an alert or reject (:func:`report_redact`, :func:`alert_publish`, :func:`report_accept`,
:func:`report_reject`) and withdraw alerts (:func:`alert_withdraw`); they enrol and vet the
workers who receive alerts (:func:`subscriber_enrol`, :func:`subscriber_vet`). Every step writes
an event row and an access-log entry.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from harbour.accounts.models import Agency
from harbour.accounts.roles import AgencyKind, Role
from harbour.audit.services import Action, access_log
from harbour.core.scheduling import enqueue_at
from harbour.notifications.catalogue import Kind
from harbour.notifications.services import notification_queue, notification_queue_for_agency
from harbour.safety_reports.choices import (
    POLICE_CONSENTS,
    AlertStatus,
    EventKind,
    IdentifierKind,
    NoticeKind,
    NoticeStatus,
    ReportStatus,
    SubscriberPattern,
    SubscriberStatus,
    WorkingPattern,
)
from harbour.safety_reports.identifiers import identifier_digests
from harbour.safety_reports.models import (
    Alert,
    ReportEvent,
    ReportIdentifier,
    SafetyReport,
    Subscriber,
    SubscriberNotice,
)


class ModerationError(Exception):
    """A step that cannot be taken in the report's or alert's present state."""


def alert_days() -> int:
    return int(getattr(settings, "HARBOUR_SAFETY_ALERT_DAYS", 90))


def _event(*, kind: str, by=None, report=None, alert=None, detail=None) -> ReportEvent:
    return ReportEvent.objects.create(
        kind=kind, by=by, report=report, alert=alert, detail=detail or {}
    )


def _identifiers_save(report: SafetyReport) -> int:
    rows = {}
    for kind, values in (
        (IdentifierKind.PHONE, report.phones),
        (IdentifierKind.REGISTRATION, report.registrations),
        (IdentifierKind.HANDLE, report.handles),
    ):
        for value in values:
            for key_id, digest in identifier_digests(kind, value):
                rows[(kind, digest)] = ReportIdentifier(
                    report=report, kind=kind, digest=digest, key_id=key_id
                )
    ReportIdentifier.objects.bulk_create(rows.values())
    return len(rows)


def report_identifiers_rebuild(report_ids: list) -> int:
    """Replace these reports' identifier digests with digests under the hash keys in use: the
    rehash of a rotation of the hash key (``harbour.keys``), in the caller's transaction. The
    reports are locked while they are read; a report deleted meanwhile is skipped."""
    with transaction.atomic():
        reports = list(
            SafetyReport.objects.select_for_update().filter(pk__in=report_ids).order_by("pk")
        )
        ReportIdentifier.objects.filter(report__in=reports).delete()
        for report in reports:
            _identifiers_save(report)
    return len(reports)


@transaction.atomic
def report_submit(
    *,
    consent: str,
    pattern: str,
    local_authority=None,
    happened_on: datetime.date | None = None,
    happened_time: str = "",
    location: str = "",
    platform: str = "",
    violence_types: Sequence[str] = (),
    contact_method: str = "",
    account: str = "",
    gender: str = "",
    age_range: str = "",
    build: str = "",
    features: str = "",
    vehicle: str = "",
    registrations: Sequence[str] = (),
    phones: Sequence[str] = (),
    handles: Sequence[str] = (),
    description: str = "",
    contact_name: str = "",
    contact_details: str = "",
    support_wanted: bool = False,
    flagged_network: bool = False,
    received_at: datetime.datetime | None = None,
) -> SafetyReport:
    """Save a report from the public form: no account, nothing about the sender's device."""
    report = SafetyReport.objects.create(
        received_at=received_at or timezone.now(),
        consent=consent,
        pattern=pattern,
        local_authority=local_authority,
        happened_on=happened_on,
        happened_time=happened_time,
        location=location,
        platform=platform,
        violence_types=list(violence_types),
        contact_method=contact_method,
        account=account,
        gender=gender,
        age_range=age_range,
        build=build,
        features=features,
        vehicle=vehicle,
        registrations=list(registrations),
        phones=list(phones),
        handles=list(handles),
        description=description,
        contact_name=contact_name,
        contact_details=contact_details,
        support_wanted=support_wanted,
        # Until the project redacts them, the redacted versions are empty: nothing of her own
        # words leaves the project unredacted.
        flagged_network=flagged_network,
    )
    identifiers = _identifiers_save(report)
    _event(kind=EventKind.RECEIVED, report=report, detail={"identifiers": identifiers})
    access_log(
        user=None,
        action=Action.CREATE,
        record=report,
        reason="Safety report from the public form",
        username="public form",
    )
    for project in Agency.objects.filter(kind=AgencyKind.SEX_WORKER_PROJECT, is_active=True):
        notification_queue_for_agency(
            agency=project, kind=Kind.NEW_TASK, roles={Role.SPECIALIST_CASEWORKER}
        )
    return report


def _tell_liaison(report: SafetyReport) -> int:
    """Tell the liaison officers, in fixed words, that a report was released to the police."""
    if report.consent not in POLICE_CONSENTS:
        return 0
    from harbour.accounts.models import User

    officers = User.objects.filter(
        role=Role.LIAISON_OFFICER, is_active=True, agency__is_active=True
    )
    for officer in officers:
        notification_queue(recipient=officer, kind=Kind.NEW_TASK)
    return len(officers)


def _require_new(report: SafetyReport) -> None:
    if report.status != ReportStatus.NEW:
        raise ModerationError("This report has already been reviewed.")


@transaction.atomic
def report_redact(
    *, report: SafetyReport, by, redacted_account: str, redacted_description: str
) -> SafetyReport:
    """Record the project's redacted account and description: what alerts and anonymised
    intelligence are made from."""
    report.redacted_account = redacted_account
    report.redacted_description = redacted_description
    report.redacted_at = timezone.now()
    report.redacted_by = by
    report.save(
        update_fields=["redacted_account", "redacted_description", "redacted_at", "redacted_by"]
    )
    _event(kind=EventKind.REDACTED, report=report, by=by)
    access_log(user=by, action=Action.UPDATE, record=report, reason="Redacted")
    return report


def _subscribers_for(alert: Alert) -> Iterable[Subscriber]:
    patterns = [SubscriberPattern.BOTH, alert.pattern]
    subscribers = Subscriber.objects.filter(status=SubscriberStatus.VETTED, pattern__in=patterns)
    if alert.local_authority_id is not None:
        subscribers = subscribers.filter(areas=alert.local_authority_id)
    return subscribers.distinct()


def _notices_queue(alert: Alert, subscribers: Iterable[Subscriber], kind: str) -> int:
    from harbour.safety_reports.tasks import notice_send

    count = 0
    for subscriber in subscribers:
        notice, created = SubscriberNotice.objects.get_or_create(
            subscriber=subscriber, alert=alert, kind=kind
        )
        if created:
            enqueue_at(notice_send, None, notice.pk)
            count += 1
    return count


@transaction.atomic
def alert_publish(
    *,
    report: SafetyReport,
    by,
    warning: str,
    description: str,
    condition: str,
    days: int | None = None,
) -> Alert:
    """Publish an alert from a report, and queue a neutral notice to each vetted subscriber in
    its area whose working pattern it concerns."""
    report = SafetyReport.objects.select_for_update().get(pk=report.pk)
    _require_new(report)
    if not warning.strip():
        raise ModerationError("An alert needs its warning.")
    now = timezone.now()
    alert = Alert.objects.create(
        report=report,
        local_authority=report.local_authority,
        pattern=report.pattern or WorkingPattern.STREET,
        warning=warning,
        description=description,
        condition=condition,
        published_at=now,
        published_by=by,
        expires_at=now + datetime.timedelta(days=days or alert_days()),
    )
    report.status = ReportStatus.ALERTED
    report.reviewed_at = now
    report.reviewed_by = by
    report.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    told = _notices_queue(alert, _subscribers_for(alert), NoticeKind.NEW_ALERT)
    _tell_liaison(report)
    _event(
        kind=EventKind.PUBLISHED,
        report=report,
        alert=alert,
        by=by,
        detail={"alert": alert.public_id, "notices": told},
    )
    access_log(
        user=by, action=Action.CREATE, record=alert, reason=f"From report {report.public_id}"
    )
    return alert


@transaction.atomic
def report_accept(*, report: SafetyReport, by) -> SafetyReport:
    """Accept a report without a new alert (for example one about an individual already under
    a live alert): it then counts behind its links and, with her consent, reaches the police."""
    report = SafetyReport.objects.select_for_update().get(pk=report.pk)
    _require_new(report)
    report.status = ReportStatus.ACCEPTED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    _tell_liaison(report)
    _event(kind=EventKind.ACCEPTED, report=report, by=by)
    access_log(user=by, action=Action.REVIEW, record=report, reason="Accepted")
    return report


@transaction.atomic
def report_reject(*, report: SafetyReport, by, reason: str, notes: str = "") -> SafetyReport:
    report = SafetyReport.objects.select_for_update().get(pk=report.pk)
    _require_new(report)
    if not reason:
        raise ModerationError("A rejection needs its reason.")
    report.status = ReportStatus.REJECTED
    report.reject_reason = reason
    report.reject_notes = notes
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.save(
        update_fields=["status", "reject_reason", "reject_notes", "reviewed_at", "reviewed_by"]
    )
    _event(kind=EventKind.REJECTED, report=report, by=by, detail={"reason": reason})
    access_log(user=by, action=Action.REVIEW, record=report, reason=f"Rejected: {reason}")
    return report


@transaction.atomic
def alert_withdraw(*, alert: Alert, by, reason: str) -> Alert:
    """Withdraw a live alert (a false or mistaken report, a retraction) and tell, neutrally,
    every subscriber who was told of it."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status != AlertStatus.LIVE:
        raise ModerationError("Only a live alert can be withdrawn.")
    if not reason.strip():
        raise ModerationError("Say why the alert is withdrawn.")
    alert.status = AlertStatus.WITHDRAWN
    alert.withdrawn_at = timezone.now()
    alert.withdrawn_by = by
    alert.withdraw_reason = reason
    alert.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdraw_reason"])
    told = Subscriber.objects.filter(
        notices__alert=alert, notices__kind=NoticeKind.NEW_ALERT
    ).distinct()
    count = _notices_queue(alert, told, NoticeKind.ALERT_WITHDRAWN)
    _event(
        kind=EventKind.WITHDRAWN,
        report=alert.report,
        alert=alert,
        by=by,
        detail={"notices": count},
    )
    access_log(user=by, action=Action.UPDATE, record=alert, reason="Withdrawn")
    return alert


def alerts_expire(*, now: datetime.datetime | None = None) -> int:
    """Mark live alerts past their expiry as expired."""
    now = now or timezone.now()
    return Alert.objects.filter(status=AlertStatus.LIVE, expires_at__lte=now).update(
        status=AlertStatus.EXPIRED
    )


# Subscribers ---------------------------------------------------------------------------------


class SubscriberError(Exception):
    pass


@transaction.atomic
def subscriber_enrol(
    *, handle: str, passphrase: str, email: str, areas: Iterable, pattern: str, by
) -> Subscriber:
    """Enrol a worker; she receives nothing until the project has vetted her."""
    handle = handle.strip()
    if Subscriber.objects.filter(handle__iexact=handle).exists():
        raise SubscriberError("That handle is taken.")
    subscriber = Subscriber.objects.create(
        handle=handle,
        passphrase=make_password(passphrase),
        email=email.strip(),
        pattern=pattern,
        created_by=by,
    )
    subscriber.areas.set(list(areas))
    access_log(user=by, action=Action.CREATE, record=subscriber, reason="Enrolled")
    return subscriber


@transaction.atomic
def subscriber_vet(*, subscriber: Subscriber, by) -> Subscriber:
    if subscriber.status == SubscriberStatus.VETTED:
        raise SubscriberError("Already vetted.")
    if subscriber.created_by_id is not None and subscriber.created_by_id == by.pk:
        # Two people of the project, not one, stand behind every worker who reads alerts.
        raise SubscriberError("Someone other than the person who enrolled her must vet her.")
    subscriber.status = SubscriberStatus.VETTED
    subscriber.vetted_at = timezone.now()
    subscriber.vetted_by = by
    subscriber.suspended_at = None
    subscriber.save(update_fields=["status", "vetted_at", "vetted_by", "suspended_at"])
    access_log(user=by, action=Action.REVIEW, record=subscriber, reason="Vetted")
    return subscriber


@transaction.atomic
def subscriber_suspend(*, subscriber: Subscriber, by) -> Subscriber:
    subscriber.status = SubscriberStatus.SUSPENDED
    subscriber.suspended_at = timezone.now()
    subscriber.save(update_fields=["status", "suspended_at"])
    access_log(user=by, action=Action.UPDATE, record=subscriber, reason="Suspended")
    return subscriber


@functools.cache
def _dummy_hash() -> str:
    """A hash to check against when no subscriber has the handle, so the answer takes as long."""
    return make_password("not a real passphrase")


def subscriber_authenticate(*, handle: str, passphrase: str) -> Subscriber | None:
    """The vetted subscriber with this handle and passphrase, or None (the same answer, after
    the same work, for an unknown handle, a wrong passphrase or an unvetted worker)."""
    subscriber = Subscriber.objects.filter(handle__iexact=handle.strip()).first()
    good = check_password(passphrase, subscriber.passphrase if subscriber else _dummy_hash())
    if subscriber is None or not good or subscriber.status != SubscriberStatus.VETTED:
        return None
    subscriber.last_signed_in_at = timezone.now()
    subscriber.save(update_fields=["last_signed_in_at"])
    return subscriber


def notice_mark(*, notice: SubscriberNotice, status: str) -> None:
    notice.status = status
    notice.attempts += 1
    if status == NoticeStatus.SENT:
        notice.sent_at = timezone.now()
    notice.save(update_fields=["status", "attempts", "sent_at"])
