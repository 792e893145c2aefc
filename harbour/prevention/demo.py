"""Demo prevention: Open Stage's relationship-abuse programme (a performance and a workshop) with
sessions in schools across the region for young people, and some for the professionals who work
with them, each with its anonymous before/after questionnaire tallies. Synthetic figures.

The sessions are held in the last school year already released (its results, released by the
statistics demo, fill the results page), and two more in the current one, which the page says
are not released yet."""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.core.seeding import DemoContext
from harbour.prevention.models import Audience
from harbour.prevention.published_tables import LAG_DAYS, SCHOOL_YEAR
from harbour.prevention.services import programme_create, session_record

SCHOOLS = [
    ("Liverpool", "Riverside High School"),
    ("Liverpool", "Dockside Academy"),
    ("Knowsley", "Kirkby Park School"),
    ("Knowsley", "Halewood Brook College"),
    ("Sefton", "Bootle Marsh High"),
    ("Sefton", "Crosby Shore School"),
    ("St Helens", "Sutton Glass Academy"),
    ("St Helens", "Rainford Vale High"),
    ("Wirral", "Birkenhead Quay School"),
    ("Wirral", "Wallasey Dunes Academy"),
    ("Halton", "Widnes Bridge High"),
    ("Halton", "Runcorn Hill School"),
]
PROFESSIONAL_VENUES = [
    ("Liverpool", "City Region training centre"),
    ("Wirral", "Wirral teachers' centre"),
    ("Halton", "Halton Women's Centre"),
]


def _tally(ctx: DemoContext, n: int, before: tuple[float, float], after: tuple[float, float]):
    def stage(shares):
        responses = n - ctx.rng.randint(0, 3)
        return {
            "responses": responses,
            "recognises_yes": min(responses, round(responses * ctx.rng.uniform(*shares))),
            "knows_help_yes": min(responses, round(responses * ctx.rng.uniform(*shares))),
        }

    return {"before": stage(before), "after": stage(after)}


def seed(ctx: DemoContext) -> None:
    educator = ctx.shared["users"]["education.provider"]
    areas = ctx.shared["areas"]
    programme = programme_create(
        name="Healthy relationships: theatre and workshops",
        description="A short play about relationship abuse followed by a workshop, for pupils "
        "in years 9 to 11 and for the teachers and youth workers who work with them.",
        by=educator,
    )
    today = timezone.localdate()
    # The latest school year whose release is due by today (a month after it ends).
    released = SCHOOL_YEAR.containing(today - datetime.timedelta(days=LAG_DAYS)).previous()
    for number, (area, school) in enumerate(SCHOOLS):
        attendance = ctx.rng.randint(24, 32)
        session_record(
            programme=programme,
            held_on=released.start + datetime.timedelta(days=14 + 25 * number),
            venue=school,
            area=areas[area],
            audience=Audience.YOUNG_PEOPLE,
            attendance=attendance,
            tallies=_tally(ctx, attendance, (0.3, 0.55), (0.6, 0.85)),
            by=educator,
        )
    for number, (area, venue) in enumerate(PROFESSIONAL_VENUES):
        attendance = ctx.rng.randint(12, 18)
        session_record(
            programme=programme,
            held_on=released.start + datetime.timedelta(days=30 + 100 * number),
            venue=venue,
            area=areas[area],
            audience=Audience.PROFESSIONALS,
            attendance=attendance,
            tallies=_tally(ctx, attendance, (0.55, 0.75), (0.8, 0.95)),
            by=educator,
        )
    ctx.shared["education_programme"] = programme
    for number, (area, school) in enumerate(SCHOOLS[:2]):
        attendance = ctx.rng.randint(24, 32)
        session_record(
            programme=programme,
            held_on=today - datetime.timedelta(days=5 + 7 * number),
            venue=school,
            area=areas[area],
            audience=Audience.YOUNG_PEOPLE,
            attendance=attendance,
            tallies=_tally(ctx, attendance, (0.3, 0.55), (0.6, 0.85)),
            by=educator,
        )
