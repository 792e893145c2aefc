"""The counts behind the published figures, and the shares the figures page shows.

Population: police-recorded incidents confirmed as domestic abuse whose first police visit
falls in the period: from the day the first scheme started to the end of the last complete
month (UK time). Figures are published for complete months only, so that two releases cannot be
subtracted to reveal one case.

Shares are worked out from the **published** counts (after suppression), and are withheld when
any count they need is withheld.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.followups.choices import Status
from harbour.followups.models import FollowupScheme

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


def period(
    *, today: datetime.date | None = None
) -> tuple[datetime.datetime, datetime.datetime] | None:
    """(start, end) of the published period, as aware UK times; None before any full month."""
    first = FollowupScheme.objects.aggregate(first=Min("starts_on"))["first"]
    if first is None:
        return None
    today = today or timezone.localdate()
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(today.replace(day=1), datetime.time.min, tzinfo=zone)
    if end <= start:
        return None
    return start, end


def _visit(followup) -> str:
    if followup is None:
        return "none"
    status, visited_at, due_at = followup
    if status == Status.VISITED:
        return "within" if visited_at <= due_at else "later"
    if status in (Status.DECLINED, Status.NOT_SHARED):
        return "declined"
    return "not_visited"


def cube_counts() -> Counter:
    """{(gss code, group, visit, decision, police at the visit, police latest): count}."""
    from harbour.followups.models import Followup
    from harbour.incidents.choices import IncidentKind
    from harbour.incidents.models import Incident, SupportForAction

    span = period()
    counts: Counter = Counter()
    if span is None:
        return counts
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


def _share(numerator, denominators) -> Decimal | None:
    """A percentage from published cells, or None when any is withheld or the base is 0."""
    cells = [numerator, *denominators]
    if any(cell.value is None for cell in cells):
        return None
    base = sum(cell.value for cell in denominators)
    if not base:
        return None
    return (Decimal(100) * numerator.value / base).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


@dataclass
class AreaFigures:
    name: str
    in_pilot: bool
    incidents: object
    followups: object
    within_share: Decimal | None
    supports_share: Decimal | None
    police_latest_share: Decimal | None


@dataclass
class GroupFigures:
    label: str
    incidents: object
    initial_share: Decimal | None
    latest_share: Decimal | None


def figures_for_page() -> dict:
    from harbour.statistics.registry import table_set_publish
    from harbour.statistics.tables import TOTAL

    span = period()
    if span is None:
        # Nothing is published before the pilot's first complete month; a region without areas
        # has no pilot (and no area to publish a table by).
        return {"period": None, "period_last_day": None, "areas": [], "groups": [], "tables": []}
    tables = table_set_publish(name=TABLE_SET)
    pilot_areas = set(
        FollowupScheme.objects.filter(is_active=True).values_list(
            "local_authority__gss_code", flat=True
        )
    )
    by_group = tables["by_area_group"]
    visits = tables["by_area_visit"]
    decisions = tables["by_area_decision"]
    latest = tables["by_area_police_latest"]
    areas = []
    area_dimension = by_group.dimension("area")
    for key, label in zip(area_dimension.categories, area_dimension.category_labels, strict=True):
        areas.append(
            AreaFigures(
                name=str(label),
                in_pilot=key in pilot_areas,
                incidents=by_group.cell(key, TOTAL),
                followups=by_group.cell(key, "pilot"),
                within_share=_share(
                    visits.cell(key, "within"),
                    [visits.cell(key, v) for v in ("within", "later", "not_visited")],
                ),
                supports_share=_share(
                    decisions.cell(key, "yes"),
                    [decisions.cell(key, d) for d in ("yes", "no", "undecided")],
                ),
                police_latest_share=_share(latest.cell(key, "yes"), [latest.cell(key, TOTAL)]),
            )
        )
    initial = tables["by_group_police_initial"]
    latest_group = tables["by_group_police_latest"]
    groups = [
        GroupFigures(
            label=str(label),
            incidents=initial.cell(key, TOTAL),
            initial_share=_share(initial.cell(key, "yes"), [initial.cell(key, TOTAL)]),
            latest_share=_share(latest_group.cell(key, "yes"), [latest_group.cell(key, TOTAL)]),
        )
        for key, label in GROUPS
    ]
    return {
        "period": span,
        "period_last_day": (span[1] - datetime.timedelta(days=1)) if span else None,
        "areas": areas,
        "groups": groups,
        "tables": [
            tables[name]
            for name in (
                "by_area_group",
                "by_area_visit",
                "by_area_decision",
                "by_group_police_initial",
                "by_group_police_latest",
                "by_area_police_latest",
            )
        ],
    }
