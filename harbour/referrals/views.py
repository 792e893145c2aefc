"""Staff pages of referrals, needs assessments and self-referral triage. Thin: parse, call a
getter or a service, render. Every page showing a referral reads it through
``referral_get_for_user``; a refusal looks like a referral that does not exist."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from harbour.accounts.decorators import role_required
from harbour.accounts.roles import CASEWORK_ROLES, Role
from harbour.core.forms import apply_errors
from harbour.directory.models import Service
from harbour.directory.queries import services_for
from harbour.people import queries as people_queries
from harbour.people.steps import DuplicateCheckStep, person_values
from harbour.referrals import forms, queries, services
from harbour.referrals.choices import ReceivingView, SelfReferralStatus, Status
from harbour.referrals.matrix import Part, matrix_rows, receiving_view_for
from harbour.referrals.models import Referral

caseworker = role_required(*CASEWORK_ROLES)
hub_caseworker = role_required(Role.HUB_CASEWORKER)

NON_FIELD = {"service", "source", "categories", "purpose", "__all__"}


def _apply_errors(form, error: ValidationError) -> None:
    apply_errors(form, error, top_level=NON_FIELD)


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "referrals/not_found.html", status=404)


def with_referral(view):
    """Read the referral through its getter (logged); a refusal is a 404 like a missing one."""

    @wraps(view)
    def wrapped(request: HttpRequest, referral_id: str, *args, **kwargs):
        try:
            referral_view = queries.referral_get_for_user(
                user=request.user, referral_id=referral_id
            )
        except queries.ReferralNotFound:
            return _not_found(request)
        return view(request, referral_view, *args, **kwargs)

    return wrapped


# Lists --------------------------------------------------------------------------------------------


@require_safe
@caseworker
def referral_list(request: HttpRequest) -> HttpResponse:
    direction = "outgoing" if request.GET.get("direction") == "outgoing" else "incoming"
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    rows = queries.referrals_for_user(user=request.user, direction=direction, status=status)
    return render(
        request,
        "referrals/list.html",
        {
            "rows": rows,
            "direction": direction,
            "status": status,
            "statuses": Status.choices,
            "can_receive": receiving_view_for(request.user.agency) is not None,
        },
    )


# Sending ------------------------------------------------------------------------------------------


def _person_or_none(request: HttpRequest, person_id: str):
    try:
        return people_queries.person_get_for_user(
            user=request.user, person_id=person_id, reason="Making a referral", part="referral"
        )
    except people_queries.PersonNotFound:
        return None


def _onward_from(request: HttpRequest, person) -> Referral | bool | None:
    """The accepted referral a hub refers on from (``?onward=``), False if it is not one."""
    onward_id = request.GET.get("onward", "")
    if not onward_id:
        return None
    referral = Referral.objects.filter(
        public_id=onward_id,
        person=person,
        to_agency_id=request.user.agency_id,
        status=Status.ACCEPTED,
    ).first()
    return referral or False


def _service_from(request: HttpRequest) -> Service | bool | None:
    service_id = request.POST.get("service", "") if request.method == "POST" else ""
    if not service_id:
        return None
    service = (
        Service.objects.select_related("organisation__agency").filter(public_id=service_id).first()
    )
    return service or False


def _create_url(person_id: str, source: str = "", onward: str = "") -> str:
    query = {"person": person_id}
    if source:
        query["source"] = source
    if onward:
        query["onward"] = onward
    return reverse("referrals:create") + "?" + urlencode(query)


@require_http_methods(["GET", "POST"])
@caseworker
def referral_create(request: HttpRequest) -> HttpResponse:
    """Refer a person: to the hub (or an IDVA service) directly, or to a service found in the
    directory (its id comes in the body of a post, never in the address)."""
    person_id = request.GET.get("person", "")
    source = request.GET.get("source", "")
    person = _person_or_none(request, person_id)
    if person is None:
        return render(request, "people/not_found.html", {"person_id": person_id}, status=404)
    onward = _onward_from(request, person)
    service = _service_from(request)
    if onward is False or service is False:
        return _not_found(request)
    if service is not None and service.organisation.agency is None:
        return render(
            request,
            "referrals/outside_partnership.html",
            {"service": service, "person": person, "back": _create_url(person_id, source)},
        )
    agreements = [a for a in people_queries.person_agreements(person=person) if a.is_active]
    sending = request.method == "POST" and request.POST.get("action") == "send"
    form = forms.ReferralForm(
        request.POST if sending else None,
        user=request.user,
        agreements=agreements,
        service=service,
    )
    if source and not services.source_is_valid(source):
        return render(request, "referrals/bad_link.html", status=400)
    if sending and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_send(
                person=person,
                by=request.user,
                to_agency=service.organisation.agency if service else data["to_agency"],
                service=service,
                need=data["need"],
                reason=data["reason"],
                circumstances=data.get("circumstances", ""),
                risk_level=data["risk_level"],
                risk_reasons=data.get("risk_reasons", ""),
                source=source,
                onward_from=onward,
                sharing=services.SharingBasis(
                    regime=data["regime"],
                    basis=data["basis"],
                    condition=data["condition"],
                    agreement=data["agreement"],
                    justification=data["justification"],
                    preconditions_confirmed=data["preconditions_confirmed"],
                ),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Referral %(ref)s sent to %(agency)s.")
                % {"ref": referral.reference, "agency": referral.to_agency.name},
            )
            return redirect("referrals:detail", referral_id=referral.public_id)
    from harbour.people.models import LawfulBasis, ProcessingCondition

    view = receiving_view_for(service.organisation.agency) if service else None
    return render(
        request,
        "referrals/create.html",
        {
            "form": form,
            "person": person,
            "service": service,
            "source": queries.source_description(source) if source else "",
            "onward": onward,
            "find_url": reverse("referrals:find-service")
            + "?"
            + urlencode(
                {
                    k: v
                    for k, v in {
                        "person": person_id,
                        "source": source,
                        "onward": onward.public_id if onward else "",
                    }.items()
                    if v
                }
            ),
            "shared_parts": _shared_parts(view),
            "bases": LawfulBasis.objects.filter(is_active=True),
            "conditions": ProcessingCondition.objects.filter(is_active=True),
        },
        status=400 if form.errors else 200,
    )


def _with_routes(found) -> list[tuple[Service, str]]:
    """Each service with how a referral can reach it: ``refer`` (in Harbour), ``outside`` (an
    organisation outside the partnership), ``not_receiving`` (a partnership agency that does not
    receive referrals in Harbour, such as the police), ``self_only`` (no professional referrals).
    """
    routes = []
    for service in found:
        agency = service.organisation.agency
        if agency is None:
            route = "outside"
        elif receiving_view_for(agency) is None or not agency.is_active:
            route = "not_receiving"
        elif not service.professional_referral:
            route = "self_only"
        else:
            route = "refer"
        routes.append((service, route))
    return routes


def _shared_parts(view: str | None) -> list[str]:
    from harbour.referrals.matrix import OPEN_VIEW

    parts = OPEN_VIEW[view or ReceivingView.TRIAGE] - {Part.OUTCOME}
    return [str(part.label) for part in Part if part in parts]


@require_http_methods(["GET", "POST"])
@caseworker
def find_service(request: HttpRequest) -> HttpResponse:
    """Services in the directory by need and area (posted: what she needs is not put in an
    address). Services of organisations outside the partnership are shown, and say so."""
    person_id = request.GET.get("person", "")
    person = _person_or_none(request, person_id)
    if person is None:
        return render(request, "people/not_found.html", {"person_id": person_id}, status=404)
    initial = {"area": person.local_authority.gss_code if person.local_authority else None}
    form = forms.FindServiceForm(request.POST or None, initial=initial)
    results = None
    if request.method == "POST" and form.is_valid():
        results = _with_routes(
            services_for(need=form.cleaned_data["need"], area=form.cleaned_data["area"])
        )
    return render(
        request,
        "referrals/find_service.html",
        {
            "form": form,
            "person": person,
            "results": results,
            "create_url": _create_url(
                person_id, request.GET.get("source", ""), request.GET.get("onward", "")
            ),
        },
        status=400 if form.errors else 200,
    )


# Reading and deciding -----------------------------------------------------------------------------


def _detail_context(request, view, **extra) -> dict:
    referral = view.referral
    context = {
        "view": view,
        "referral": referral,  # the referral's own facts; her information comes from view
        "Part": {part.name: part.value for part in Part},
        "events": queries.referral_events(referral),
        "can_decide": view.is_receiver and referral.status == Status.SENT,
        "can_close": view.is_receiver and referral.status == Status.ACCEPTED,
        "can_withdraw": view.is_sender and referral.status == Status.SENT,
        "can_deal_with_decline": view.is_sender
        and referral.status == Status.DECLINED
        and referral.decline_dealt_with_at is None,
        "is_hub": view.is_receiver and referral.receiving_view == ReceivingView.TRIAGE,
        "contact": None,
    }
    if context["is_hub"]:
        context["assessments"] = queries.needs_assessments(referral)
        context["onward"] = queries.referrals_onward(referral)
    context.update(extra)
    return context


@require_safe
@caseworker
@with_referral
def referral_detail(request: HttpRequest, view) -> HttpResponse:
    return render(request, "referrals/detail.html", _detail_context(request, view))


@require_POST
@caseworker
@with_referral
def referral_contact(request: HttpRequest, view) -> HttpResponse:
    try:
        contact = queries.referral_contact_details_for_user(user=request.user, view=view)
    except queries.ReferralNotFound:
        return _not_found(request)
    return render(request, "referrals/detail.html", _detail_context(request, view, contact=contact))


def _transition(request, view, action, success: str) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except PermissionDenied:
        return render(request, "403.html", status=403)
    else:
        messages.success(request, success)
    return redirect("referrals:detail", referral_id=view.referral.public_id)


@require_POST
@caseworker
@with_referral
def referral_accept(request: HttpRequest, view) -> HttpResponse:
    return _transition(
        request,
        view,
        lambda: services.referral_accept(referral=view.referral, by=request.user),
        _("Referral accepted."),
    )


@require_POST
@caseworker
@with_referral
def referral_decline_dealt_with(request: HttpRequest, view) -> HttpResponse:
    return _transition(
        request,
        view,
        lambda: services.referral_decline_dealt_with(referral=view.referral, by=request.user),
        _("Marked as dealt with."),
    )


def _decision_page(request, view, *, form_class, template_title, button, call, success, allowed):
    if not allowed:
        messages.error(request, _("That cannot be done to this referral now."))
        return redirect("referrals:detail", referral_id=view.referral.public_id)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied:
            return render(request, "403.html", status=403)
        else:
            messages.success(request, success)
            return redirect("referrals:detail", referral_id=view.referral.public_id)
    return render(
        request,
        "referrals/decision_form.html",
        {
            "view": view,
            "referral": view.referral,
            "form": form,
            "title": template_title,
            "button": button,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@caseworker
@with_referral
def referral_decline(request: HttpRequest, view) -> HttpResponse:
    return _decision_page(
        request,
        view,
        form_class=forms.DeclineForm,
        template_title=_("Decline the referral"),
        button=_("Decline the referral"),
        call=lambda data: services.referral_decline(
            referral=view.referral, by=request.user, reason=data["reason"], details=data["details"]
        ),
        success=_("Referral declined. The referring agency has been told."),
        allowed=view.is_receiver,
    )


@require_http_methods(["GET", "POST"])
@caseworker
@with_referral
def referral_withdraw(request: HttpRequest, view) -> HttpResponse:
    return _decision_page(
        request,
        view,
        form_class=forms.WithdrawForm,
        template_title=_("Withdraw the referral"),
        button=_("Withdraw the referral"),
        call=lambda data: services.referral_withdraw(
            referral=view.referral, by=request.user, reason=data["reason"]
        ),
        success=_("Referral withdrawn."),
        allowed=view.is_sender,
    )


@require_http_methods(["GET", "POST"])
@caseworker
@with_referral
def referral_close(request: HttpRequest, view) -> HttpResponse:
    return _decision_page(
        request,
        view,
        form_class=forms.CloseForm,
        template_title=_("Close the referral"),
        button=_("Close the referral"),
        call=lambda data: services.referral_close(
            referral=view.referral, by=request.user, outcome=data["outcome"], notes=data["notes"]
        ),
        success=_("Referral closed."),
        allowed=view.is_receiver,
    )


# Needs assessment and onward referral ----------------------------------------------------------


def _hub_referral(view) -> bool:
    referral = view.referral
    return (
        view.is_receiver
        and referral.receiving_view == ReceivingView.TRIAGE
        and referral.status == Status.ACCEPTED
    )


@require_http_methods(["GET", "POST"])
@hub_caseworker
@with_referral
def needs_assessment(request: HttpRequest, view) -> HttpResponse:
    if not _hub_referral(view):
        messages.error(request, _("Accept the referral before assessing her needs."))
        return redirect("referrals:detail", referral_id=view.referral.public_id)
    form = forms.NeedsAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.needs_assessment_record(
                referral=view.referral,
                by=request.user,
                levels=form.levels(),
                support_needs=form.cleaned_data["support_needs"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Needs assessment saved."))
            return redirect("referrals:onward", referral_id=view.referral.public_id)
    return render(
        request,
        "referrals/assessment.html",
        {"view": view, "referral": view.referral, "form": form},
        status=400 if form.errors else 200,
    )


@require_safe
@hub_caseworker
@with_referral
def onward(request: HttpRequest, view) -> HttpResponse:
    """Services suggested from her latest needs assessment, in her area."""
    if not _hub_referral(view):
        return redirect("referrals:detail", referral_id=view.referral.public_id)
    referral = view.referral
    assessment = queries.needs_assessments(referral).first()
    area = referral.person.local_authority
    suggestions = []
    if assessment is not None:
        for need in assessment.support_needs.all():
            found = _with_routes(services_for(need=need, area=area)) if area else []
            suggestions.append((need, found))
    return render(
        request,
        "referrals/onward.html",
        {
            "view": view,
            "referral": referral,
            "assessment": assessment,
            "area": area,
            "suggestions": suggestions,
            "create_url": _create_url(referral.person.public_id, onward=referral.public_id),
            "find_url": reverse("referrals:find-service")
            + "?"
            + urlencode({"person": referral.person.public_id, "onward": referral.public_id}),
            "onward_referrals": queries.referrals_onward(referral),
        },
    )


@require_safe
@caseworker
def matrix(request: HttpRequest) -> HttpResponse:
    """What each receiving agency sees of a referral (the same table as docs/referrals.md)."""
    return render(request, "referrals/matrix.html", {"rows": matrix_rows()})


# Self-referrals -----------------------------------------------------------------------------------


def _flagged_waiting(user) -> list:
    flagged = queries.self_referrals_for_user(user=user, flagged=True)
    return list(flagged[: services.DISMISS_AT_ONCE])


def _self_referral_page(request: HttpRequest, *, dismiss_form=None, status: int = 200):
    flagged = _flagged_waiting(request.user)
    if dismiss_form is None and flagged:
        dismiss_form = forms.DismissFlaggedForm(flagged=flagged)
    return render(
        request,
        "referrals/self_referrals.html",
        {
            "waiting": queries.self_referrals_for_user(user=request.user, flagged=False),
            "flagged": flagged,
            "flagged_count": queries.self_referrals_for_user(
                user=request.user, flagged=True
            ).count(),
            "dismiss_form": dismiss_form,
            "chosen": set(dismiss_form["chosen"].value() or []) if dismiss_form else set(),
            "recent": queries.self_referrals_for_user(
                user=request.user, status=SelfReferralStatus.TRIAGED
            ).order_by("-triaged_at")[:20],
        },
        status=status,
    )


@require_safe
@hub_caseworker
def self_referral_list(request: HttpRequest) -> HttpResponse:
    return _self_referral_page(request)


@require_POST
@hub_caseworker
def self_referrals_dismiss(request: HttpRequest) -> HttpResponse:
    """The hub dismisses, in one go, the flagged messages of a flood it has checked."""
    form = forms.DismissFlaggedForm(request.POST, flagged=_flagged_waiting(request.user))
    if form.is_valid():
        try:
            count = services.self_referrals_dismiss_flagged(
                by=request.user, public_ids=form.cleaned_data["chosen"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s flagged message dismissed.",
                    "%(count)s flagged messages dismissed.",
                    count,
                )
                % {"count": count},
            )
            return redirect("referrals:self-referrals")
    return _self_referral_page(request, dismiss_form=form, status=400)


@require_http_methods(["GET", "POST"])
@hub_caseworker
def self_referral_detail(request: HttpRequest, self_referral_id: str) -> HttpResponse:
    """Triage: check for an existing record (on the hub's side, never on the public form), then
    link to it, use one the hub already works with, or create one; the self-referral becomes the
    hub's accepted referral."""
    try:
        self_referral = queries.self_referral_get_for_user(
            user=request.user, self_referral_id=self_referral_id
        )
    except queries.SelfReferralNotFound:
        return _not_found(request)
    given, family = _split_name(self_referral.name)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = forms.TriageForm(
        request.POST if action and action != "close" else None,
        initial={"given_name": given, "family_name": family},
        self_referral=self_referral,
    )
    close_form = forms.SelfReferralCloseForm(request.POST if action == "close" else None)
    context = {
        "self_referral": self_referral,
        "form": form,
        "close_form": close_form,
        "candidates": None,
        "open": self_referral.status == SelfReferralStatus.NEW,
        "help_with": [forms.HELP_WITH_LABELS.get(h, h) for h in self_referral.help_with],
        "channels": [
            str(dict(forms.SelfReferralForm.base_fields["safe_channels"].choices).get(c, c))
            for c in self_referral.safe_channels
        ],
    }
    if not context["open"] or not action:
        return render(request, "referrals/self_referral.html", context)
    if action == "close":
        if close_form.is_valid():
            try:
                services.self_referral_close(
                    self_referral=self_referral,
                    by=request.user,
                    reason=close_form.cleaned_data["reason"],
                    notes=close_form.cleaned_data["notes"],
                )
            except ValidationError as error:
                _apply_errors(close_form, error)
            else:
                messages.success(request, _("Self-referral closed."))
                return redirect("referrals:self-referrals")
        return render(request, "referrals/self_referral.html", context, status=400)
    outcome = DuplicateCheckStep(
        request,
        form,
        then=lambda person, data, how: services.self_referral_triage(
            self_referral=self_referral, by=request.user, person=person
        ),
        values=lambda data: {
            **services.self_referral_record_values(self_referral),
            **person_values(data, fields=("given_name", "family_name", "date_of_birth")),
        },
        allow_use=True,
        reason=_("triage of a self-referral"),
    ).run()
    if outcome.person is None:
        context.update(outcome.context)
        return render(request, "referrals/self_referral.html", context, status=outcome.status)
    referral = outcome.result
    messages.success(
        request,
        _("Self-referral triaged: referral %(ref)s is accepted by your hub.")
        % {"ref": referral.reference},
    )
    return redirect("referrals:detail", referral_id=referral.public_id)


def _split_name(name: str) -> tuple[str, str]:
    parts = (name or "").split()
    if len(parts) < 2:
        return (parts[0] if parts else ""), ""
    return " ".join(parts[:-1]), parts[-1]
