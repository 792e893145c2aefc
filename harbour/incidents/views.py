"""Staff pages of incidents. Thin: parse, call a getter or a service, render.

Every page showing an incident reads it through ``incident_get_for_user`` (which reads her
record through ``person_get_for_user``); a refusal renders the same "not found" page as an
identifier that does not exist. Only the recording agency changes an incident.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from harbour.accounts.decorators import role_required
from harbour.accounts.roles import CASEWORK_ROLES, Role
from harbour.audit.services import Action, access_log
from harbour.core.forms import apply_errors
from harbour.incidents import checklists, forms, journey, queries, services, victim_pages
from harbour.incidents.choices import ActionStatus, YesNoNotKnown
from harbour.incidents.links import hub_referral_url
from harbour.people.queries import PersonNotFound, person_get_for_user
from harbour.people.steps import (
    CLEARED,
    DuplicateCheckStep,
    check_fingerprint_matches,
    person_values,
)

caseworker = role_required(*CASEWORK_ROLES)
officer = role_required(Role.POLICE_OFFICER)


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "incidents/not_found.html", status=404)


def with_incident(part: str, *, change: bool = False):
    """Read the incident through the getter (logged); a refusal is a 404 like a missing one.
    With ``change``, only users of the recording agency may go on (others: 403, logged)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, incident_id: str, *args, **kwargs):
            try:
                incident = queries.incident_get_for_user(
                    user=request.user, incident_id=incident_id, part=part
                )
            except queries.IncidentNotFound:
                return _not_found(request)
            if change and not queries.incident_may_change(user=request.user, incident=incident):
                access_log(
                    user=request.user,
                    action=Action.DENIED,
                    record=incident,
                    reason="not the recording agency",
                    detail={"part": part},
                )
                raise PermissionDenied
            return view(request, incident, *args, **kwargs)

        return wrapped

    return decorator


# Lists ---------------------------------------------------------------------------------------


@require_safe
@caseworker
def incident_list(request: HttpRequest) -> HttpResponse:
    rows = queries.incidents_for_user(user=request.user)
    return render(
        request,
        "incidents/list.html",
        {"rows": rows, "can_record": services.may_record_police_incidents(request.user)},
    )


# Recording an incident: who was harmed, then what happened -------------------------------------


def _who_page(request, *, draft=None, form=None, status=200, **context) -> HttpResponse:
    form = form or victim_pages.section_form(victim_pages.BY_SLUG["who"], draft)
    context = {
        "form": form,
        "draft": draft,
        "drafts": [] if draft else victim_pages.victim_drafts_for_user(user=request.user),
        **context,
    }
    return render(request, "incidents/victim.html", context, status=status)


def _who_post(request, *, draft=None) -> HttpResponse:
    """Who she is: the check-before-create step on her name and the details that find her
    record. A record found is used or linked at once; when none is her, the answers go into
    the draft and the officer goes on to the other pages."""
    section = victim_pages.BY_SLUG["who"]
    form = section.form(request.POST)
    answers = victim_pages.answers_of(form, request.POST)
    unchanged = section.form(request.POST)  # the step adds fields to ``form``: check apart
    if (
        draft is not None
        and unchanged.is_valid()
        and check_fingerprint_matches(
            request.user, unchanged.cleaned_data, draft.data.get("cleared", "")
        )
    ):
        # The details the check cleared are unchanged: no need to check again.
        victim_pages.victim_draft_save(
            by=request.user, section=section, answers=answers, draft=draft
        )
        return redirect("incidents:victim-tasks", draft_id=draft.public_id)
    outcome = DuplicateCheckStep(
        request, form, allow_use=True, reason=_("recording an incident"), create=False
    ).run()
    if outcome.person is not None:
        if draft is not None:
            victim_pages.victim_draft_discard(draft=draft, by=request.user)
        return redirect("incidents:new-for-person", person_id=outcome.person.public_id)
    if outcome.how == CLEARED:
        draft = victim_pages.victim_draft_save(
            by=request.user,
            section=section,
            answers=answers,
            draft=draft,
            cleared=victim_pages.cleared_fingerprint(request.user, form),
        )
        return redirect("incidents:victim-tasks", draft_id=draft.public_id)
    return _who_page(request, draft=draft, status=outcome.status, **outcome.context)


@require_http_methods(["GET", "POST"])
@officer
def incident_new(request: HttpRequest) -> HttpResponse:
    """Step 1, first question page: who she is (with the duplicate check)."""
    if request.method != "POST":
        return _who_page(request)
    return _who_post(request)


def _draft_or_404(request, draft_id: str):
    try:
        return victim_pages.victim_draft_get_for_user(user=request.user, draft_id=draft_id)
    except victim_pages.DraftNotFound:
        return None


@require_http_methods(["GET", "POST"])
@officer
def victim_tasks(request: HttpRequest, draft_id: str) -> HttpResponse:
    """Step 1's task list; its button creates her record from the draft."""
    draft = _draft_or_404(request, draft_id)
    if draft is None:
        return _not_found(request)
    context = {
        "draft": draft,
        "sections": victim_pages.SECTIONS,
        "done": victim_pages.done(draft),
        "may_create": victim_pages.may_create(draft),
    }
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            victim_pages.victim_draft_discard(draft=draft, by=request.user)
            messages.success(request, _("What you typed has been deleted."))
            return redirect("incidents:new")
        missing = [s for s in victim_pages.SECTIONS if s.required and s.slug not in context["done"]]
        if missing:
            context["missing"] = missing
            return render(request, "incidents/victim_tasks.html", context, status=400)
        try:
            person = victim_pages.victim_draft_record(draft=draft, by=request.user)
        except victim_pages.StaleCheck:
            messages.info(request, _("Her details have changed: check again for her record."))
            return redirect("incidents:victim-section", draft_id=draft.public_id, section="who")
        except ValidationError as error:
            context["invalid"] = victim_pages.sections_of(error)
            return render(request, "incidents/victim_tasks.html", context, status=400)
        messages.success(request, _("Her record has been created. Now record what happened."))
        return redirect("incidents:new-for-person", person_id=person.public_id)
    return render(request, "incidents/victim_tasks.html", context)


@require_http_methods(["GET", "POST"])
@officer
def victim_section(request: HttpRequest, draft_id: str, section: str) -> HttpResponse:
    """One question page of step 1, showing what the draft keeps for it."""
    draft = _draft_or_404(request, draft_id)
    page = victim_pages.BY_SLUG.get(section)
    if draft is None or page is None:
        return _not_found(request)
    if page.slug == "who":
        return (
            _who_post(request, draft=draft)
            if request.method == "POST"
            else _who_page(request, draft=draft)
        )
    form = victim_pages.section_form(
        page, draft, request.POST if request.method == "POST" else None
    )
    context = {"form": form, "draft": draft, "section": page}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "incidents/victim_section.html", context, status=400)
        victim_pages.victim_draft_save(
            by=request.user,
            section=page,
            answers=victim_pages.answers_of(form, request.POST),
            draft=draft,
        )
        return redirect("incidents:victim-tasks", draft_id=draft.public_id)
    return render(request, "incidents/victim_section.html", context)


def _person_or_404(request, person_id: str, part: str):
    return person_get_for_user(user=request.user, person_id=person_id, part=part)


@require_http_methods(["GET", "POST"])
@officer
def incident_new_for_person(request: HttpRequest, person_id: str) -> HttpResponse:
    """Step 2: what happened, when the police visited, children, her support."""
    try:
        victim = _person_or_404(request, person_id, "recording an incident")
    except PersonNotFound:
        return _not_found(request)
    form = forms.IncidentForm(request.POST or None, victim=victim)
    context = {"form": form, "victim": victim}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                incident = services.incident_record(
                    by=request.user,
                    victim=victim,
                    occurred_at=data["occurred_at"],
                    visited_at=data["visited_at"],
                    local_authority=data["local_authority"],
                    offences=data["offences"],
                    supports_action=data["supports_action"],
                    children_present=data["children_present"],
                    children_in_household=data["children_in_household"],
                    children_count=data.get("children_count"),
                    victim_aged_16_or_over=data.get("victim_aged_16_or_over", ""),
                    summary=data.get("summary", ""),
                    force_reference=data.get("force_reference", ""),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("The incident has been recorded. Now add the person harming her.")
                )
                return redirect("incidents:harmer-new", incident_id=incident.public_id)
        return render(request, "incidents/incident_form.html", context, status=400)
    return render(request, "incidents/incident_form.html", context)


@require_http_methods(["GET", "POST"])
@caseworker
def disclosure_new(request: HttpRequest, person_id: str) -> HttpResponse:
    """An instance of abuse she disclosed to a non-police agency."""
    if not services.may_record_disclosures(request.user):
        access_log(
            user=request.user,
            action=Action.DENIED,
            record_type="page",
            record_id="incidents:disclosure-new",
            reason="police record incidents",
        )
        raise PermissionDenied
    try:
        victim = _person_or_404(request, person_id, "recording a disclosure")
    except PersonNotFound:
        return _not_found(request)
    form = forms.DisclosureForm(request.POST or None, victim=victim)
    context = {"form": form, "victim": victim}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                incident = services.disclosure_record(
                    by=request.user,
                    victim=victim,
                    occurred_at=data["occurred_at"],
                    local_authority=data["local_authority"],
                    offences=data["offences"],
                    children_present=data["children_present"],
                    children_in_household=data["children_in_household"],
                    victim_aged_16_or_over=data.get("victim_aged_16_or_over", ""),
                    summary=data.get("summary", ""),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("Recorded. Now add the person harming her, as she named them.")
                )
                return redirect("incidents:harmer-new", incident_id=incident.public_id)
        return render(request, "incidents/disclosure_form.html", context, status=400)
    return render(request, "incidents/disclosure_form.html", context)


# The incident -----------------------------------------------------------------------------------


@require_safe
@caseworker
@with_incident("incident")
def incident_detail(request: HttpRequest, incident) -> HttpResponse:
    harmers = queries.incident_harmers_for_user(user=request.user, incident=incident)
    assessments = checklists.checklists_for_incident(incident=incident)
    may_change = queries.incident_may_change(user=request.user, incident=incident)
    checklist_url = checklists.checklist_url(incident=incident)
    needs_checklist = (
        incident.is_police
        and incident.domestic_abuse is True
        and not assessments
        and may_change
        and checklist_url is not None
    )
    context = {
        "incident": incident,
        "victim": incident.victim,
        "harmers": harmers,
        "offences": list(incident.offences.all()),
        "actions": list(queries.incident_actions(incident=incident)),
        "support": list(queries.incident_support_history(incident=incident)),
        "assessments": assessments,
        "may_change": may_change,
        "needs_checklist": needs_checklist,
        "checklist_url": checklist_url,
        "referral_url": hub_referral_url(
            person_public_id=incident.victim.public_id,
            source=f"incidents.incident:{incident.public_id}",
        ),
        "test": services.incident_domestic_abuse_test(incident=incident) if harmers else None,
        "next_step": journey.next_journey_step(incident=incident) if may_change else None,
    }
    return render(request, "incidents/detail.html", context)


HARMER_PERSON_FIELDS = (*forms.HarmerForm.IDENTITY, *forms.HarmerForm.CONTACT)


@require_http_methods(["GET", "POST"])
@caseworker
@with_incident("adding a person harming her", change=True)
def harmer_new(request: HttpRequest, incident) -> HttpResponse:
    form = forms.HarmerForm(request.POST or None)
    context = {
        "form": form,
        "incident": incident,
        "victim": incident.victim,
        "who": "them",
        "journey": journey.journey_steps(incident=incident),
    }
    if request.method != "POST":
        return render(request, "incidents/harmer_form.html", context)

    def then(person, data, how):
        return services.incident_harmer_add(
            incident=incident,
            person=person,
            by=request.user,
            relationship=data["relationship"],
            aged_16_or_over=data.get("aged_16_or_over") or "",
        )

    outcome = DuplicateCheckStep(
        request,
        form,
        then=then,
        values=lambda data: person_values(data, fields=HARMER_PERSON_FIELDS),
        allow_use=True,
        reason=f"incident {incident.public_id}",
    ).run()
    if outcome.person is None:
        context.update(outcome.context)
        return render(request, "incidents/harmer_form.html", context, status=outcome.status)
    messages.success(request, _("The person harming her has been added."))
    return redirect("incidents:detail", incident_id=incident.public_id)


@require_http_methods(["GET", "POST"])
@caseworker
@with_incident("domestic abuse decision", change=True)
def domestic_abuse_confirm(request: HttpRequest, incident) -> HttpResponse:
    if not incident.harmers.exists():
        messages.info(request, _("Add the person harming her first."))
        return redirect("incidents:harmer-new", incident_id=incident.public_id)
    test = services.incident_domestic_abuse_test(incident=incident)
    initial = {}
    if test.result == YesNoNotKnown.YES:
        initial["domestic_abuse"] = "yes"
    elif test.result == YesNoNotKnown.NO:
        initial["domestic_abuse"] = "no"
    form = forms.DomesticAbuseForm(request.POST or None, initial=initial)
    context = {
        "form": form,
        "incident": incident,
        "test": test,
        "harmers": queries.incident_harmers_for_user(user=request.user, incident=incident),
        "journey": journey.journey_steps(incident=incident),
    }
    if request.method == "POST":
        if form.is_valid():
            try:
                services.incident_domestic_abuse_confirm(
                    incident=incident,
                    by=request.user,
                    domestic_abuse=form.cleaned_data["domestic_abuse"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                step = journey.next_journey_step(incident=incident)
                if form.cleaned_data["domestic_abuse"] and step is not None:
                    # In a pilot area: what she was told about the 24-hour follow-up comes
                    # next, before anything is shared (decision 0017); then the checklist.
                    messages.success(
                        request,
                        _("Recorded as domestic abuse. Now record what you told her."),
                    )
                    return redirect(step.url)
                checklist_url = checklists.checklist_url(incident=incident)
                if form.cleaned_data["domestic_abuse"] and incident.is_police and checklist_url:
                    messages.success(
                        request, _("Recorded as domestic abuse. Now complete the risk checklist.")
                    )
                    return redirect(checklist_url)
                messages.success(request, _("The decision has been recorded."))
                return redirect("incidents:detail", incident_id=incident.public_id)
        return render(request, "incidents/domestic_abuse.html", context, status=400)
    return render(request, "incidents/domestic_abuse.html", context)


@require_http_methods(["GET", "POST"])
@caseworker
@with_incident("support for police action", change=True)
def support_record(request: HttpRequest, incident) -> HttpResponse:
    form = forms.SupportForm(request.POST or None)
    context = {
        "form": form,
        "incident": incident,
        "support": list(queries.incident_support_history(incident=incident)),
    }
    if request.method == "POST":
        if form.is_valid():
            try:
                services.incident_support_record(
                    incident=incident,
                    by=request.user,
                    value=form.cleaned_data["value"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Her answer has been recorded."))
                return redirect("incidents:detail", incident_id=incident.public_id)
        return render(request, "incidents/support.html", context, status=400)
    return render(request, "incidents/support.html", context)


@require_http_methods(["GET", "POST"])
@caseworker
@with_incident("outcome", change=True)
def outcome_record(request: HttpRequest, incident) -> HttpResponse:
    form = forms.OutcomeForm(
        request.POST or None,
        initial={"outcome": incident.outcome_id} if incident.outcome_id else {},
    )
    context = {"form": form, "incident": incident}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.incident_outcome_record(
                    incident=incident, by=request.user, outcome=form.cleaned_data["outcome"]
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The outcome has been recorded."))
                return redirect("incidents:detail", incident_id=incident.public_id)
        return render(request, "incidents/outcome.html", context, status=400)
    return render(request, "incidents/outcome.html", context)


@require_http_methods(["GET", "POST"])
@caseworker
@with_incident("prompted action", change=True)
def action_complete(request: HttpRequest, incident, action_id: str) -> HttpResponse:
    action = incident.actions.filter(public_id=action_id).first()
    if action is None:
        return _not_found(request)
    form = forms.ActionForm(request.POST or None, initial={"status": ActionStatus.DONE})
    context = {"form": form, "incident": incident, "action": action}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.incident_action_complete(
                    action=action,
                    by=request.user,
                    status=form.cleaned_data["status"],
                    completed_at=form.cleaned_data.get("completed_at"),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Recorded."))
                return redirect("incidents:detail", incident_id=incident.public_id)
        return render(request, "incidents/action.html", context, status=400)
    return render(request, "incidents/action.html", context)
