"""Published prevention figures: reach (people attending) by programme, area and audience, and the
change in knowledge, released once for each school year (September to August).

Attendance is a count of people, so it leaves Harbour only as this table set, protected together
by the statistics app: a programme's reach by area and audience, and every programme's reach
by area and audience (the dashboard's), are margins of one cube. A school year is released a
month after it ends, for sessions recorded late; a session recorded after that appears only in
a revision, looked at once a year and published only when the change is safe.

The change in knowledge is a model estimate from the questionnaire tallies, which are not
published counts. It is worked out when the release is made, from the sessions held in the
year, under the same output rules as ever (``results.knowledge_change``), and stored with the
release as its ``estimates`` (decision 0052): the results page reads it, never the tallies.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping

from django.db.models import Min, Sum
from django.utils.translation import gettext_lazy as _

from harbour.prevention.models import Audience, Programme, Session
from harbour.prevention.results import knowledge_change, results_json
from harbour.regions.queries import area_categories
from harbour.statistics.periods import Period, PeriodLength
from harbour.statistics.published import ProtectedTable
from harbour.statistics.registry import DimensionSpec, TableSetSpec, table_sets
from harbour.statistics.tables import PublishedTable

NAME = "prevention.reach"
SCHOOL_YEAR = PeriodLength(12, first_month=9)
LAG_DAYS = 30


def programme_categories() -> list[tuple[str, str]]:
    """Every programme (read when a year is released), by its public id."""
    return [
        (str(public_id), name)
        for public_id, name in Programme.objects.order_by("name").values_list("public_id", "name")
    ]


def audience_categories() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in Audience.choices]


def _sessions(period: Period):
    return Session.objects.filter(held_on__gte=period.start, held_on__lt=period.end)


def reach_counts(period: Period) -> Counter:
    """{(programme, area, audience): people attending} for the sessions held in ``period``."""
    counts: Counter = Counter()
    rows = (
        _sessions(period)
        .values("programme__public_id", "area__gss_code", "audience")
        .annotate(people=Sum("attendance"))
        .values_list("programme__public_id", "area__gss_code", "audience", "people")
    )
    for programme, area, audience, people in rows:
        counts[(str(programme), area, audience)] += people
    return counts


def first_session() -> datetime.date | None:
    return Session.objects.aggregate(first=Min("held_on"))["first"]


def knowledge_at_release(period: Period, tables: Mapping[str, ProtectedTable]) -> dict:
    """For each programme and audience, the change in knowledge over the sessions held in
    ``period``, withheld under the release's rules; and each programme's number of sessions."""
    rules = tables["by_programme_area_audience"].rules
    knowledge: dict[str, dict] = {}
    sessions: dict[str, int] = {}
    for programme in Programme.objects.order_by("name"):
        key = str(programme.public_id)
        sessions[key] = _sessions(period).filter(programme=programme).count()
        knowledge[key] = {
            audience: results_json(
                knowledge_change(programme, audience=audience, rules=rules, period=period)
            )
            for audience in Audience.values
        }
    return {"knowledge": knowledge, "sessions": sessions}


table_sets.register(
    TableSetSpec(
        name=NAME,
        title=_("Prevention: people reached, and the change in knowledge"),
        dimensions=(
            DimensionSpec("programme", _("Programme"), programme_categories),
            DimensionSpec("area", _("Area"), area_categories),
            DimensionSpec("audience", _("Audience"), audience_categories),
        ),
        tables=(
            PublishedTable(
                "by_programme_area_audience",
                ("programme", "area", "audience"),
                _("People reached, by programme, area and audience"),
            ),
            PublishedTable(
                "by_area_audience", ("area", "audience"), _("People reached, by area and audience")
            ),
        ),
        counts=reach_counts,
        period=SCHOOL_YEAR,
        starts=first_session,
        lag_days=LAG_DAYS,
        revise_every_months=12,
        estimates=knowledge_at_release,
    )
)
