"""Panels on the staff home page: the agency's people, and reviews waiting."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from harbour.accounts.roles import Role
from harbour.core.navigation import HomePanel


def people_panel(user) -> HomePanel | None:
    from harbour.people.models import Involvement
    from harbour.people.queries import may_work_with_people

    if not may_work_with_people(user):
        return None
    count = (
        Involvement.objects.active()
        .filter(agency_id=user.agency_id)
        .values("person_id")
        .distinct()
        .count()
    )
    return HomePanel(
        title=_("People your agency works with"),
        url=reverse("people:list"),
        count=count,
        description=_("Find a person, or record a new one."),
        order=20,
    )


def reviews_panel(user) -> HomePanel | None:
    if not user.has_role(Role.ADMINISTRATOR):
        return None
    from harbour.people.queries import reviews_open

    waiting = reviews_open().exclude(subject_user=user).count()
    return HomePanel(
        title=_("Access reviews waiting"),
        url=reverse("people:reviews"),
        count=waiting,
        description=_("Emergency overrides, linked records and unusual activity."),
        urgent=waiting > 0,
        order=10,
    )
