"""Reads of the action plan: the board's view, an agency's commitments, reminders."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from harbour.action_plan.models import (
    REMIND_DAYS,
    Action,
    Milestone,
    Objective,
    Status,
    Theme,
)
from harbour.statistics.releases import releases_current


def milestones_for_agency(agency_id: int | None) -> QuerySet[Milestone]:
    """Milestones of actions the agency leads, open ones first by due date."""
    if agency_id is None:
        return Milestone.objects.none()
    return (
        Milestone.objects.filter(action__lead_id=agency_id)
        .exclude(status=Status.DONE)
        .select_related("action", "action__objective")
    )


def actions_with_partner(agency_id: int | None) -> QuerySet[Action]:
    if agency_id is None:
        return Action.objects.none()
    return Action.objects.filter(partners=agency_id).select_related("lead", "objective")


def reminders_due(agency_id: int | None, today: datetime.date | None = None) -> list[Milestone]:
    """Open milestones of the agency due within ``REMIND_DAYS`` days, or late."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REMIND_DAYS)
    return list(milestones_for_agency(agency_id).filter(due_on__lte=horizon))


@dataclass
class ThemeBlock:
    theme: str
    label: str
    objectives: list[Objective] = field(default_factory=list)


def plan(today: datetime.date | None = None) -> tuple[list[ThemeBlock], Counter]:
    """The whole plan grouped by theme, and how many milestones are in each state."""
    today = today or timezone.localdate()
    objectives = Objective.objects.prefetch_related(
        Prefetch(
            "actions",
            queryset=Action.objects.select_related("lead").prefetch_related(
                "partners",
                Prefetch("milestones", queryset=Milestone.objects.prefetch_related("notes")),
            ),
        ),
        "indicators",
    )
    blocks = {value: ThemeBlock(value, str(label)) for value, label in Theme.choices}
    counts: Counter = Counter()
    for objective in objectives:
        blocks[objective.theme].objectives.append(objective)
        for action in objective.actions.all():
            for milestone in action.milestones.all():
                counts[milestone.progress(today)] += 1
    return [block for block in blocks.values() if block.objectives], counts


def latest_release_label(table_set: str) -> str | None:
    releases = releases_current(name=table_set, last=1)
    return releases[0].label if releases else None
