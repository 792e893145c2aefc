"""Timeline events the records app writes on her record."""

from django.utils.translation import gettext_lazy as _

from harbour.people.events import EventType

CORRECTION_REQUESTED = "records.correction_requested"
SUBJECT_ACCESS_RELEASED = "records.subject_access_released"

EVENT_TYPES = (
    EventType(
        CORRECTION_REQUESTED,
        _("She asked for a correction of her record: %(outcome)s"),
        ("outcome",),
    ),
    EventType(SUBJECT_ACCESS_RELEASED, _("A copy of her record was released to her")),
)
