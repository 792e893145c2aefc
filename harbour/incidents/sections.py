"""The incidents section of the person page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from harbour.incidents.queries import incidents_about_person_for_user
from harbour.incidents.services import may_record_disclosures, may_record_police_incidents
from harbour.people.sections import PersonSection


def incidents_section(user, person) -> PersonSection | None:
    about = incidents_about_person_for_user(user=user, person=person)
    can_record = may_record_police_incidents(user)
    can_disclose = may_record_disclosures(user)
    if not (about.as_victim or about.as_harmer or can_record or can_disclose):
        return None
    return PersonSection(
        title=_("Incidents"),
        template="incidents/_person_section.html",
        context={
            "about": about,
            "can_record": can_record,
            "can_disclose": can_disclose,
        },
        order=10,
    )
