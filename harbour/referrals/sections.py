"""The referrals section of the person page: her referrals that the user's agency sent or
received, and the way to refer her."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from harbour.people.sections import PersonSection
from harbour.referrals.queries import person_referrals_for_user


def referrals_section(user, person) -> PersonSection | None:
    """Shown to casework users reading her record (the people getter has applied need-to-know
    and logged the read); the list holds only referrals their own agency sent or received."""
    from harbour.people.queries import may_work_with_people

    if not may_work_with_people(user):
        return None
    return PersonSection(
        title=_("Referrals"),
        template="referrals/_person_section.html",
        context={"referrals": person_referrals_for_user(user=user, person=person)},
        order=30,
    )
