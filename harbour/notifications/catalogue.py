"""Every message Harbour can send, in fixed words.

Messages never carry personal details (names, addresses, what happened, even which case): the
reader signs in to Harbour to see what is waiting. The only value filled in is Harbour's own
address. New kinds of message are added here, not written by callers.
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
}


def render_message(kind: str) -> Message:
    subject, first_line = _TEXT[Kind(kind)]
    body = "\n\n".join(
        [
            str(first_line),
            str(_("Sign in to see it: %(url)s") % {"url": settings.HARBOUR_SITE_URL + "/staff/"}),
            str(
                _(
                    "This message does not contain any details, to keep the people we support "
                    "safe. Do not reply to it."
                )
            ),
        ]
    )
    return Message(subject=str(subject), body=body)
