"""The demo region's action plan: objectives under its themes, actions with lead and partner
agencies, milestones (some done, some late, some at risk), progress notes, and indicators linked
to published figures. Synthetic."""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.action_plan.access import may_update
from harbour.action_plan.models import (
    Action,
    Direction,
    Indicator,
    Milestone,
    Objective,
    Status,
    Theme,
)
from harbour.action_plan.services import milestone_update
from harbour.core.seeding import DemoContext

# theme, objective, indicators (title, table set, and the figure of it with its target, if any),
# actions: (title, lead, partners, milestones: (title, days from today, status))
PLAN = [
    (
        Theme.PREVENTION,
        "Young people learn what a healthy relationship is, and where to get help",
        [],
        [
            (
                "Relationships education in every secondary school",
                "education",
                ["council:Liverpool", "council:Wirral"],
                [
                    ("Programme running in schools in all six areas", -40, Status.DONE),
                    (
                        "Sessions for teachers and youth workers in every area",
                        30,
                        Status.IN_PROGRESS,
                    ),
                ],
            ),
        ],
    ),
    (
        Theme.PROVISION,
        "Every survivor gets the same protection wherever she lives",
        [
            (
                "Follow-ups within 24 hours in every area",
                "followups.pilot",
                ("followups.within_24_hours", 80, Direction.AT_LEAST),
            ),
            ("Searches on Find support", "directory.searches", None),
        ],
        [
            (
                "24-hour IDVA follow-up in every area",
                "idva:Knowsley",
                ["police", "idva:Liverpool"],
                [
                    ("Pilot in Knowsley evaluated", -10, Status.IN_PROGRESS),
                    ("Follow-up extended to Sefton", 15, Status.NOT_STARTED),
                ],
            ),
            (
                "Commission harmful practices, sexual-violence aftercare and domestic abuse help",
                "combined_authority",
                ["harmful_practices", "sexual_violence", "outreach"],
                [
                    ("Contracts awarded from the victim services fund", -200, Status.DONE),
                    ("Quarterly returns reviewed with each provider", 45, Status.IN_PROGRESS),
                ],
            ),
        ],
    ),
    (
        Theme.PARTNERSHIP,
        "Agencies share what they need to, when they need to",
        [
            (
                "MARAC cases per 10,000 women",
                "marac.cases",
                # SafeLives' recommended volume
                ("marac.cases_per_10000", 40, Direction.AT_LEAST),
            ),
            (
                "Repeat cases are recognised",
                "marac.cases",
                # SafeLives expects 28 to 40 % of cases to be repeats; fewer suggests repeats missed
                ("marac.repeat_rate", 28, Direction.AT_LEAST),
            ),
        ],
        [
            (
                "MARAC operating protocol agreed in every area",
                "council:Liverpool",
                ["police", "hub"],
                [("Protocol signed by every partner", 60, Status.IN_PROGRESS)],
            ),
        ],
    ),
    (
        Theme.PERPETRATORS,
        "Those who cause harm are held to account and helped to change",
        [],
        [
            (
                "Behaviour change programme places in every area",
                "council:Wirral",
                ["police"],
                [("Referral route agreed with the police", 12, Status.BLOCKED)],
            ),
        ],
    ),
]


def seed(ctx: DemoContext) -> None:
    agencies = ctx.shared["agencies"]
    users = ctx.shared["users"]
    today = timezone.localdate()
    number = 0
    for theme, title, indicators, actions in PLAN:
        number += 1
        objective = Objective.objects.create(theme=theme, number=number, title=title)
        for indicator, table_set, figure in indicators:
            measure, target, direction = figure or ("", None, Direction.AT_LEAST)
            Indicator.objects.create(
                objective=objective,
                title=indicator,
                table_set=table_set,
                measure=measure,
                target=target,
                direction=direction,
            )
        for action_title, lead, partners, milestones in actions:
            action = Action.objects.create(
                objective=objective, title=action_title, lead=agencies[lead]
            )
            action.partners.set([agencies[key] for key in partners])
            for milestone_title, days, status in milestones:
                Milestone.objects.create(
                    action=action,
                    title=milestone_title,
                    due_on=today + datetime.timedelta(days=days),
                )
                if status != Status.NOT_STARTED:
                    milestone = Milestone.objects.get(action=action, title=milestone_title)
                    author = next((u for u in users.values() if may_update(u, milestone)), None)
                    if author is None:
                        Milestone.objects.filter(pk=milestone.pk).update(status=status)
                        continue
                    milestone_update(
                        milestone=milestone,
                        status=status,
                        text="Synthetic progress note for the demo.",
                        by=author,
                    )
