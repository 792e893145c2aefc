"""The counts behind the published figures, and the shares the figures page shows.

Population: police-recorded incidents confirmed as domestic abuse whose first police visit
falls in a quarter (UK time), from the quarter in which the first scheme started. Each quarter
is released once, a fortnight after it ends, and stored; a late record or a correction appears
only in a revision. The figures since the start are the sum of the released quarters, never a
running total.

Shares are worked out from the **published** counts (after suppression), and are withheld when
any count they need is withheld or fewer than the minimum number of cases are behind them.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.followups.choices import Status
from harbour.followups.models import FollowupScheme
from harbour.statistics.periods import Period

TABLE_SET = "followups.pilot"

GROUPS = [
    ("pilot", _("With a 24-hour follow-up")),
    ("comparison", _("Without (areas or days outside the pilot)")),
]
VISITS = [
    ("within", _("Visited within 24 hours")),
    ("later", _("Visited after 24 hours")),
    ("not_visited", _("Not visited")),
    ("declined", _("Declined, or not shared")),
    ("none", _("No follow-up")),
]
DECISIONS = [
    ("yes", _("Supports a prosecution")),
    ("no", _("Does not support a prosecution")),
    ("undecided", _("Not decided")),
    ("none", _("No decision recorded")),
]
POLICE_SUPPORT = [
    ("yes", _("Supports police action")),
    ("no", _("Does not support police action")),
    ("undecided", _("Not decided")),
]


def first_day() -> datetime.date | None:
    """The day the first scheme started: where the series starts."""
    return FollowupScheme.objects.aggregate(first=Min("starts_on"))["first"]


def structural_zeros(period: Period):
    """Cells that are zero by design in ``period``: an incident without a follow-up has no visit
    and no IDVA decision; one with a follow-up always has a visit; and an area whose scheme had
    not started by the end of the period has no follow-ups at all."""
    piloted = set(
        FollowupScheme.objects.filter(starts_on__lt=period.end).values_list(
            "local_authority__gss_code", flat=True
        )
    )

    def is_zero(keys: dict[str, str]) -> bool:
        if keys["group"] == "comparison":
            return keys["visit"] != "none" or keys["decision"] != "none"
        return keys["visit"] == "none" or keys["area"] not in piloted

    return is_zero


def _visit(followup) -> str:
    if followup is None:
        return "none"
    status, visited_at, due_at = followup
    if status == Status.VISITED:
        return "within" if visited_at <= due_at else "later"
    if status in (Status.DECLINED, Status.NOT_SHARED):
        return "declined"
    return "not_visited"


def cube_counts(period: Period) -> Counter:
    """{(gss code, group, visit, decision, police at the visit, police latest): count} for the
    incidents whose first police visit falls in ``period``."""
    from harbour.followups.models import Followup
    from harbour.incidents.choices import IncidentKind
    from harbour.incidents.models import Incident, SupportForAction

    span = period.datetimes(timezone.get_current_timezone())
    counts: Counter = Counter()
    incidents = list(
        Incident.objects.filter(
            kind=IncidentKind.POLICE,
            domestic_abuse=True,
            visited_at__gte=span[0],
            visited_at__lt=span[1],
        ).values_list("id", "local_authority__gss_code", "supports_action")
    )
    ids = [row[0] for row in incidents]
    followups = {
        f["incident_id"]: f
        for f in Followup.objects.filter(incident_id__in=ids).values(
            "incident_id", "status", "visited_at", "due_at", "supports_prosecution"
        )
    }
    first_answer: dict[int, str] = {}
    for incident_id, value in (
        SupportForAction.objects.filter(incident_id__in=ids)
        .order_by("recorded_at", "id")
        .values_list("incident_id", "value")
    ):
        first_answer.setdefault(incident_id, value)
    for incident_id, gss_code, latest in incidents:
        followup = followups.get(incident_id)
        visit = _visit(
            (followup["status"], followup["visited_at"], followup["due_at"]) if followup else None
        )
        decision = (followup or {}).get("supports_prosecution") or "none"
        counts[
            (
                gss_code,
                "pilot" if followup else "comparison",
                visit,
                decision,
                first_answer.get(incident_id, latest),
                latest,
            )
        ] += 1
    return counts


# The page ----------------------------------------------------------------------------------


@dataclass
class AreaFigures:
    name: str
    in_pilot: bool
    incidents: object
    followups: object
    within_share: object
    supports_share: object
    police_latest_share: object


@dataclass
class GroupFigures:
    label: str
    incidents: object
    initial_share: object
    latest_share: object


TABLE_ORDER = (
    "by_area_group",
    "by_area_visit",
    "by_area_decision",
    "by_group_police_initial",
    "by_group_police_latest",
    "by_area_police_latest",
)


def _summary(tables: dict) -> tuple[list[AreaFigures], list[GroupFigures]]:
    """Figures by area and by group from protected tables (a release, or a sum of them)."""
    from harbour.statistics.derived import share
    from harbour.statistics.tables import TOTAL

    by_group = tables["by_area_group"]
    visits = tables["by_area_visit"]
    decisions = tables["by_area_decision"]
    latest = tables["by_area_police_latest"]
    rules = by_group.rules
    areas = []
    area_dimension = by_group.dimension("area")
    for key in area_dimension.categories:
        areas.append(
            AreaFigures(
                name=str(area_dimension.label_for(key)),
                in_pilot=not by_group.cell(key, "pilot").structural,
                incidents=by_group.cell(key, TOTAL),
                followups=by_group.cell(key, "pilot"),
                within_share=share(
                    visits.cell(key, "within"),
                    [visits.cell(key, v) for v in ("within", "later", "not_visited")],
                    rules=rules,
                ),
                supports_share=share(
                    decisions.cell(key, "yes"),
                    [decisions.cell(key, d) for d in ("yes", "no", "undecided")],
                    rules=rules,
                ),
                police_latest_share=share(
                    latest.cell(key, "yes"), [latest.cell(key, TOTAL)], rules=rules
                ),
            )
        )
    initial = tables["by_group_police_initial"]
    latest_group = tables["by_group_police_latest"]
    groups = [
        GroupFigures(
            label=str(label),
            incidents=initial.cell(key, TOTAL),
            initial_share=share(initial.cell(key, "yes"), [initial.cell(key, TOTAL)], rules=rules),
            latest_share=share(
                latest_group.cell(key, "yes"), [latest_group.cell(key, TOTAL)], rules=rules
            ),
        )
        for key, label in GROUPS
    ]
    return areas, groups


ALL = "all"


def figures_for_page(period_key: str | None = None) -> dict:
    """The page, read from storage only: one quarter's release (the latest, or
    ``period_key``), or with ``period_key="all"`` every released quarter added up."""
    from harbour.statistics.releases import releases_current, sum_of_releases

    releases = releases_current(name=TABLE_SET)
    if not releases:
        return {"releases": []}
    same = [r for r in releases if r.dimensions == releases[-1].dimensions]
    chosen = next((r for r in releases if r.key == period_key), releases[-1])
    if period_key == ALL:
        tables = {name: sum_of_releases(same, name, name=name) for name in TABLE_ORDER}
    else:
        tables = chosen.protected_tables()
    areas, groups = _summary(tables)
    return {
        "releases": releases,
        "release": None if period_key == ALL else chosen,
        "all": ALL,
        "first": same[0],
        "last": same[-1],
        "areas": areas,
        "groups": groups,
        "tables": [tables[name] for name in TABLE_ORDER],
    }
