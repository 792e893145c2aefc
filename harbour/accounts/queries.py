"""Reads about accounts used by the staff pages for managing users and the home page."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from harbour.accounts.models import AccountChange, User
from harbour.audit.models import AccessLogEntry, Action


class AccountStatus:
    """What the list of users can be filtered by."""

    OPEN = "open"
    CLOSED = "closed"
    WAITING = "waiting"
    NOT_SET_UP = "not_set_up"


def users_list(*, agency=None, role: str = "", status: str = "") -> QuerySet[User]:
    waiting = AccountChange.objects.filter(
        user=OuterRef("pk"),
        kind=AccountChange.Kind.NEW_ACCOUNT,
        status=AccountChange.Status.PENDING,
    )
    users = User.objects.select_related("agency").annotate(waiting_for_approval=Exists(waiting))
    if agency is not None:
        users = users.filter(agency=agency)
    if role:
        users = users.filter(role=role)
    if status == AccountStatus.OPEN:
        users = users.filter(is_active=True)
    elif status == AccountStatus.CLOSED:
        users = users.filter(is_active=False, waiting_for_approval=False)
    elif status == AccountStatus.WAITING:
        users = users.filter(waiting_for_approval=True)
    elif status == AccountStatus.NOT_SET_UP:
        users = users.filter(is_active=True, last_login=None)
    return users.order_by("agency__name", "last_name", "first_name", "username")


def account_changes_open(*, user: User | None = None) -> QuerySet[AccountChange]:
    changes = AccountChange.objects.filter(status__in=AccountChange.OPEN).select_related(
        "user", "user__agency", "requested_by", "agency", "old_agency"
    )
    if user is not None:
        changes = changes.filter(user=user)
    return changes.order_by("requested_at", "id")


def account_changes_for_approver(approver: User) -> QuerySet[AccountChange]:
    """Changes waiting that ``approver`` may decide: not asked for by them, not about them."""
    return (
        account_changes_open()
        .filter(status=AccountChange.Status.PENDING)
        .exclude(Q(requested_by=approver) | Q(user=approver))
    )


def account_changes_recent(*, user: User, limit: int = 20) -> QuerySet[AccountChange]:
    return (
        AccountChange.objects.filter(user=user)
        .exclude(status__in=AccountChange.OPEN)
        .select_related("requested_by", "decided_by", "agency", "old_agency")[:limit]
    )


def account_history(user: User, *, limit: int = 100) -> QuerySet[AccessLogEntry]:
    """What was done to this account, by whom: the access log entries about it (views of the
    account's page left out)."""
    return (
        AccessLogEntry.objects.filter(record_type=user._meta.label_lower, record_id=user.public_id)
        .exclude(action=Action.VIEW)
        .select_related("agency")
        .order_by("-at", "-id")[:limit]
    )


def sign_in_alerts_recent(*, hours: int = 24) -> int:
    """Flagged failures from many addresses in the last ``hours``."""
    return AccessLogEntry.objects.filter(
        action=Action.SIGN_IN_FAILED,
        flagged=True,
        at__gte=timezone.now() - timedelta(hours=hours),
    ).count()
