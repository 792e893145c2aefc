"""Unusual activity: counting a user's recent actions and opening reviews for someone else.

Writes here go to the access log and to :class:`AccessReview`; they are called from both the
getters (a read that is refused or unusual) and the services.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from harbour.accounts.roles import Role
from harbour.audit.models import AccessLogEntry, Action
from harbour.audit.services import access_log
from harbour.notifications.catalogue import Kind as NotificationKind
from harbour.notifications.services import notification_queue
from harbour.people import conf
from harbour.people.models import AccessReview, ReviewKind, ReviewOutcome

PERSON = "people.person"
DUPLICATE_CHECK = "people.duplicate_check"


def recent_count(
    *,
    user,
    action: str,
    record_type: str,
    minutes: int = 60,
    distinct_records: bool = False,
    at_most: int | None = None,
) -> int:
    """How many such entries the user made lately (counting stops at ``at_most``)."""
    entries = AccessLogEntry.objects.filter(
        user=user,
        action=action,
        record_type=record_type,
        at__gte=timezone.now() - timedelta(minutes=minutes),
    )
    entries = entries.values("record_id").distinct() if distinct_records else entries.values("id")
    if at_most is not None:
        entries = entries[:at_most]
    return entries.count()


def refusal_record(
    *,
    user,
    record_type: str,
    record_id: str,
    why: str,
    what: str,
    detail: dict | None = None,
) -> None:
    """Log a refused read; from the hourly threshold on, flag it and queue a review.

    Every app's access-checking getter refuses through here, so that a user trying records of
    any kind (people, incidents, referrals...) is noticed. ``what`` names the kind of refused
    read in the review (for example ``refused_referral_reads``).
    """
    signed_in = getattr(user, "is_authenticated", False)
    refusals = 1 + (
        recent_count(user=user, action=Action.DENIED, record_type=record_type, at_most=1000)
        if signed_in
        else 0
    )
    flagged = refusals >= conf.refusals_flag_per_hour()
    access_log(
        user=user,
        action=Action.DENIED,
        record_type=record_type,
        record_id=str(record_id)[:64],
        reason=why,
        detail=detail or {},
        flagged=flagged,
    )
    if flagged and signed_in:
        unusual_activity_flag(user=user, what=what, count=refusals)


def review_open(
    *,
    kind: str,
    subject_user,
    person=None,
    emergency_access=None,
    involvement=None,
    reason_ref=None,
    detail: dict | None = None,
) -> AccessReview:
    """Open a review and tell the reviewers (administrators) in fixed words."""
    review = AccessReview.objects.create(
        kind=kind,
        subject_user=subject_user,
        person=person,
        emergency_access=emergency_access,
        involvement=involvement,
        reason_ref=reason_ref,
        detail=detail or {},
    )
    _tell_reviewers(exclude=subject_user)
    return review


def unusual_activity_flag(*, user, what: str, count: int) -> AccessReview:
    """One open review per user and kind of activity, kept up to date with the latest count."""
    existing = AccessReview.objects.filter(
        kind=ReviewKind.UNUSUAL_ACTIVITY,
        subject_user=user,
        reviewed_at__isnull=True,
        detail__what=what,
    ).first()
    if existing is not None:
        existing.detail = {"what": what, "count": max(count, existing.detail.get("count", 0))}
        existing.save(update_fields=["detail"])
        return existing
    return review_open(
        kind=ReviewKind.UNUSUAL_ACTIVITY,
        subject_user=user,
        detail={"what": what, "count": count},
    )


def staff_record_flag(*, user, person) -> AccessReview | None:
    """A read of the record of someone who works for a partner agency, for someone else to review.

    One review per reader and record: while it is open, later reads join it (they stay flagged in
    the access log); once found appropriate, that reader's later reads of that record are only
    flagged. A review found not appropriate does not cover later reads.
    """
    reviews = AccessReview.objects.filter(
        kind=ReviewKind.STAFF_RECORD, subject_user=user, person=person
    )
    covered = reviews.filter(reviewed_at__isnull=True) | reviews.filter(
        outcome=ReviewOutcome.APPROPRIATE
    )
    if covered.exists():
        return None
    return review_open(kind=ReviewKind.STAFF_RECORD, subject_user=user, person=person)


def reviewers():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(role=Role.ADMINISTRATOR, is_active=True)


def _tell_reviewers(*, exclude) -> None:
    for reviewer in reviewers().exclude(pk=getattr(exclude, "pk", None)):
        notification_queue(recipient=reviewer, kind=NotificationKind.REVIEW)
