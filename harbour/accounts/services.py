"""Agencies, users and their two-factor devices; the administrators' acts on accounts.

No one sets or learns another person's password or authenticator secret. An administrator asks
for a new account or a change, a second administrator approves it (never the one who asked, never
the person it is about), and the person sets their own password and authenticator from a one-time
link (:mod:`harbour.accounts.links`). Every act is written to the access log as the
administrator's, against the account, so it shows on the account's page. See decision 0023.
"""

from __future__ import annotations

import base64

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour.accounts.links import ISSUER, link_create, link_withdraw_all
from harbour.accounts.models import AccountChange, AccountLink, Agency, User
from harbour.accounts.roles import ROLES_NEEDING_APPROVAL, Role, role_allowed_at
from harbour.audit.services import Action, access_log
from harbour.notifications.catalogue import Kind as NotificationKind
from harbour.notifications.services import notification_queue

DEVICE_NAME = "Authenticator app"


@transaction.atomic
def agency_create(*, name: str, kind: str, email: str = "", areas=()) -> Agency:
    agency = Agency(name=name, kind=kind, email=email)
    agency.full_clean()
    agency.save()
    if areas:
        agency.areas.set(areas)
    return agency


@transaction.atomic
def user_create(
    *,
    username: str,
    agency: Agency,
    role: str,
    password: str | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    job_title: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a user directly (the demo, tests and the first administrator made on the server);
    the password is checked against the password rules. Administrators in Harbour use
    :func:`account_request_new`, where the person sets their own password."""
    user = User(
        username=username,
        agency=agency,
        role=role,
        email=email,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    return user


def totp_device_confirmed(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def totp_device_for_setup(user: User) -> TOTPDevice:
    """The unconfirmed device a user is setting up (one at a time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def totp_device_create_confirmed(user: User) -> TOTPDevice:
    """A ready device (used by the demo, which prints its secret)."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)


def totp_secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps expect it (base32, no padding)."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def totp_current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return str(code).zfill(device.digits)


# The administrators' acts on accounts ------------------------------------------------------------


def _require_administrator(by) -> None:
    if (
        by is None
        or not getattr(by, "is_authenticated", False)
        or not by.has_role(Role.ADMINISTRATOR)
    ):
        raise PermissionDenied


def _require_someone_else(by, user: User) -> None:
    if by.pk == user.pk:
        raise ValidationError(
            _("You cannot do this to your own account. Ask another administrator.")
        )


def _staff_flags(user: User) -> None:
    """Administrators use the Django admin for the region's reference data; no one else does."""
    user.is_staff = user.is_superuser = user.role == Role.ADMINISTRATOR


def _log(by, user: User, action: str, reason: str, **detail) -> None:
    access_log(user=by, action=action, record=user, reason=reason, detail=detail)


def _tell_approvers(*, asked_by: User, about: User) -> None:
    approvers = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).exclude(
        pk__in=[asked_by.pk, about.pk]
    )
    for approver in approvers:
        notification_queue(recipient=approver, kind=NotificationKind.ACCOUNT_APPROVAL)


def _send_set_up_link(user: User, *, reset: bool = False) -> AccountLink:
    """A link to set a password and a new authenticator: for a new account, or after a reset."""
    link = link_create(user=user, purpose=AccountLink.Purpose.SET_UP)
    kind = NotificationKind.SIGN_IN_RESET if reset else NotificationKind.ACCOUNT_SET_UP
    notification_queue(recipient=user, kind=kind, link=(ISSUER, link.public_id))
    return link


def _open_change(user: User, kind: str) -> AccountChange | None:
    return user.account_changes.filter(kind=kind, status__in=AccountChange.OPEN).first()


def _save_change(change: AccountChange) -> AccountChange:
    try:
        with transaction.atomic():
            change.save()
    except IntegrityError:
        raise ValidationError(
            _("A change of this kind to this account is already waiting. Decide that one first.")
        ) from None
    return change


def _user_without_password(*, email: str, **fields) -> User:
    """A new account whose password no one knows: its person chooses one from a link."""
    if not email:
        raise ValidationError({"email": _("Enter their work email address")})
    user = User(email=email, **fields)
    user.set_unusable_password()
    _staff_flags(user)
    user.full_clean()
    user.save()
    return user


def account_waiting_for_approval(user: User) -> bool:
    return _open_change(user, AccountChange.Kind.NEW_ACCOUNT) is not None


@transaction.atomic
def account_request_new(
    *,
    by: User,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    agency: Agency,
    role: str,
    job_title: str = "",
) -> User:
    """Ask for a new account. It has no password: the person sets one from an emailed link.

    In a role that reads people's records or manages accounts (``ROLES_NEEDING_APPROVAL``) the
    account stays closed until a second administrator approves it; otherwise the link goes now.
    """
    _require_administrator(by)
    needs_approval = role in ROLES_NEEDING_APPROVAL
    user = _user_without_password(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
        agency=agency,
        role=role,
        is_active=not needs_approval,
    )
    detail = {"role": role, "agency": agency.public_id}
    if needs_approval:
        change = _save_change(
            AccountChange(
                user=user,
                kind=AccountChange.Kind.NEW_ACCOUNT,
                role=role,
                agency=agency,
                email=email,
                requested_by=by,
            )
        )
        _log(by, user, Action.CREATE, "new account asked for", change=change.public_id, **detail)
        _tell_approvers(asked_by=by, about=user)
    else:
        _log(by, user, Action.CREATE, "new account made", **detail)
        _send_set_up_link(user)
    return user


@transaction.atomic
def account_invite_from_server(
    *, username: str, email: str, first_name: str, last_name: str, agency: Agency, role: str
) -> User:
    """An account made by an operator on the server (``manage.py account_invite``), for an
    installation's first administrators: no approval, no password; the set-up link is emailed."""
    user = _user_without_password(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        agency=agency,
        role=role,
    )
    access_log(
        user=None,
        username="manage.py account_invite",
        action=Action.CREATE,
        record=user,
        reason="account made on the server",
        detail={"role": role, "agency": agency.public_id},
    )
    _send_set_up_link(user)
    return user


@transaction.atomic
def account_change_role_request(
    *, by: User, user: User, role: str, agency: Agency
) -> AccountChange:
    """Ask for a new role or agency for someone else; a second administrator approves it."""
    _require_administrator(by)
    _require_someone_else(by, user)
    if account_waiting_for_approval(user):
        raise ValidationError(_("This account is still waiting for approval."))
    if role == user.role and agency.pk == user.agency_id:
        raise ValidationError(_("Choose a role or an agency different from the ones they have"))
    if not role_allowed_at(role, agency.kind):
        raise ValidationError(
            {
                "role": _("%(role)s is not a role at this kind of agency (%(kind)s).")
                % {"role": Role(role).label, "kind": agency.get_kind_display()}
            }
        )
    change = _save_change(
        AccountChange(
            user=user,
            kind=AccountChange.Kind.ROLE,
            old_role=user.role,
            role=role,
            old_agency=user.agency,
            agency=agency,
            requested_by=by,
        )
    )
    _log(
        by,
        user,
        Action.UPDATE,
        "change of role or agency asked for",
        change=change.public_id,
        role=role,
        agency=agency.public_id,
    )
    _tell_approvers(asked_by=by, about=user)
    return change


@transaction.atomic
def account_change_email_request(*, by: User, user: User, email: str) -> AccountChange:
    """Ask for a new email address for someone else. Once a second administrator approves, the
    person confirms it from a link sent to the old address."""
    _require_administrator(by)
    _require_someone_else(by, user)
    if account_waiting_for_approval(user):
        raise ValidationError(_("This account is still waiting for approval."))
    if not user.email:
        raise ValidationError(
            _(
                "This account has no email address to confirm the change from. Close it and ask "
                "for a new account instead."
            )
        )
    if email.strip().lower() == user.email.strip().lower():
        raise ValidationError(
            {"email": _("Enter an email address different from their current one")}
        )
    change = _save_change(
        AccountChange(
            user=user,
            kind=AccountChange.Kind.EMAIL,
            old_email=user.email,
            email=email,
            requested_by=by,
        )
    )
    _log(by, user, Action.UPDATE, "change of email address asked for", change=change.public_id)
    _tell_approvers(asked_by=by, about=user)
    return change


@transaction.atomic
def account_reopen(*, by: User, user: User) -> AccountChange | None:
    """Reopen a closed account: at once for roles that do not need approval, otherwise once a
    second administrator approves (the change is returned)."""
    _require_administrator(by)
    _require_someone_else(by, user)
    if user.is_active:
        raise ValidationError(_("This account is open."))
    if account_waiting_for_approval(user):
        raise ValidationError(_("This account is still waiting for approval."))
    if user.role not in ROLES_NEEDING_APPROVAL:
        user.is_active = True
        user.save(update_fields=["is_active"])
        _log(by, user, Action.UPDATE, "account reopened")
        return None
    change = _save_change(
        AccountChange(user=user, kind=AccountChange.Kind.REACTIVATE, requested_by=by)
    )
    _log(by, user, Action.UPDATE, "reopening asked for", change=change.public_id)
    _tell_approvers(asked_by=by, about=user)
    return change


def _locked_change(change: AccountChange) -> AccountChange:
    return (
        AccountChange.objects.select_for_update(of=("self",))
        .select_related("user", "user__agency", "agency", "requested_by")
        .get(pk=change.pk)
    )


def _require_decider(by: User, change: AccountChange) -> None:
    _require_administrator(by)
    if by.pk == change.user_id:
        raise ValidationError(
            _("This is about your own account: another administrator must decide.")
        )
    if by.pk == change.requested_by_id:
        raise ValidationError(
            _("You asked for this: another administrator must approve or refuse it.")
        )


@transaction.atomic
def account_change_approve(*, change: AccountChange, by: User) -> AccountChange:
    """A second administrator approves: the change is made (an email change waits for the
    person to confirm it from the old address)."""
    change = _locked_change(change)
    _require_decider(by, change)
    if change.status != AccountChange.Status.PENDING:
        raise ValidationError(_("This is no longer waiting for approval."))
    user = User.objects.select_for_update(of=("self",)).get(pk=change.user_id)
    now = timezone.now()
    change.decided_by, change.decided_at = by, now
    change.status, change.done_at = AccountChange.Status.DONE, now
    Kind = AccountChange.Kind
    if change.kind in (Kind.NEW_ACCOUNT, Kind.REACTIVATE):
        user.is_active = True
        user.save(update_fields=["is_active"])
    elif change.kind == Kind.ROLE:
        if not role_allowed_at(change.role, change.agency.kind):
            raise ValidationError(
                _("That role no longer suits that agency. Refuse this and ask again.")
            )
        user.role, user.agency = change.role, change.agency
        _staff_flags(user)
        user.save(update_fields=["role", "agency", "is_staff", "is_superuser"])
    elif change.kind == Kind.EMAIL:
        change.status, change.done_at = AccountChange.Status.CONFIRMING, None
    change.save()
    _log(
        by,
        user,
        Action.REVIEW,
        "account change approved",
        change=change.public_id,
        kind=change.kind,
        asked_by=change.requested_by.username,
    )
    if change.kind == Kind.NEW_ACCOUNT:
        _send_set_up_link(user)
    elif change.kind == Kind.ROLE:
        notification_queue(recipient=user, kind=NotificationKind.ACCOUNT)
    elif change.kind == Kind.EMAIL:
        link = link_create(user=user, purpose=AccountLink.Purpose.EMAIL, change=change)
        notification_queue(
            recipient=user, kind=NotificationKind.EMAIL_CONFIRM, link=(ISSUER, link.public_id)
        )
    return change


@transaction.atomic
def account_change_refuse(*, change: AccountChange, by: User) -> AccountChange:
    """Another administrator refuses a change (or stops an email change not yet confirmed)."""
    change = _locked_change(change)
    _require_decider(by, change)
    if not change.is_open:
        raise ValidationError(_("This has already been decided."))
    change.status = AccountChange.Status.REFUSED
    change.decided_by, change.decided_at = by, timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    change.links.filter(used_at=None, withdrawn_at=None).update(withdrawn_at=timezone.now())
    _log(
        by,
        change.user,
        Action.REVIEW,
        "account change refused",
        change=change.public_id,
        kind=change.kind,
        asked_by=change.requested_by.username,
    )
    return change


@transaction.atomic
def account_change_withdraw(*, change: AccountChange, by: User) -> AccountChange:
    """The administrator who asked takes the request back."""
    change = _locked_change(change)
    _require_administrator(by)
    if by.pk != change.requested_by_id:
        raise ValidationError(_("Only the administrator who asked can withdraw this."))
    if not change.is_open:
        raise ValidationError(_("This has already been decided."))
    change.status = AccountChange.Status.WITHDRAWN
    change.save(update_fields=["status"])
    change.links.filter(used_at=None, withdrawn_at=None).update(withdrawn_at=timezone.now())
    _log(by, change.user, Action.UPDATE, "account change withdrawn", change=change.public_id)
    return change


@transaction.atomic
def account_reset(*, user: User, by: User) -> AccountLink:
    """Reset someone's sign-in: their password and authenticator stop working at once (and
    their sessions end), and a one-time link lets them set new ones."""
    _require_administrator(by)
    _require_someone_else(by, user)
    if not user.is_active:
        raise ValidationError(_("This account is closed. Reopen it first."))
    # An account never set up (its first link lapsed) is sent the first link's words again.
    was_set_up = user.last_login is not None or totp_device_confirmed(user) is not None
    user.set_unusable_password()  # also ends every session (their hash no longer matches)
    user.save(update_fields=["password"])
    TOTPDevice.objects.filter(user=user).delete()
    _log(by, user, Action.UPDATE, "sign-in reset")
    return _send_set_up_link(user, reset=was_set_up)


@transaction.atomic
def account_close(*, user: User, by: User) -> None:
    """Close an account at once: it cannot sign in, and its sessions and links end."""
    _require_administrator(by)
    _require_someone_else(by, user)
    if not user.is_active:
        raise ValidationError(_("This account is already closed."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    link_withdraw_all(user=user)
    _log(by, user, Action.UPDATE, "account closed")


@transaction.atomic
def account_password_set(*, link: AccountLink, password: str) -> User:
    """The person sets their own password from a set-up link; the link is used up, and they
    go on to set up a new authenticator (any old one is removed)."""
    link = (
        AccountLink.objects.select_for_update(of=("self",)).select_related("user").get(pk=link.pk)
    )
    if (
        link.purpose != AccountLink.Purpose.SET_UP
        or not link.is_usable()
        or not link.user.is_active
    ):
        raise ValidationError(_("This link has expired or has already been used."))
    user = link.user
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    TOTPDevice.objects.filter(user=user).delete()
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    _log(user, user, Action.UPDATE, "password set from a one-time link")
    return user


@transaction.atomic
def account_email_confirm(*, link: AccountLink) -> User:
    """The person confirms, from the old address, the new address an administrator asked for."""
    link = (
        AccountLink.objects.select_for_update(of=("self",)).select_related("user").get(pk=link.pk)
    )
    if link.purpose != AccountLink.Purpose.EMAIL or not link.is_usable() or link.change is None:
        raise ValidationError(_("This link has expired or has already been used."))
    change = _locked_change(link.change)
    if change.status != AccountChange.Status.CONFIRMING:
        raise ValidationError(_("This change has been stopped."))
    user = User.objects.select_for_update(of=("self",)).get(pk=link.user_id)
    user.email = change.email
    user.save(update_fields=["email"])
    now = timezone.now()
    link.used_at = now
    link.save(update_fields=["used_at"])
    change.status, change.done_at = AccountChange.Status.DONE, now
    change.save(update_fields=["status", "done_at"])
    _log(
        user,
        user,
        Action.UPDATE,
        "new email address confirmed from the old one",
        change=change.public_id,
    )
    notification_queue(recipient=user, kind=NotificationKind.ACCOUNT)
    return user


def account_password_changed(*, user: User) -> None:
    """Someone changed their own password (knowing the old one): logged, and they are told by
    email, in case it was not them."""
    _log(user, user, Action.UPDATE, "password changed")
    notification_queue(recipient=user, kind=NotificationKind.ACCOUNT)


def account_changes_lapse() -> int:
    """Email changes that can no longer be confirmed (their link expired or was withdrawn, for
    example when the account was closed) lapse. Run before showing changes."""
    now = timezone.now()
    alive = AccountLink.objects.filter(
        purpose=AccountLink.Purpose.EMAIL, used_at=None, withdrawn_at=None
    ).filter(Q(expires_at=None) | Q(expires_at__gt=now))
    return (
        AccountChange.objects.filter(status=AccountChange.Status.CONFIRMING)
        .exclude(pk__in=alive.values("change_id"))
        .update(status=AccountChange.Status.LAPSED)
    )


def sign_in_slowed_alert(*, username: str, addresses: int) -> None:
    """Tell the administrators (once, as the threshold is crossed) that sign-in to an account is
    being slowed because it failed from many addresses; the flagged entry is on its page."""
    user = User.objects.filter(username=username).first()
    if user is None:
        return  # no such account: slowed all the same, so that no one learns which names exist
    access_log(
        user=None,
        username=username,
        action=Action.SIGN_IN_FAILED,
        record=user,
        reason="failed sign-ins from many addresses: sign-in slowed",
        detail={"addresses": addresses},
        flagged=True,
    )
    administrators = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).exclude(
        pk=user.pk
    )
    for administrator in administrators:
        notification_queue(recipient=administrator, kind=NotificationKind.SIGN_IN_SLOWED)
