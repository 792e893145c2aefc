"""Test factories for prevention (synthetic data): a programme of an education provider, and
sessions with questionnaire tallies, made through the services."""

from __future__ import annotations

import datetime
import itertools

from harbour.prevention.models import Audience
from harbour.prevention.services import programme_create, session_record
from harbour.regions.models import LocalAuthority

_numbers = itertools.count(1)


def programme_make(*, by, name: str | None = None):
    return programme_create(
        name=name or f"Programme {next(_numbers)}", description="Relationships education.", by=by
    )


def area_make(name: str | None = None) -> LocalAuthority:
    number = next(_numbers)
    return LocalAuthority.objects.create(
        gss_code=f"E0{8000500 + number:07d}", name=name or f"Area {number}"
    )


def session_make(
    *,
    programme,
    by,
    area=None,
    audience: str = Audience.YOUNG_PEOPLE,
    attendance: int = 30,
    before: tuple[int, int, int] | None = None,
    after: tuple[int, int, int] | None = None,
    held_on: datetime.date | None = None,
):
    """``before`` and ``after``: (questionnaires, recognise yes, know where to get help yes)."""
    tallies = {}
    for stage, values in (("before", before), ("after", after)):
        if values:
            tallies[stage] = dict(
                zip(("responses", "recognises_yes", "knows_help_yes"), values, strict=True)
            )
    return session_record(
        programme=programme,
        held_on=held_on or datetime.date(2026, 10, 1),
        venue=f"School {next(_numbers)}",
        area=area or area_make(),
        audience=audience,
        attendance=attendance,
        tallies=tallies,
        by=by,
    )
