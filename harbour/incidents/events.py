"""Timeline event types of incidents (registered on import, from ``IncidentsConfig.ready``).

Parameters carry agency names and coded values only, never what happened.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from harbour.people.events import EventType, register_event_type


class Event:
    RECORDED = "incidents.recorded"
    DISCLOSED = "incidents.disclosed"
    NAMED_AS_HARMING = "incidents.named_as_harming"
    SUPPORT_CHANGED = "incidents.support_changed"


for _event in (
    EventType(Event.RECORDED, _("Incident recorded by %(agency)s"), ("agency",)),
    EventType(Event.DISCLOSED, _("Abuse she disclosed recorded by %(agency)s"), ("agency",)),
    EventType(
        Event.NAMED_AS_HARMING,
        _("Named by %(agency)s as harming someone in an incident"),
        ("agency",),
    ),
    EventType(Event.SUPPORT_CHANGED, _("Support for police action: %(support)s"), ("support",)),
):
    register_event_type(_event)
