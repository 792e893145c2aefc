"""The police officer's work queue: what her incidents still need.

Titles carry no personal details (an incident's date and reference only): the queue is shown
on the staff home page, and details stay behind the incident's own page and its log.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from harbour.core.queues import Priority, WorkItem
from harbour.incidents import conf
from harbour.incidents.choices import ActionKind
from harbour.incidents.queries import incidents_needing_steps, open_actions_for_officer
from harbour.incidents.services import may_record_police_incidents

KIND_CHILDREN = gettext_lazy("Children")
KIND_INCIDENT = gettext_lazy("Incident")


def _name(incident) -> str:
    return incident.label


def police_work(user) -> list[WorkItem]:
    if not may_record_police_incidents(user):
        return []
    items = []
    for action in open_actions_for_officer(user=user):
        incident = action.incident
        title = (
            _("Tell the school about the %(incident)s")
            if action.kind == ActionKind.SCHOOL_NOTICE
            else _("Refer the children to children's social care: %(incident)s")
        ) % {"incident": _name(incident)}
        items.append(
            WorkItem(
                kind=KIND_CHILDREN,
                title=title,
                url=reverse("incidents:detail", args=[incident.public_id]) + "#actions",
                priority=Priority.URGENT,
                due=action.due_at,
                created=action.created_at,
            )
        )
    hours = datetime.timedelta(hours=conf.checklist_hours())
    for incident in incidents_needing_steps(user=user):
        if incident.domestic_abuse is None:
            title = _("Confirm whether the %(incident)s is domestic abuse")
        else:
            title = _("Complete the risk checklist for the %(incident)s")
        items.append(
            WorkItem(
                kind=KIND_INCIDENT,
                title=title % {"incident": _name(incident)},
                url=reverse("incidents:detail", args=[incident.public_id]),
                priority=Priority.HIGH,
                due=incident.visited_at + hours,
                created=incident.recorded_at,
            )
        )
    return items
