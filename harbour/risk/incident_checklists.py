"""What risk supplies to the incident pages and the officer's queue (incidents sit below risk
and never import it; see ``harbour.incidents.checklists``)."""

from __future__ import annotations

from django.urls import reverse

from harbour.incidents.checklists import ChecklistSource
from harbour.risk.queries import assessed_incident_ids, assessments_for_incident

POLICE_CHECKLIST = "police-checklist"


def police_checklist_url(*, incident) -> str:
    """The police checklist for the victim of ``incident``, completed for that incident."""
    url = reverse("risk:new", args=[POLICE_CHECKLIST, incident.victim.public_id])
    return f"{url}?incident={incident.public_id}"


source = ChecklistSource(
    for_incident=assessments_for_incident,
    assessed=assessed_incident_ids,
    new_url=police_checklist_url,
)
