"""Types of event on a person's timeline.

Each type has a code, a translated sentence built from the event's parameters, and the
parameters it may carry. Parameters hold no personal data beyond what every reader of the
record may see: field names, agency names, codes. Other apps register their own types in their
``AppConfig.ready()``::

    from harbour.people.events import EventType, register_event_type
    register_event_type(EventType("referrals.sent", _("Referred to %(agency)s"), ("agency",)))

and write events with ``harbour.people.services.person_event_add``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EventType:
    code: str
    sentence: str | Promise  # %-format with the event's parameters
    parameters: tuple[str, ...] = ()

    def describe(self, parameters: dict) -> str:
        values = {name: parameters.get(name, "") for name in self.parameters}
        try:
            return str(self.sentence) % values
        except (KeyError, TypeError, ValueError):
            return str(self.sentence)


_types: dict[str, EventType] = {}


def register_event_type(event_type: EventType) -> None:
    existing = _types.get(event_type.code)
    if existing is not None and existing != event_type:
        raise ValueError(f"event type {event_type.code!r} is already registered differently")
    _types[event_type.code] = event_type


def event_type(code: str) -> EventType:
    try:
        return _types[code]
    except KeyError:
        raise KeyError(f"unknown timeline event type {code!r}") from None


def describe(code: str, parameters: dict) -> str:
    known = _types.get(code)
    return known.describe(parameters) if known else code


class Event:
    """The people app's own event types."""

    CREATED = "people.created"
    CORRECTED = "people.corrected"
    SAFE_CONTACT_UPDATED = "people.safe_contact_updated"
    INVOLVEMENT_ADDED = "people.involvement_added"
    INVOLVEMENT_ENDED = "people.involvement_ended"
    LINKED = "people.linked"
    SHARED = "people.shared"
    SHARE_STOPPED = "people.share_stopped"
    AGREEMENT_RECORDED = "people.agreement_recorded"
    AGREEMENT_WITHDRAWN = "people.agreement_withdrawn"
    RESTRICTED = "people.restricted"
    UNRESTRICTED = "people.unrestricted"
    NAMED_USER_ADDED = "people.named_user_added"
    NAMED_USER_REMOVED = "people.named_user_removed"
    EMERGENCY_ACCESS = "people.emergency_access"
    EMERGENCY_ACCESS_ENDED = "people.emergency_access_ended"


for _event in (
    EventType(Event.CREATED, _("Record created by %(agency)s"), ("agency",)),
    EventType(Event.CORRECTED, _("Record corrected: %(fields)s"), ("fields",)),
    EventType(Event.SAFE_CONTACT_UPDATED, _("Safe-contact preferences updated")),
    EventType(Event.INVOLVEMENT_ADDED, _("%(agency)s involved: %(kind)s"), ("agency", "kind")),
    EventType(
        Event.INVOLVEMENT_ENDED,
        _("%(agency)s no longer involved (%(kind)s): %(reason)s"),
        ("agency", "kind", "reason"),
    ),
    EventType(
        Event.LINKED, _("%(agency)s linked to this record after a duplicate check"), ("agency",)
    ),
    EventType(
        Event.SHARED,
        _("Shared with %(agency)s for %(purpose)s (%(basis)s)"),
        ("agency", "purpose", "basis"),
    ),
    EventType(
        Event.SHARE_STOPPED, _("Sharing with %(agency)s stopped: %(reason)s"), ("agency", "reason")
    ),
    EventType(
        Event.AGREEMENT_RECORDED,
        _("Her agreement to share with %(agencies)s recorded (%(how)s)"),
        ("agencies", "how"),
    ),
    EventType(
        Event.AGREEMENT_WITHDRAWN,
        _("She withdrew her agreement to share with %(agencies)s (%(how)s)"),
        ("agencies", "how"),
    ),
    EventType(Event.RESTRICTED, _("Record restricted to named users")),
    EventType(Event.UNRESTRICTED, _("Restriction lifted")),
    EventType(Event.NAMED_USER_ADDED, _("%(user)s named on the restricted record"), ("user",)),
    EventType(
        Event.NAMED_USER_REMOVED, _("%(user)s removed from the restricted record"), ("user",)
    ),
    EventType(
        Event.EMERGENCY_ACCESS, _("Emergency access by %(user)s (%(agency)s)"), ("user", "agency")
    ),
    EventType(Event.EMERGENCY_ACCESS_ENDED, _("Emergency access by %(user)s ended"), ("user",)),
):
    register_event_type(_event)
