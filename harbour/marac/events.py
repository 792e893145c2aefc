"""Timeline event types of MARAC (registered on import, from ``MaracConfig.ready``).

Parameters carry the MARAC's name, dates and coded values only, never what was shared.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from harbour.people.events import EventType, register_event_type


class Event:
    REFERRED = "marac.referred"
    REASON_ADDED = "marac.reason_added"
    LISTED = "marac.listed"
    UNLISTED = "marac.unlisted"
    HEARD = "marac.heard"
    CLOSED = "marac.closed"
    WITHDRAWN = "marac.withdrawn"


for _event in (
    EventType(
        Event.REFERRED, _("Referred to MARAC (%(area)s): %(criteria)s"), ("area", "criteria")
    ),
    EventType(Event.REASON_ADDED, _("MARAC referral updated: %(reason)s"), ("reason",)),
    EventType(Event.LISTED, _("Listed for the %(marac)s on %(date)s"), ("marac", "date")),
    EventType(
        Event.UNLISTED,
        _("The %(marac)s meeting on %(date)s was cancelled: waiting for another meeting"),
        ("marac", "date"),
    ),
    EventType(Event.HEARD, _("%(marac)s: %(outcome)s"), ("marac", "outcome")),
    EventType(Event.CLOSED, _("MARAC case closed: %(outcome)s"), ("outcome",)),
    EventType(Event.WITHDRAWN, _("MARAC referral withdrawn"), ()),
):
    register_event_type(_event)
