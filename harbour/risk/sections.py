"""The risk section of the person page: her assessments, and the checklists the user may
complete."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from harbour.people.sections import PersonSection
from harbour.risk.queries import assessments_for_person, risk_tools_for_user


def assessments_section(user, person) -> PersonSection | None:
    assessments = list(assessments_for_person(person=person)[:20])
    tools = risk_tools_for_user(user=user)
    if not (assessments or tools):
        return None
    return PersonSection(
        title=_("Risk assessments"),
        template="risk/_person_section.html",
        context={"assessments": assessments, "tools": tools},
        order=20,
    )
