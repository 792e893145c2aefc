"""Queue email for users. Mail is never sent from a request: a task sends it.

    from harbour.notifications.services import notification_queue
    from harbour.notifications.catalogue import Kind
    notification_queue(recipient=idva, kind=Kind.NEW_TASK)

Only a kind is given; the words come from the catalogue and carry no personal details. A message
with a one-time link names the link's issuer and reference (see ``harbour.notifications.links``);
the link is made when the email is sent, and never stored.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from harbour.core.scheduling import enqueue_at
from harbour.notifications.catalogue import LINK_KINDS, Kind, render_message
from harbour.notifications.links import link_issuer
from harbour.notifications.models import Notification


@transaction.atomic
def notification_queue(
    *,
    recipient,
    kind: str,
    send_after: datetime | None = None,
    link: tuple[str, str] | None = None,
) -> Notification:
    """Record the message in the outbox and queue its sending, in the caller's transaction: the
    task is a row in the same database, so the message and its sending are committed together
    (or, if the transaction rolls back, neither is).

    ``link`` is ``(issuer, reference)`` for the kinds that carry a one-time link, and only them.
    """
    kind = Kind(kind)
    if (kind in LINK_KINDS) != (link is not None):
        needs = "need a" if kind in LINK_KINDS else "take no"
        raise ValueError(f"Messages of kind {kind} {needs} link.")
    issuer, ref = link or ("", "")
    if issuer:
        link_issuer(issuer)  # refuse an unknown issuer now, not when sending
    message = render_message(kind)
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        subject=message.subject,
        body=message.body,
        link_issuer=issuer,
        link_ref=ref,
    )
    _enqueue(notification, send_after)
    return notification


def notification_queue_for_agency(*, agency, kind: str, roles: set[str] | None = None) -> int:
    """Queue one message to each active user of an agency (optionally of some roles)."""
    users = agency.users.filter(is_active=True)
    if roles:
        users = users.filter(role__in=roles)
    count = 0
    for user in users:
        notification_queue(recipient=user, kind=kind)
        count += 1
    return count


def _enqueue(notification: Notification, send_after: datetime | None) -> None:
    from harbour.notifications.tasks import send_notification

    result = enqueue_at(send_notification, send_after, notification.pk)
    notification.task_id = str(result.id)
    Notification.objects.filter(pk=notification.pk).update(task_id=notification.task_id)
