"""Every write in prevention: programmes, sessions and their questionnaire tallies.

Only an education provider writes, and only for its own agency's programmes; bad input changes
nothing.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.audit.services import Action, access_log
from harbour.prevention.access import is_educator, may_run
from harbour.prevention.models import Programme, Session, Stage, Tally


@transaction.atomic
def programme_create(*, name: str, description: str, by) -> Programme:
    if not is_educator(by):
        raise PermissionDenied("only an education provider adds programmes")
    if Programme.objects.filter(agency=by.agency, name=name).exists():
        raise ValidationError({"name": _("Your agency already has a programme of that name.")})
    programme = Programme(agency=by.agency, name=name, description=description, created_by=by)
    programme.full_clean()
    programme.save()
    access_log(user=by, action=Action.CREATE, record=programme, reason="education programme")
    return programme


@transaction.atomic
def session_record(
    *,
    programme: Programme,
    held_on: datetime.date,
    venue: str,
    area,
    audience: str,
    attendance: int,
    tallies: dict[str, dict[str, int]] | None = None,
    by,
) -> Session:
    """Record a session and, if given, its questionnaires before and after
    (``{"before": {"responses": 28, "recognises_yes": 12, "knows_help_yes": 9}, ...}``)."""
    if not may_run(by, programme):
        raise PermissionDenied("only the programme's own education provider records sessions")
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A session is recorded once it has been held.")})
    session = Session(
        programme=programme,
        held_on=held_on,
        venue=venue,
        area=area,
        audience=audience,
        attendance=attendance,
        recorded_by=by,
    )
    session.full_clean()
    session.save()
    for stage, counts in (tallies or {}).items():
        tally_record(session=session, stage=stage, by=by, **counts)
    access_log(user=by, action=Action.CREATE, record=session, reason="education session")
    return session


@transaction.atomic
def tally_record(
    *, session: Session, stage: str, responses: int, recognises_yes: int, knows_help_yes: int, by
) -> Tally:
    """Record (or correct) a session's questionnaires at one stage."""
    if not may_run(by, session.programme):
        raise PermissionDenied("only the programme's own education provider records answers")
    if stage not in Stage.values:
        raise ValidationError(_("Say whether the questionnaires are from before or after."))
    if responses > session.attendance:
        raise ValidationError({"responses": _("More questionnaires than people at the session.")})
    tally = Tally.objects.filter(session=session, stage=stage).first() or Tally(
        session=session, stage=stage
    )
    tally.responses = responses
    tally.recognises_yes = recognises_yes
    tally.knows_help_yes = knows_help_yes
    tally.full_clean()
    tally.save()
    return tally
