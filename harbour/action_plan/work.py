"""Reminders before a milestone falls due, as work-queue tasks for the lead agency's action plan
lead, and the home page's panel of the agency's own commitments."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.action_plan.access import is_lead, is_reader
from harbour.action_plan.queries import actions_with_partner, milestones_for_agency, reminders_due
from harbour.core.navigation import HomePanel
from harbour.core.queues import Priority, WorkItem


def milestone_reminders(user) -> list[WorkItem]:
    if not is_lead(user):
        return []
    items = []
    for milestone in reminders_due(getattr(user, "agency_id", None)):
        due = timezone.make_aware(datetime.datetime.combine(milestone.due_on, datetime.time(17)))
        items.append(
            WorkItem(
                kind=_("Action plan milestone"),
                title=milestone.title,
                url=reverse("action_plan:milestone", args=[milestone.public_id]),
                priority=Priority.NORMAL,
                due=due,
                detail=milestone.action.title,
            )
        )
    return items


def commitments_panel(user) -> HomePanel | None:
    """Every reader of the plan sees the commitments of its agency; the action plan lead's
    items open the milestone's update page, everyone else's the agency's part of the plan."""
    if not is_reader(user):
        return None
    lead = is_lead(user)
    mine = reverse("action_plan:board") + "?agency=mine"
    agency_id = getattr(user, "agency_id", None)
    open_milestones = list(milestones_for_agency(agency_id))
    partner_of = actions_with_partner(agency_id).count()
    if not open_milestones and not partner_of:
        return None
    late = [m for m in open_milestones if m.progress() == "late"]
    return HomePanel(
        title=_("Your agency's action plan commitments"),
        url=mine,
        count=len(open_milestones),
        description=_(
            "Open milestones of actions your agency leads; it is a partner in %(n)s more."
        )
        % {"n": partner_of},
        urgent=bool(late),
        order=65,
        items=[
            (
                f"{m.title} ({m.due_on:%d/%m/%Y}, {m.get_progress_display()})",
                reverse("action_plan:milestone", args=[m.public_id])
                if lead
                else f"{mine}#milestone-{m.public_id}",
            )
            for m in open_milestones[:5]
        ],
    )
