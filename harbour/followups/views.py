"""Staff pages of the 24-hour follow-up. Thin: parse, call a getter or a service, render.

Every page showing a follow-up reads it through ``followup_get_for_user``; a refusal renders
the same "not found" page as an identifier that does not exist. The police's notice page reads
the incident through ``incident_get_for_user`` and shows only what the police need.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from harbour.accounts.decorators import role_required
from harbour.accounts.roles import Role
from harbour.audit.services import Action, access_log
from harbour.core.forms import apply_errors
from harbour.followups import figures, forms, queries, rules, services
from harbour.followups.choices import ReferralService, Status
from harbour.incidents.checklists import checklist_url, checklists_for_incident
from harbour.incidents.journey import journey_steps
from harbour.incidents.links import hub_referral_url
from harbour.incidents.queries import IncidentNotFound, incident_get_for_user, incident_may_change

idva = role_required(*services.FOLLOWUP_ROLES)  # the navigation offers the list to the same roles
officer = role_required(Role.POLICE_OFFICER)


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "followups/not_found.html", status=404)


def with_followup(part: str):
    """Read the follow-up through the getter: anyone but the assigned IDVA service gets the
    same 404 as a follow-up that does not exist, and the refusal is logged."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, followup_id: str, *args, **kwargs):
            try:
                followup = queries.followup_get_for_user(
                    user=request.user, followup_id=followup_id, part=part
                )
            except queries.FollowupNotFound:
                return _not_found(request)
            return view(request, followup, *args, **kwargs)

        return wrapped

    return decorator


def _deadline(followup) -> dict:
    return {"clock_change": rules.clock_change_between(followup.police_visited_at, followup.due_at)}


# The IDVA service's list ----------------------------------------------------------------------


@require_safe
@idva
def followup_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", queries.SHOW_OPEN)
    if show not in queries.SHOW_CHOICES:
        show = queries.SHOW_OPEN
    sort = request.GET.get("sort", queries.SORT_DEADLINE)
    if sort not in queries.SORT_CHOICES:
        sort = queries.SORT_DEADLINE
    mine = request.GET.get("mine") == "1"
    rows = queries.followups_for_user(user=request.user, show=show, mine=mine, sort=sort)
    return render(
        request,
        "followups/list.html",
        {
            "rows": rows,
            "show": show,
            "sort": sort,
            "mine": mine,
            "counts": queries.followup_counts(user=request.user, mine=mine),
            "filters": [
                (queries.SHOW_OPEN, _("Visit due")),
                (queries.SHOW_OVERDUE, _("Overdue")),
                (queries.SHOW_DONE, _("Visited")),
            ],
            "sorts": [
                (queries.SORT_DEADLINE, _("Deadline")),
                (queries.SORT_RISK, _("Risk level, highest first")),
                (queries.SORT_AREA, _("Area")),
            ],
        },
    )


# One follow-up ----------------------------------------------------------------------------------


@require_safe
@with_followup("followup")
def followup_detail(request: HttpRequest, followup) -> HttpResponse:
    risk_level = queries.followup_risk_level(followup=followup)
    referral_url = hub_referral_url(
        person_public_id=followup.person.public_id,
        source=f"followups.followup:{followup.public_id}",
    )
    incident = followup.incident
    context = {
        "followup": followup,
        "person": followup.person,
        "risk_level": risk_level,
        "risk_label": queries.FollowupRow(followup, None, risk_level=risk_level).risk_label,
        "offences": [str(o) for o in incident.offences.all()],
        "children": queries.children_answer(incident),
        "contacts": list(queries.followup_contacts(followup=followup)),
        "decisions": list(queries.followup_decisions(followup=followup)),
        "referral_labels": [ReferralService(code).label for code in followup.referrals],
        "referral_url": referral_url,
        "hub_referral_offered": bool(referral_url)
        and ReferralService.VICTIM_CARE_HUB in (followup.referrals or []),
        **_deadline(followup),
    }
    return render(request, "followups/detail.html", context)


@require_POST
@with_followup("taking the follow-up")
def followup_take(request: HttpRequest, followup) -> HttpResponse:
    try:
        services.followup_assign(followup=followup, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have taken this follow-up. Reminders now come to you."))
    return redirect("followups:detail", followup_id=followup.public_id)


@require_http_methods(["GET", "POST"])
@with_followup("recording a visit")
def contact_record(request: HttpRequest, followup) -> HttpResponse:
    if followup.status != Status.OPEN:
        messages.info(request, _("The visit has already been recorded."))
        return redirect("followups:detail", followup_id=followup.public_id)
    form = forms.ContactForm(request.POST or None)
    context = {"form": form, "followup": followup, "person": followup.person, **_deadline(followup)}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                contact = services.followup_contact_record(
                    followup=followup,
                    by=request.user,
                    at=data.get("at"),
                    method=data["method"],
                    contact_made=data["contact_made"],
                    note=data["note"],
                    safety_plan=data["safety_plan"],
                    safety_plan_summary=data["safety_plan_summary"],
                    referrals=data["referrals"],
                    referrals_note=data["referrals_note"],
                    supports_prosecution=data["supports_prosecution"],
                    decision_note=data["decision_note"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if not contact.contact_made:
                    done = _("The attempt has been recorded. The visit is still due.")
                elif contact.method == "in_person":
                    done = _("The visit has been recorded.")
                else:
                    done = _("The contact has been recorded.")
                messages.success(request, done)
                return redirect("followups:detail", followup_id=followup.public_id)
        return render(request, "followups/contact.html", context, status=400)
    return render(request, "followups/contact.html", context)


@require_http_methods(["GET", "POST"])
@with_followup("closing without a visit")
def followup_close(request: HttpRequest, followup) -> HttpResponse:
    if followup.status != Status.OPEN:
        messages.info(request, _("This follow-up is not waiting for a visit."))
        return redirect("followups:detail", followup_id=followup.public_id)
    form = forms.CloseForm(request.POST or None)
    context = {"form": form, "followup": followup, "person": followup.person}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.followup_close(
                    followup=followup,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The follow-up has been closed without a visit."))
                return redirect("followups:detail", followup_id=followup.public_id)
        return render(request, "followups/close.html", context, status=400)
    return render(request, "followups/close.html", context)


@require_http_methods(["GET", "POST"])
@with_followup("her decision on a prosecution")
def decision_record(request: HttpRequest, followup) -> HttpResponse:
    if followup.status != Status.VISITED:
        messages.info(request, _("Record the visit first."))
        return redirect("followups:detail", followup_id=followup.public_id)
    form = forms.DecisionForm(request.POST or None)
    context = {
        "form": form,
        "followup": followup,
        "person": followup.person,
        "decisions": list(queries.followup_decisions(followup=followup)),
    }
    if request.method == "POST":
        if form.is_valid():
            try:
                services.followup_decision_record(
                    followup=followup,
                    by=request.user,
                    value=form.cleaned_data["value"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Her decision has been recorded."))
                return redirect("followups:detail", followup_id=followup.public_id)
        return render(request, "followups/decision.html", context, status=400)
    return render(request, "followups/decision.html", context)


# The police's notice ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@officer
def notice_record(request: HttpRequest, incident_id: str) -> HttpResponse:
    """What the officer told her about the follow-up, and her answer (recording force only)."""
    try:
        incident = incident_get_for_user(
            user=request.user, incident_id=incident_id, part="24-hour follow-up notice"
        )
    except IncidentNotFound:
        return _not_found(request)
    followup = queries.followup_for_incident(incident=incident)
    if followup is None:
        return _not_found(request)
    if not incident_may_change(user=request.user, incident=incident):
        access_log(
            user=request.user,
            action=Action.DENIED,
            record=followup,
            reason="not the recording agency",
            detail={"part": "notice"},
        )
        raise PermissionDenied
    form = forms.NoticeForm(request.POST or None, initial={"told_at": incident.visited_at})
    checklist_next = None
    if followup.status != Status.AWAITING_NOTICE and not checklists_for_incident(incident=incident):
        checklist_next = checklist_url(incident=incident)
    context = {
        "form": form,
        "incident": incident,
        "followup": followup,
        "journey": journey_steps(incident=incident),
        "checklist_next": checklist_next,
        **_deadline(followup),
    }
    if request.method == "POST" and followup.status == Status.AWAITING_NOTICE:
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.followup_notice_record(
                    followup=followup,
                    by=request.user,
                    answer=data["answer"],
                    told_at=data.get("told_at"),
                    note=data["note"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("What she was told has been recorded."))
                next_url = None
                if not checklists_for_incident(incident=incident):
                    next_url = checklist_url(incident=incident)
                return redirect(next_url or reverse("followups:notice", args=[incident.public_id]))
        return render(request, "followups/notice.html", context, status=400)
    return render(request, "followups/notice.html", context)


# Figures ----------------------------------------------------------------------------------------


@require_safe
@role_required(Role.ANALYST)
def figures_page(request: HttpRequest) -> HttpResponse:
    access_log(
        user=request.user,
        action=Action.VIEW,
        record_type="page",
        record_id="followups:figures",
        reason="published figures",
    )
    return render(
        request, "followups/figures.html", figures.figures_for_page(request.GET.get("period"))
    )
