"""One-time links emailed to a person: to set up their account (new, or after a reset), or to
confirm a new email address from the old one.

A link is created when it is wanted, and its token is made only when the email is sent
(:func:`link_issue`, registered with ``harbour.notifications.links``): a random 256-bit token, of
which only the SHA-256 hash is kept. The token is in the emailed address and nowhere else. A link
works once, for ``HARBOUR_ACCOUNT_LINK_HOURS`` after it was sent; a newer link of the same purpose
replaces it. See decision 0023.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.models import AccountChange, AccountLink, User

ISSUER = "accounts.link"
TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def link_create(*, user: User, purpose: str, change: AccountChange | None = None) -> AccountLink:
    """A new link for ``user``; earlier links of the same purpose stop working."""
    link_withdraw_all(user=user, purpose=purpose)
    return AccountLink.objects.create(user=user, purpose=purpose, change=change)


def link_withdraw_all(*, user: User, purpose: str | None = None) -> int:
    links = AccountLink.objects.filter(user=user, used_at=None, withdrawn_at=None)
    if purpose:
        links = links.filter(purpose=purpose)
    return links.update(withdrawn_at=timezone.now())


@transaction.atomic
def link_issue(link_id: str) -> str | None:
    """Make the link's token as its email is sent: the path with the token, or ``None`` if the
    link is no longer wanted (used, withdrawn, its change stopped, the account closed)."""
    link = (
        AccountLink.objects.select_for_update(of=("self",))
        .select_related("user", "change")
        .filter(public_id=link_id)
        .first()
    )
    if link is None or link.used_at or link.withdrawn_at or not link.user.is_active:
        return None
    if link.change is not None and link.change.status != AccountChange.Status.CONFIRMING:
        return None
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = timezone.now()
    link.token_hash = token_hash(token)
    link.issued_at = now
    link.expires_at = now + timedelta(hours=settings.HARBOUR_ACCOUNT_LINK_HOURS)
    link.save(update_fields=["token_hash", "issued_at", "expires_at"])
    return reverse("accounts:link", args=[token])


def link_find(token: str, *, for_update: bool = False) -> AccountLink | None:
    """The link a token opens, if it still works."""
    if not token or len(token) > 100:
        return None
    links = AccountLink.objects.select_related("user", "change")
    if for_update:
        links = links.select_for_update(of=("self",))
    link = links.filter(token_hash=token_hash(token)).first()
    if link is None or not link.is_usable() or not link.user.is_active:
        return None
    return link


def link_get_usable(link_id: str, *, purpose: str, for_update: bool = False) -> AccountLink | None:
    """A link by its public id (kept in the session after its token was checked), if it still
    works and is for ``purpose``."""
    links = AccountLink.objects.select_related("user", "change")
    if for_update:
        links = links.select_for_update(of=("self",))
    link = links.filter(public_id=link_id, purpose=purpose).first()
    if link is None or not link.is_usable() or not link.user.is_active:
        return None
    return link
