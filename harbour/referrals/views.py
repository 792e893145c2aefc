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
from django.utils import timezone
from django.utils.formats import date_format
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
from harbour.people.models import DataCategory
from harbour.people.services import agreement_record as record_agreement
from harbour.people.steps import DuplicateCheckStep, person_values
from harbour.referrals import footings, forms, queries, services
from harbour.referrals.choices import ReceivingView, RiskLevel, SelfReferralStatus, Status
from harbour.referrals.matrix import CATEGORIES, Part, matrix_rows, receiving_view_for
from harbour.referrals.models import Referral
from harbour.risk.queries import assessments_for_person

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


def _risk_prefill(request: HttpRequest, person, source: str) -> tuple[str, str]:
    """The risk level Harbour knows for her, and a hint saying where it came from: the checklist
    the referral comes from, or her latest one."""
    assessments = assessments_for_person(person=person)
    assessment = None
    if source.startswith("risk.assessment:"):
        assessment = assessments.filter(public_id=source.split(":", 1)[1]).first()
    assessment = assessment or assessments.first()
    if assessment is None:
        return "", ""
    return assessment.level, _(
        "Filled in from her risk checklist of %(date)s (%(level)s). Change it only if a newer "
        "assessment says otherwise."
    ) % {
        "date": date_format(timezone.localtime(assessment.assessed_at), "j F Y"),
        "level": assessment.get_level_display(),
    }


def _need_prefill(onward: Referral | None, service: Service | None) -> str:
    """The kind of support her latest needs assessment names that the service offers."""
    if onward is None or service is None:
        return ""
    assessment = queries.needs_assessments(onward).first()
    if assessment is None:
        return ""
    offered = {t.code for t in forms.service_need_terms(service)}
    named = [n.code for n in queries.suggested_needs(assessment) if n.code in offered]
    return named[0] if named else ""


def _find_url(person_id: str, source: str = "", onward: str = "") -> str:
    query = {"person": person_id, "source": source, "onward": onward}
    return (
        reverse("referrals:find-service") + "?" + urlencode({k: v for k, v in query.items() if v})
    )


def _details_page(request, *, form, person, service, source, onward, draft=None, status=200):
    view = receiving_view_for(service.organisation.agency) if service else None
    return render(
        request,
        "referrals/create.html",
        {
            "form": form,
            "person": person,
            "service": service,
            "draft": draft,
            "source": queries.source_description(source) if source else "",
            "onward": onward,
            "find_url": _find_url(person.public_id, source, onward.public_id if onward else ""),
            "shared_parts": _shared_parts(view),
        },
        status=400 if form.errors else status,
    )


@require_http_methods(["GET", "POST"])
@caseworker
def referral_create(request: HttpRequest) -> HttpResponse:
    """Make a referral, first page: where to and why. To the hub (or an IDVA service) directly,
    or to a service found in the directory (its id comes in the body of a post, never in the
    address). What she needs, the risk level and her area are filled in from what Harbour
    knows; what is entered is kept in an encrypted draft between the journey's pages."""
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
    if source and not services.source_is_valid(source):
        return render(request, "referrals/bad_link.html", status=400)
    risk_level, risk_hint = _risk_prefill(request, person, source)
    continuing = request.method == "POST" and request.POST.get("action") == "continue"
    form = forms.ReferralForm(
        request.POST if continuing else None,
        user=request.user,
        service=service,
        risk_hint=risk_hint,
        initial={"risk_level": risk_level, "need": _need_prefill(onward or None, service)},
    )
    if continuing and form.is_valid():
        answers = {
            **form.answers(),
            "source": source,
            "onward": onward.public_id if onward else "",
            "service": service.public_id if service else "",
        }
        if service is not None:
            answers["to_agency"] = service.organisation.agency.public_id
        draft = services.referral_draft_save(by=request.user, person=person, answers=answers)
        return redirect("referrals:draft-sharing", draft_id=draft.public_id)
    return _details_page(
        request, form=form, person=person, service=service, source=source, onward=onward or None
    )


# The journey's later pages, each on a draft ------------------------------------------------------


class _Draft:
    """A draft with what its answers name, read for the page: her record (through the people
    getter, logged), the receiving agency, service, need, the referral referred on from."""

    def __init__(self, request: HttpRequest, draft):
        from harbour.accounts.models import Agency
        from harbour.directory.queries import need_get

        self.draft = draft
        self.answers = dict(draft.data or {})
        a = self.answers
        self.person = _person_or_none(request, draft.person.public_id)
        self.to_agency = Agency.objects.filter(public_id=a.get("to_agency") or "").first()
        self.service = (
            Service.objects.select_related("organisation__agency")
            .filter(public_id=a.get("service") or "")
            .first()
        )
        self.need = need_get(a["need"]) if a.get("need") else None
        self.onward = (
            Referral.objects.filter(
                public_id=a.get("onward") or "",
                person_id=draft.person_id,
                to_agency_id=request.user.agency_id,
                status=Status.ACCEPTED,
            ).first()
            if a.get("onward")
            else None
        )
        self.view = receiving_view_for(self.to_agency) if self.to_agency else None
        self.regime = footings.regime_for(request.user)

    @property
    def ok(self) -> bool:
        return self.person is not None and self.to_agency is not None and self.view is not None

    def footing(self) -> footings.Footing:
        a = self.answers
        return footings.footing_for(
            regime=self.regime,
            situation=a.get("situation", ""),
            view=self.view,
            basis_code=a.get("basis", ""),
            condition_code=a.get("condition", ""),
        )

    def agreements(self, footing: footings.Footing) -> list:
        """Her current agreements naming the receiving agency (explicit ones, where the
        condition relies on her agreement)."""
        explicit = bool(footing.condition and footing.condition.relies_on_agreement)
        return [
            a
            for a in people_queries.person_agreements(person=self.person)
            if a.is_active
            and any(agency.pk == self.to_agency.pk for agency in a.agencies.all())
            and (a.explicit or not explicit)
        ]

    def agreement(self):
        key = self.answers.get("agreement") or ""
        if not key:
            return None
        return next(
            (a for a in people_queries.person_agreements(person=self.person) if a.public_id == key),
            None,
        )

    def save(self, request: HttpRequest, **answers):
        self.draft = services.referral_draft_save(
            by=request.user, person=self.person, draft=self.draft, answers=answers
        )
        self.answers = dict(self.draft.data)

    def url(self, name: str) -> str:
        return reverse(name, kwargs={"draft_id": self.draft.public_id})

    def context(self, **extra) -> dict:
        return {
            "draft": self.draft,
            "person": self.person,
            "to_agency": self.to_agency,
            "service": self.service,
            "onward": self.onward,
            "answers": self.answers,
            **extra,
        }


def with_draft(view):
    """The draft, its maker's alone and unexpired; otherwise a page saying it has gone."""

    @wraps(view)
    def wrapped(request: HttpRequest, draft_id: str, *args, **kwargs):
        try:
            draft = queries.referral_draft_get_for_user(user=request.user, draft_id=draft_id)
        except queries.ReferralNotFound:
            return render(request, "referrals/draft_gone.html", status=404)
        current = _Draft(request, draft)
        if not current.ok:
            return render(request, "referrals/draft_gone.html", status=404)
        return view(request, current, *args, **kwargs)

    return wrapped


@require_http_methods(["GET", "POST"])
@caseworker
@with_draft
def draft_details(request: HttpRequest, current: _Draft) -> HttpResponse:
    """Change the first page's answers, keeping the rest."""
    a = current.answers
    form = forms.ReferralForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        service=current.service,
        initial={
            "to_agency": current.to_agency.pk if current.to_agency else None,
            "need": a.get("need") or None,
            "reason": a.get("reason", ""),
            "circumstances": a.get("circumstances", ""),
            "risk_level": a.get("risk_level", ""),
            "risk_reasons": a.get("risk_reasons", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        if current.service is not None:
            answers["to_agency"] = current.to_agency.public_id
        if answers["to_agency"] != a.get("to_agency") or answers["risk_level"] != a.get(
            "risk_level"
        ):
            # Another agency, or another level, may call for another footing: ask again.
            answers.update(situation="", basis="", condition="", agreement="")
        current.save(request, **answers)
        if current.answers.get("situation"):
            return redirect(current.url("referrals:draft-check"))
        return redirect(current.url("referrals:draft-sharing"))
    return _details_page(
        request,
        form=form,
        person=current.person,
        service=current.service,
        source=a.get("source", ""),
        onward=current.onward,
        draft=current.draft,
    )


@require_http_methods(["GET", "POST"])
@caseworker
@with_draft
def draft_sharing(request: HttpRequest, current: _Draft) -> HttpResponse:
    """Why her information can be shared: the situation decides the basis."""
    situations = footings.situations_for(
        regime=current.regime, risk_level=current.answers.get("risk_level", "")
    )
    form = forms.SituationForm(
        request.POST if request.method == "POST" else None,
        situations=situations,
        agency_name=current.to_agency.name,
        initial={"situation": current.answers.get("situation") or None},
    )
    if request.method == "POST" and form.is_valid():
        situation = form.cleaned_data["situation"]
        if situation != current.answers.get("situation"):
            current.save(
                request,
                situation=situation,
                basis="",
                condition="",
                agreement="",
                preconditions=[],
                justification="",
            )
        return redirect(current.url("referrals:draft-footing"))
    return render(
        request,
        "referrals/draft_sharing.html",
        current.context(form=form, situations=situations),
        status=400 if form.errors else 200,
    )


def _footing_form(request, current: _Draft, footing, data=None):
    a = current.answers
    return forms.FootingForm(
        data,
        footing=footing,
        view=current.view,
        regime=current.regime,
        agency=current.to_agency,
        person_id=current.person.pk,
        agreements=current.agreements(footing),
        initial={
            "basis": a.get("basis") or None,
            "condition": a.get("condition") or None,
            "agreement": a.get("agreement") or None,
            "preconditions_confirmed": a.get("preconditions") or [],
            "justification": a.get("justification", ""),
        },
    )


def _footing_needs_nothing(footing) -> bool:
    return (
        footing.situation != footings.OTHER
        and not footing.relies_on_agreement
        and not footing.preconditions
        and not footing.requires_justification
    )


@require_http_methods(["GET", "POST"])
@caseworker
@with_draft
def draft_footing(request: HttpRequest, current: _Draft) -> HttpResponse:
    """What the footing needs, and only that (her agreement, or a condition's preconditions and
    a justification), judged by the one sharing check."""
    if not current.answers.get("situation"):
        return redirect(current.url("referrals:draft-sharing"))
    footing = current.footing()
    if _footing_needs_nothing(footing) and (
        request.method == "POST"
        or not footings.footing_messages(
            footing=footing,
            view=current.view,
            agency_name=current.to_agency.name,
            person_id=current.person.pk,
            agency_id=current.to_agency.pk,
        )
    ):
        return redirect(current.url("referrals:draft-check"))
    shown = request.POST.get("shown_condition", "") if request.method == "POST" else ""
    form = _footing_form(
        request, current, footing, request.POST if request.method == "POST" else None
    )
    notice = ""
    if request.method == "POST" and footing.situation == footings.OTHER:
        # Another basis: a condition chosen now shows its own preconditions before it is judged.
        chosen = request.POST.get("condition", "")
        condition = footings.footing_for(
            regime=current.regime,
            situation=footings.OTHER,
            view=current.view,
            condition_code=chosen,
        ).condition
        if (
            chosen != shown
            and condition is not None
            and (condition.preconditions or condition.requires_justification)
        ):
            current.save(request, basis=request.POST.get("basis", ""), condition=chosen)
            footing = current.footing()
            form = _footing_form(request, current, footing)
            notice = _("Confirm the conditions of %(condition)s.") % {"condition": condition}
    if request.method == "POST" and not notice and form.is_valid():
        data = form.cleaned_data
        current.save(
            request,
            basis=data["basis"].code if data.get("basis") else current.answers.get("basis", ""),
            condition=data["condition"].code
            if data.get("condition")
            else ("" if "condition" in form.fields else current.answers.get("condition", "")),
            agreement=data["agreement"].public_id if data.get("agreement") else "",
            preconditions=list(data.get("preconditions_confirmed") or []),
            justification=data.get("justification", ""),
        )
        return redirect(current.url("referrals:draft-check"))
    return render(
        request,
        "referrals/draft_footing.html",
        current.context(
            form=form,
            footing=footing,
            situation=footings.situation_get(
                regime=current.regime, code=current.answers.get("situation", "")
            ),
            notice=notice,
            shown_condition=footing.condition.code if footing.condition else "",
            agreement_url=current.url("referrals:draft-agreement"),
        ),
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@caseworker
@with_draft
def draft_agreement(request: HttpRequest, current: _Draft) -> HttpResponse:
    """Record her agreement to this referral without leaving it: then back to the journey,
    with the agreement chosen and everything entered kept."""
    footing = current.footing()
    explicit_needed = bool(footing.condition and footing.condition.relies_on_agreement)
    need = current.need.name if current.need else ""
    form = forms.AgreementStepForm(
        request.POST if request.method == "POST" else None,
        explicit_needed=explicit_needed,
        initial={
            "purpose": (
                _("Referral to %(agency)s for %(need)s")
                % {"agency": current.to_agency.name, "need": need.lower()}
                if need
                else _("Referral to %(agency)s") % {"agency": current.to_agency.name}
            )[:200],
            "given_at": timezone.localtime().replace(second=0, microsecond=0),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = record_agreement(
                person=current.person,
                by=request.user,
                agencies=[current.to_agency],
                purpose=data["purpose"],
                given_at=data["given_at"],
                given_how=data["given_how"],
                explicit=bool(data.get("explicit")),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            current.save(request, agreement=agreement.public_id)
            messages.success(request, _("Her agreement has been recorded."))
            return redirect(current.url("referrals:draft-footing"))
    return render(
        request,
        "referrals/draft_agreement.html",
        current.context(form=form, explicit_needed=explicit_needed),
        status=400 if form.errors else 200,
    )


def _check_rows(current: _Draft) -> dict:
    a = current.answers
    footing = current.footing()
    situation = footings.situation_get(regime=current.regime, code=a.get("situation", ""))
    return {
        "footing": footing,
        "situation_label": situation.label if situation else _("Another lawful basis"),
        "agreement": current.agreement() if footing.relies_on_agreement else None,
        "risk_label": dict(RiskLevel.choices).get(a.get("risk_level", ""), ""),
        "shared_parts": _shared_parts(current.view),
        "categories": [str(DataCategory(c).label) for c in CATEGORIES[current.view]],
        "source": queries.source_description(a["source"]) if a.get("source") else "",
        "area": current.person.local_authority,
        "need_name": current.need.name if current.need else "",
    }


@require_http_methods(["GET", "POST"])
@caseworker
@with_draft
def draft_check(request: HttpRequest, current: _Draft) -> HttpResponse:
    """Check your answers, then send: her information goes to the agency only from here."""
    a = current.answers
    if not a.get("situation"):
        return redirect(current.url("referrals:draft-sharing"))
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        footing = current.footing()
        try:
            referral = services.referral_send(
                person=current.person,
                by=request.user,
                to_agency=current.to_agency,
                service=current.service,
                need=current.need,
                reason=a.get("reason", ""),
                circumstances=a.get("circumstances", ""),
                risk_level=a.get("risk_level", ""),
                risk_reasons=a.get("risk_reasons", ""),
                source=a.get("source", ""),
                onward_from=current.onward,
                sharing=services.SharingBasis(
                    regime=current.regime,
                    basis=footing.basis,
                    condition=footing.condition,
                    agreement=current.agreement(),
                    justification=a.get("justification", ""),
                    preconditions_confirmed=a.get("preconditions") or (),
                ),
            )
        except ValidationError as error:
            sharing_fields = {
                "basis",
                "condition",
                "agreement",
                "preconditions_confirmed",
                "justification",
            }
            for name, messages_ in error.message_dict.items():
                page = "referrals:draft-footing" if name in sharing_fields else "referrals:draft"
                errors.extend((current.url(page), m) for m in messages_)
        else:
            current.draft.delete()  # sent: the answers are in the referral now
            return redirect("referrals:sent", referral_id=referral.public_id)
    return render(
        request,
        "referrals/draft_check.html",
        current.context(errors=errors, **_check_rows(current)),
        status=400 if errors else 200,
    )


@require_safe
@caseworker
@with_referral
def referral_sent(request: HttpRequest, view) -> HttpResponse:
    """The confirmation: the referral's reference and what happens next."""
    if not view.is_sender:  # the receiving agency: the referral itself
        return redirect("referrals:detail", referral_id=view.referral.public_id)
    return render(request, "referrals/sent.html", {"view": view, "referral": view.referral})


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
        suggestions = [
            (need, _with_routes(found))
            for need, found in queries.onward_suggestions(
                assessment=assessment, area=area, agency=request.user.agency
            )
        ]
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
