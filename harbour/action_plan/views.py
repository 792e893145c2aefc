"""The action plan's pages: the board's progress page, the printable report, and a milestone's
update page for its lead agency. The plan is the partnership's own and names no survivor, so
the staff who work on it read it (``access.READER_ROLES``); only the lead agency's action plan
lead updates a milestone."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from harbour.accounts.decorators import role_required
from harbour.action_plan import forms, queries, services
from harbour.action_plan.access import READER_ROLES, is_lead
from harbour.action_plan.models import Milestone, Progress
from harbour.audit.services import Action, access_log
from harbour.core.forms import apply_errors
from harbour.statistics.charts import chart

staff = role_required(*READER_ROLES)


# The colour of each state of progress in the chart, as its tag on the page.
PROGRESS_COLOURS = {
    Progress.ON_TRACK: "green",
    Progress.AT_RISK: "orange",
    Progress.LATE: "red",
    Progress.DONE: "grey",
}


def _plan_context(request: HttpRequest) -> dict:
    today = timezone.localdate()
    themes, counts = queries.plan(today)
    mine = request.GET.get("agency") == "mine"
    summary = [(Progress(value).label, value, counts.get(value, 0)) for value in Progress.values]
    return {
        "themes": themes,
        "counts": summary,
        "chart": chart(
            kind="bar",
            label=_("Chart of the plan's milestones by progress, from the table beside it"),
            labels=[label for label, _value, _count in summary],
            series=[(_("Milestones"), [count for _label, _value, count in summary])],
            colours=[PROGRESS_COLOURS[value] for _label, value, _count in summary],
        ),
        "today": today,
        "mine": mine,
        "agency_id": request.user.agency_id,
        "lead": is_lead(request.user),
        "releases": {
            indicator.table_set: queries.latest_release_label(indicator.table_set)
            for block in themes
            for objective in block.objectives
            for indicator in objective.indicators.all()
        },
    }


@require_safe
@staff
def board(request: HttpRequest) -> HttpResponse:
    return render(request, "action_plan/board.html", _plan_context(request))


@require_safe
@staff
def report(request: HttpRequest) -> HttpResponse:
    return render(request, "action_plan/report.html", _plan_context(request))


@require_http_methods(["GET", "POST"])
@staff
def milestone_update_page(request: HttpRequest, milestone_id: str) -> HttpResponse:
    milestone = (
        Milestone.objects.select_related("action", "action__lead", "action__objective")
        .filter(public_id=milestone_id)
        .first()
    )
    if milestone is None:
        return render(request, "action_plan/not_found.html", status=404)
    if not services.may_update(request.user, milestone):
        access_log(
            user=request.user,
            action=Action.DENIED,
            record=milestone,
            reason="not the lead agency's action plan lead",
        )
        raise PermissionDenied
    form = forms.MilestoneUpdateForm(request.POST or None, initial={"status": milestone.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_update(milestone=milestone, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Progress recorded."))
            return redirect("action_plan:board")
    return render(
        request,
        "action_plan/milestone.html",
        {"milestone": milestone, "form": form, "notes": milestone.notes.all()[:10]},
    )
