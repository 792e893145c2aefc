"""The MARAC section of the person page: her referrals and where they have got to."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from harbour.marac.queries import coordinated_maracs, person_marac_for_user
from harbour.people.sections import PersonSection


def marac_section(user, person) -> PersonSection | None:
    """Shown to casework users reading her record (the people getter applied need-to-know and
    logged the read). Coordinators may refer her from here."""
    from harbour.people.queries import may_work_with_people

    if not may_work_with_people(user):
        return None
    rows = person_marac_for_user(user=user, person=person)
    maracs = list(coordinated_maracs(user))
    waiting = any(row.referral.is_waiting for row in rows)
    if not rows and not maracs:
        return None
    return PersonSection(
        title=_("MARAC"),
        template="marac/_person_section.html",
        context={"rows": rows, "may_refer": bool(maracs) and not waiting},
        order=35,
    )
