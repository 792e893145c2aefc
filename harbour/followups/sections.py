"""The follow-up section of her record: the police who recorded the incident see whether she
was told and when the visit is due; the IDVA service assigned opens the follow-up."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from harbour.accounts.roles import Role
from harbour.followups.choices import SHARED_STATUSES
from harbour.followups.models import Followup
from harbour.followups.services import may_work_on_followups
from harbour.people.sections import PersonSection


def followup_section(user, person) -> PersonSection | None:
    followups = Followup.objects.filter(person_id=person.pk).select_related(
        "agency", "incident", "local_authority"
    )
    rows = []
    for followup in followups.order_by("-police_visited_at"):
        if may_work_on_followups(user) and user.agency_id == followup.agency_id:
            if followup.status in SHARED_STATUSES:
                rows.append((followup, "idva"))
        elif (
            user.has_role(Role.POLICE_OFFICER)
            and user.agency_id == followup.incident.recorded_by_agency_id
        ):
            rows.append((followup, "police"))
    if not rows:
        return None
    return PersonSection(
        title=_("24-hour follow-up"),
        template="followups/_person_section.html",
        context={"rows": rows},
        order=15,
    )
