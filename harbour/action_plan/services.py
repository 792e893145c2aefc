"""Writes to the action plan: the lead agency's progress on its milestones."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.action_plan.access import may_update
from harbour.action_plan.models import Milestone, ProgressNote, Status
from harbour.audit.services import Action, access_log

__all__ = ["may_update", "milestone_update"]


@transaction.atomic
def milestone_update(*, milestone: Milestone, status: str, text: str, by) -> ProgressNote:
    """Record the lead agency's progress on a milestone, and its new status."""
    milestone = Milestone.objects.select_for_update().select_related("action").get(pk=milestone.pk)
    if not may_update(by, milestone):
        raise PermissionDenied("only the lead agency's action plan lead updates its milestones")
    if status not in Status.values:
        raise ValidationError({"status": _("Choose the milestone's status.")})
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Say what has happened.")})
    milestone.status = status
    milestone.done_on = timezone.localdate() if status == Status.DONE else None
    milestone.updated_at = timezone.now()
    milestone.save(update_fields=["status", "done_on", "updated_at"])
    note = ProgressNote.objects.create(
        milestone=milestone, status=status, text=text, by=by, agency_name=by.agency.name
    )
    access_log(user=by, action=Action.UPDATE, record=milestone, reason="action plan progress")
    return note
