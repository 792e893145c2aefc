"""Staff pages of prevention. Thin: parse, call a getter or a service, render.

Every page checks the role (``role_required``), then the agency: an education provider sees its
own agency's programmes, the commissioner (at the Combined Authority) reads all of
them; any other programme answers as one that does not exist (the refusal is logged).
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from harbour.accounts.decorators import page_refuse, role_required
from harbour.accounts.roles import Role
from harbour.audit.services import Action, access_log
from harbour.core.forms import apply_errors
from harbour.prevention import forms, queries, services
from harbour.prevention import results as programme_results
from harbour.prevention.access import PAGE_ROLES, is_educator, is_reader, may_run

staff = role_required(*PAGE_ROLES)
educator = role_required(Role.EDUCATION_PROVIDER)


def _refuse(request: HttpRequest, reason: str) -> None:
    page_refuse(request, reason)


def with_programme(view):
    @wraps(view)
    def wrapped(request: HttpRequest, programme_id: str, *args, **kwargs):
        try:
            programme = queries.programme_get_for_user(user=request.user, programme_id=programme_id)
        except queries.ProgrammeNotFound:
            return render(request, "prevention/not_found.html", status=404)
        return view(request, programme, *args, **kwargs)

    return wrapped


@require_safe
@staff
def home(request: HttpRequest) -> HttpResponse:
    if not (is_educator(request.user) or is_reader(request.user)):
        _refuse(request, "not an education provider or the commissioner")
    return render(
        request,
        "prevention/home.html",
        {
            "programmes": queries.programmes_for_user(user=request.user),
            "may_add": is_educator(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@educator
def programme_add(request: HttpRequest) -> HttpResponse:
    form = forms.ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Programme added. Now record its sessions."))
            return redirect("prevention:programme", programme_id=programme.public_id)
    return render(
        request, "prevention/form.html", {"form": form, "title": _("Add an education programme")}
    )


@require_safe
@staff
@with_programme
def programme_detail(request: HttpRequest, programme) -> HttpResponse:
    sessions = programme.sessions.select_related("area").prefetch_related("tallies")
    return render(
        request,
        "prevention/programme.html",
        {
            "programme": programme,
            "sessions": sessions,
            "may_run": may_run(request.user, programme),
        },
    )


@require_http_methods(["GET", "POST"])
@educator
@with_programme
def session_add(request: HttpRequest, programme) -> HttpResponse:
    if not may_run(request.user, programme):
        _refuse(request, "not the programme's education provider")
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name]
            for name in ("held_on", "venue", "area", "audience", "attendance")
        }
        try:
            services.session_record(
                programme=programme, tallies=form.tallies(), by=request.user, **data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Session recorded."))
            return redirect("prevention:programme", programme_id=programme.public_id)
    return render(
        request,
        "prevention/session_form.html",
        {"form": form, "programme": programme},
    )


@require_safe
@staff
@with_programme
def results(request: HttpRequest, programme) -> HttpResponse:
    access_log(
        user=request.user,
        action=Action.VIEW,
        record=programme,
        reason="programme results",
    )
    page = programme_results.results_page(programme, period=request.GET.get("period"))
    audiences = []
    for number, (label, questions) in enumerate(page.audiences or [], start=1):
        chart = programme_results.knowledge_chart(label, questions)
        audiences.append((label, questions, chart, f"change-chart-{number}"))
    return render(
        request,
        "prevention/results.html",
        {
            "programme": programme,
            "page": page,
            "reach": page.reach,
            "reach_chart": programme_results.reach_chart(page.reach) if page.reach else None,
            "sessions": page.sessions,
            "audiences": audiences,
        },
        status=400 if page.error else 200,
    )
