"""Timeline event types of the 24-hour follow-up (registered on import, from ``ready``).

Parameters carry agency names and coded values only, never what she said.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from harbour.people.events import EventType, register_event_type


class Event:
    OFFERED = "followups.offered"
    DECLINED = "followups.declined"
    NOT_SHARED = "followups.not_shared"
    VISITED = "followups.visited"
    DECISION = "followups.decision"
    WITHDRAWN = "followups.withdrawn"
    CLOSED = "followups.closed"


for _event in (
    EventType(
        Event.OFFERED, _("24-hour follow-up: shared with %(agency)s for a visit"), ("agency",)
    ),
    EventType(
        Event.DECLINED,
        _("24-hour follow-up declined: she did not want %(agency)s to contact her"),
        ("agency",),
    ),
    EventType(
        Event.NOT_SHARED,
        _("24-hour follow-up not shared with %(agency)s: she could not be asked"),
        ("agency",),
    ),
    EventType(Event.VISITED, _("24-hour follow-up visit by %(agency)s"), ("agency",)),
    EventType(Event.DECISION, _("Her decision on a prosecution: %(decision)s"), ("decision",)),
    EventType(
        Event.WITHDRAWN,
        _("24-hour follow-up by %(agency)s no longer needed: not domestic abuse"),
        ("agency",),
    ),
    EventType(
        Event.CLOSED,
        _("24-hour follow-up closed by %(agency)s without a visit: %(reason)s"),
        ("agency", "reason"),
    ),
):
    register_event_type(_event)
