"""Risk checklist pages: complete a checklist for a person, and its result.

Thin: the form parses, ``assessment_record`` scores (through the engine) and saves, the
getters apply need-to-know and log.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from harbour.accounts.decorators import role_required
from harbour.accounts.roles import CASEWORK_ROLES
from harbour.audit.services import Action, access_log
from harbour.core.drafts import draft_find, draft_save
from harbour.incidents.links import hub_referral_url
from harbour.incidents.queries import IncidentNotFound, incident_get_for_user
from harbour.people.queries import PersonNotFound, person_get_for_user
from harbour.risk.definitions import Answer, Level
from harbour.risk.forms import ChecklistForm
from harbour.risk.marac_link import marac_referral_for
from harbour.risk.models import ChecklistDraft, RiskToolVersion
from harbour.risk.queries import AssessmentNotFound, assessment_get_for_user
from harbour.risk.scoring import MaracCriterion
from harbour.risk.services import assessment_record, may_use_tool

caseworker = role_required(*CASEWORK_ROLES)

CRITERIA_LABELS = {
    MaracCriterion.HIGH_RISK: gettext_lazy("Visible high risk"),
    MaracCriterion.PROFESSIONAL_JUDGEMENT: gettext_lazy("Professional judgement"),
    MaracCriterion.POTENTIAL_ESCALATION: gettext_lazy(
        "Potential escalation (3 or more police call-outs in 12 months)"
    ),
}


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "risk/not_found.html", status=404)


def _refuse_tool(request: HttpRequest, tool_key: str) -> None:
    access_log(
        user=request.user,
        action=Action.DENIED,
        record_type="risk.tool",
        record_id=tool_key[:64],
        reason="role does not complete this tool",
    )
    raise PermissionDenied


@require_http_methods(["GET", "POST"])
@caseworker
def assessment_new(request: HttpRequest, tool_key: str, person_id: str) -> HttpResponse:
    version = (
        RiskToolVersion.objects.select_related("tool")
        .filter(tool__key=tool_key, is_current=True)
        .first()
    )
    if version is None:
        return _not_found(request)
    if not may_use_tool(request.user, tool_key):
        _refuse_tool(request, tool_key)
    incident = None
    incident_id = request.POST.get("incident") or request.GET.get("incident") or ""
    try:
        if incident_id:
            incident = incident_get_for_user(
                user=request.user, incident_id=incident_id, part="risk checklist"
            )
            person = incident.victim
            if person.public_id != person_id:
                return _not_found(request)
        else:
            person = person_get_for_user(
                user=request.user, person_id=person_id, part="risk checklist"
            )
    except (PersonNotFound, IncidentNotFound):
        return _not_found(request)

    definition = version.definition
    match = {"person": person, "incident": incident, "tool_version": version}
    draft = draft_find(ChecklistDraft, owner=request.user, **match)
    if request.method == "POST" and request.POST.get("action") == "draft":
        answers = {
            name: request.POST.get(name, "")
            for name in ChecklistForm(definition=definition).fields
            if name != "shown"
        }
        draft = draft_save(
            ChecklistDraft, owner=request.user, data={"answers": answers}, draft=draft, **match
        )
        access_log(
            user=request.user,
            action=Action.UPDATE,
            record=draft,
            reason="risk checklist",
            detail={"draft": "saved"},
        )
        messages.success(
            request,
            _("Your answers have been saved as a draft. Open the checklist again to go on."),
        )
        return redirect(request.get_full_path())
    initial = {}
    if request.method != "POST" and draft is not None:
        access_log(user=request.user, action=Action.VIEW, record=draft, reason="risk checklist")
        initial = draft.data.get("answers", {})
    form = ChecklistForm(request.POST or None, definition=definition, initial=initial)
    context = {
        "draft": draft,
        "form": form,
        "version": version,
        "definition": definition,
        "person": person,
        "incident": incident,
        "answer_choices": Answer.choices,
        "waiting": [],
    }
    if request.method != "POST":
        return render(request, "risk/checklist.html", context)
    if not form.is_valid():
        return render(request, "risk/checklist.html", context, status=400)
    waiting = form.groups_awaiting_answers()
    if waiting:
        # Her answers open follow-on questions not yet asked: ask them (the second step
        # without JavaScript). Nothing is saved until they are answered.
        context["waiting"] = waiting
        return render(request, "risk/checklist.html", context)
    data = form.cleaned_data
    try:
        assessment = assessment_record(
            by=request.user,
            person=person,
            tool_key=tool_key,
            tool_version=version,
            answers=form.answers(),
            officer_level=data.get("officer_level") or None,
            officer_reasons=data.get("officer_reasons", ""),
            judgement_level=data.get("judgement_level") or None,
            judgement_reason=data.get("judgement_reason", ""),
            incident=incident,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            form.add_engine_errors(
                {
                    key: [m for e in errors for m in e.messages]
                    for key, errors in error.error_dict.items()
                }
            )
        else:
            for message in error.messages:
                form.add_error(None, message)
        return render(request, "risk/checklist.html", context, status=400)
    if draft is not None:
        draft.delete()  # finished: the answers are in the assessment now
    messages.success(request, _("The checklist has been saved."))
    return redirect("risk:assessment", assessment_id=assessment.public_id)


@require_safe
@caseworker
def assessment_detail(request: HttpRequest, assessment_id: str) -> HttpResponse:
    try:
        assessment = assessment_get_for_user(user=request.user, assessment_id=assessment_id)
    except AssessmentNotFound:
        return _not_found(request)
    definition = assessment.definition
    answers = assessment.answers or {}
    labels = dict(Answer.choices)
    rows = [
        {"number": n, "text": q.text, "answer": labels.get(answers.get(q.id, ""), "—")}
        for n, q in enumerate(definition.questions, start=1)
    ]
    follow_ons = [
        {
            "title": group.title,
            "rows": [
                {"number": n, "text": q.text, "answer": labels.get(answers.get(q.id, ""), "—")}
                for n, q in enumerate(group.questions, start=1)
            ],
        }
        for group in definition.follow_ons
        if any(q.id in answers for q in group.questions)
    ]
    person = assessment.person
    if assessment.incident_id:
        source = f"incidents.incident:{assessment.incident.public_id}"
    else:
        source = f"risk.assessment:{assessment.public_id}"
    context = {
        "assessment": assessment,
        "person": person,
        "rows": rows,
        "follow_ons": follow_ons,
        "criteria": [CRITERIA_LABELS.get(c, c) for c in assessment.marac_criteria],
        "is_high": assessment.level == Level.HIGH,
        "referral_url": hub_referral_url(person_public_id=person.public_id, source=source),
        "marac_referral": marac_referral_for(user=request.user, assessment=assessment),
    }
    return render(request, "risk/result.html", context)
