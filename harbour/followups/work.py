"""Work queues of the 24-hour follow-up (staff home page).

Titles carry no personal details (the time of the police visit and a short reference only):
details stay behind the follow-up's own page and its log.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from harbour.accounts.roles import Role
from harbour.core.queues import Priority, WorkItem
from harbour.followups.choices import Status
from harbour.followups.models import Followup
from harbour.followups.queries import awaiting_notice_for_officer
from harbour.followups.services import may_work_on_followups

KIND = gettext_lazy("24-hour follow-up")


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def followups_work(user) -> list[WorkItem]:
    items: list[WorkItem] = []
    if may_work_on_followups(user):
        for followup in (
            Followup.objects.filter(agency_id=user.agency_id, status=Status.OPEN)
            .select_related("local_authority")
            .order_by("due_at")
        ):
            items.append(
                WorkItem(
                    kind=KIND,
                    title=_("Visit after the police visit of %(when)s, %(area)s")
                    % {
                        "when": _when(followup.police_visited_at),
                        "area": followup.local_authority.name,
                    },
                    url=reverse("followups:detail", args=[followup.public_id]),
                    priority=Priority.URGENT,
                    due=followup.due_at,
                    created=followup.created_at,
                )
            )
    elif getattr(user, "is_authenticated", False) and user.has_role(Role.POLICE_OFFICER):
        for followup in awaiting_notice_for_officer(user=user):
            incident = followup.incident
            items.append(
                WorkItem(
                    kind=KIND,
                    title=_("Record what you told her about the IDVA follow-up: %(incident)s")
                    % {"incident": incident.label},
                    url=reverse("followups:notice", args=[incident.public_id]),
                    priority=Priority.URGENT,
                    due=followup.due_at,
                    created=followup.created_at,
                )
            )
    return items
