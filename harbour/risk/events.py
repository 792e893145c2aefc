"""The timeline event a completed checklist writes on the person's record."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from harbour.people.events import EventType, register_event_type

ASSESSED_EVENT = "risk.assessed"

register_event_type(
    EventType(
        ASSESSED_EVENT,
        _("%(tool)s completed by %(agency)s: %(level)s risk"),
        ("tool", "agency", "level"),
    )
)
