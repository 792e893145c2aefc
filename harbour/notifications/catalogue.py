"""Every message Harbour can send, in fixed words.

Messages never carry personal details (names, addresses, what happened, even which case): the
reader signs in to Harbour to see what is waiting. The only value filled in is Harbour's own
address. New kinds of message are added here, not written by callers.

A few account messages carry a one-time link instead (:data:`LINK_KINDS`): setting up an
account, a reset sign-in, confirming a new email address. The link's token is the only thing in
them that is not fixed words. It is made when the email is sent (see
:mod:`harbour.notifications.links`), so the outbox keeps the words with the link left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NEW_TASK = "new_task", _("New task")
    REMINDER = "reminder", _("Reminder of a task due soon")
    OVERDUE = "overdue", _("A task is overdue")
    ESCALATION = "escalation", _("An overdue task needs a manager")
    REFERRAL_RECEIVED = "referral_received", _("New referral for your agency")
    MEETING = "meeting", _("Meeting update")
    REVIEW = "review", _("Something needs your review")
    ACCOUNT = "account", _("Account security")
    ACCOUNT_SET_UP = "account_set_up", _("A new account to set up")
    SIGN_IN_RESET = "sign_in_reset", _("Sign-in reset")
    EMAIL_CONFIRM = "email_confirm", _("Confirm a new email address")
    ACCOUNT_APPROVAL = "account_approval", _("An account change to approve")
    SIGN_IN_SLOWED = "sign_in_slowed", _("Failed sign-ins from many addresses")


# Messages whose body carries a one-time link (and nothing else that varies).
LINK_KINDS = frozenset({Kind.ACCOUNT_SET_UP, Kind.SIGN_IN_RESET, Kind.EMAIL_CONFIRM})


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


_TEXT = {
    Kind.NEW_TASK: (_("You have a new task in Harbour"), _("You have a new task in Harbour.")),
    Kind.REMINDER: (
        _("A task in Harbour is due soon"),
        _("A task assigned to you in Harbour is due soon."),
    ),
    Kind.OVERDUE: (
        _("A task in Harbour is overdue"),
        _("A task assigned to you in Harbour is now overdue."),
    ),
    Kind.ESCALATION: (
        _("An overdue task in Harbour needs attention"),
        _("A task in your team in Harbour is overdue and needs a manager's attention."),
    ),
    Kind.REFERRAL_RECEIVED: (
        _("Your agency has a new referral in Harbour"),
        _("Your agency has received a new referral in Harbour."),
    ),
    Kind.MEETING: (
        _("A meeting in Harbour has been updated"),
        _("A meeting you are invited to in Harbour has been updated."),
    ),
    Kind.REVIEW: (
        _("Something in Harbour needs your review"),
        _("An item in Harbour is waiting for your review."),
    ),
    Kind.ACCOUNT: (
        _("Harbour account security"),
        _(
            "There has been a change to the security of your Harbour account. If you did not "
            "expect this, tell your administrator now."
        ),
    ),
    Kind.ACCOUNT_SET_UP: (
        _("Set up your Harbour account"),
        _(
            "An administrator has made a Harbour account for you. Use this link to choose your "
            "password and set up the authenticator app on your work phone. The link works once, "
            "for a limited time."
        ),
    ),
    Kind.SIGN_IN_RESET: (
        _("Your Harbour sign-in has been reset"),
        _(
            "An administrator has reset your Harbour sign-in. Your old password and your old "
            "authenticator codes no longer work. Use this link to choose a new password and set "
            "up your authenticator app again. The link works once, for a limited time. If you "
            "did not ask for this, tell your administrator now."
        ),
    ),
    Kind.EMAIL_CONFIRM: (
        _("Confirm the new email address for your Harbour account"),
        _(
            "An administrator has asked to send your Harbour emails to a new address. If you "
            "expected this, confirm it with this link. The link works once, for a limited time. "
            "If you did not expect it, do not use the link, and tell your administrator now."
        ),
    ),
    Kind.ACCOUNT_APPROVAL: (
        _("An account change in Harbour is waiting for approval"),
        _(
            "Another administrator has asked for a new account or a change to an account in "
            "Harbour. It needs a second administrator's approval."
        ),
    ),
    Kind.SIGN_IN_SLOWED: (
        _("Failed sign-ins to a Harbour account from many places"),
        _(
            "Someone has failed to sign in to one Harbour account from many different internet "
            "addresses. Harbour is slowing down sign-in to that account."
        ),
    ),
}

# What the outbox keeps in place of a one-time link: the link exists only in the email sent.
LINK_WITHHELD = _("[a one-time link, in the email only]")


def render_message(kind: str, link: str | None = None) -> Message:
    """The words of a message. For a kind in :data:`LINK_KINDS`, ``link`` is the address with
    its token (given only when the email is sent); without it the link is left out."""
    kind = Kind(kind)
    subject, first_line = _TEXT[kind]
    if kind in LINK_KINDS:
        action = str(_("Link: %(url)s") % {"url": link or LINK_WITHHELD})
    elif link is not None:
        raise ValueError(f"Messages of kind {kind} carry no link.")
    else:
        action = str(
            _("Sign in to see it: %(url)s") % {"url": settings.HARBOUR_SITE_URL + "/staff/"}
        )
    body = "\n\n".join(
        [
            str(first_line),
            action,
            str(
                _(
                    "This message does not contain any details, to keep the people we support "
                    "safe. Do not reply to it."
                )
            ),
        ]
    )
    return Message(subject=str(subject), body=body)
