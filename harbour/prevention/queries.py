"""Reads of prevention records, each limited to what the user may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from harbour.audit.services import Action, access_log
from harbour.core.navigation import HomePanel
from harbour.prevention.access import is_educator, is_reader
from harbour.prevention.models import Programme


class ProgrammeNotFound(Exception):
    """No such programme, or not one the user may see (the same answer for both)."""


def programmes_for_user(*, user) -> QuerySet[Programme]:
    programmes = Programme.objects.select_related("agency")
    if is_reader(user):
        return programmes.all()
    if is_educator(user):
        return programmes.filter(agency=user.agency_id)
    return programmes.none()


def programme_get_for_user(*, user, programme_id: str) -> Programme:
    programme = programmes_for_user(user=user).filter(public_id=programme_id).first()
    if programme is None:
        access_log(
            user=user,
            action=Action.DENIED,
            record_type="prevention.programme",
            record_id=programme_id[:40],
            reason="not a programme of the user's",
        )
        raise ProgrammeNotFound(programme_id)
    return programme


def educator_panel(user) -> HomePanel | None:
    """The education provider's programmes, on the staff home page."""
    if not is_educator(user):
        return None
    return HomePanel(
        title=_("Your education programmes"),
        url=reverse("prevention:home"),
        count=programmes_for_user(user=user).count(),
        description=_(
            "Add a programme, record a session and its questionnaires, and read the results."
        ),
        order=40,
    )
