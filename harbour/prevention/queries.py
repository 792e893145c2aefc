"""Reads of prevention records, each limited to what the user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from harbour.audit.services import Action, access_log
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
