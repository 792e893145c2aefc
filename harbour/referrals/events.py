"""Event types: on a person's timeline (``harbour.people.events``) and on a referral."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from harbour.people.events import EventType, register_event_type


class Event:
    SENT = "referrals.sent"
    ACCEPTED = "referrals.accepted"
    DECLINED = "referrals.declined"
    WITHDRAWN = "referrals.withdrawn"
    CLOSED = "referrals.closed"
    SELF_REFERRAL = "referrals.self_referral"
    NEEDS_ASSESSED = "referrals.needs_assessed"


PERSON_EVENT_TYPES = (
    EventType(Event.SENT, _("Referred to %(agency)s by %(sender)s"), ("agency", "sender")),
    EventType(Event.ACCEPTED, _("Referral to %(agency)s accepted"), ("agency",)),
    EventType(
        Event.DECLINED, _("Referral to %(agency)s declined: %(reason)s"), ("agency", "reason")
    ),
    EventType(Event.WITHDRAWN, _("Referral to %(agency)s withdrawn"), ("agency",)),
    EventType(Event.CLOSED, _("Referral to %(agency)s closed: %(outcome)s"), ("agency", "outcome")),
    EventType(
        Event.SELF_REFERRAL, _("She asked %(agency)s for help herself (self-referral)"), ("agency",)
    ),
    EventType(Event.NEEDS_ASSESSED, _("Needs assessment by %(agency)s"), ("agency",)),
)

# The same sentences serve the referral's own history.
REFERRAL_EVENT_SENTENCES = {event.code: event for event in PERSON_EVENT_TYPES}


def register() -> None:
    for event in PERSON_EVENT_TYPES:
        register_event_type(event)
