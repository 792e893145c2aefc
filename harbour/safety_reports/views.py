"""The project's and the liaison officer's pages. Thin: parse, call a service, render.

Every view checks the role (``role_required``) and then the agency: the project's pages are
for specialist caseworkers at the sex-worker support project only; the liaison officer reads
the reports released to the police, through ``report_get_for_user``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from harbour.accounts.decorators import page_refuse, role_required
from harbour.accounts.roles import Role
from harbour.audit.services import Action, access_log
from harbour.safety_reports import exports, figures, queries, services
from harbour.safety_reports.choices import (
    AlertStatus,
    NoticeStatus,
    ReportStatus,
    SubscriberStatus,
    ViolenceType,
)
from harbour.safety_reports.forms import (
    EnrolForm,
    PublishForm,
    RedactForm,
    RejectForm,
    WithdrawForm,
)
from harbour.safety_reports.models import SubscriberNotice


def _agency_refused(request: HttpRequest) -> None:
    page_refuse(request, "agency not allowed")


def project_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Specialist caseworkers of the sex-worker support project only."""

    @role_required(Role.SPECIALIST_CASEWORKER)
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not queries.is_project_caseworker(request.user):
            _agency_refused(request)
        return view(request, *args, **kwargs)

    return wrapped


def project_or_liaison(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @role_required(Role.SPECIALIST_CASEWORKER, Role.LIAISON_OFFICER)
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not (queries.is_project_caseworker(user) or queries.is_liaison_officer(user)):
            _agency_refused(request)
        return view(request, *args, **kwargs)

    return wrapped


def _types(report) -> list[str]:
    labels = dict(ViolenceType.choices)
    return [str(labels.get(t, t)) for t in report.violence_types]


@require_safe
@project_or_liaison
def report_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    project = queries.is_project_caseworker(user)
    reports = list(queries.reports_for_user(user).order_by("-received_at")[:200])
    access_log(
        user=user,
        action=Action.SEARCH,
        record_type="safety_reports.safetyreport",
        reason="Safety reports list",
        detail={"count": len(reports)},
    )
    return render(
        request,
        "safety_reports/list.html",
        {
            "project": project,
            "waiting": [r for r in reports if r.status == ReportStatus.NEW],
            "reviewed": [r for r in reports if r.status != ReportStatus.NEW],
        },
    )


@require_safe
@project_or_liaison
def report_detail(request: HttpRequest, report_id: str) -> HttpResponse:
    user = request.user
    report = queries.report_get_for_user(user=user, public_id=report_id)
    if queries.is_project_caseworker(user):
        return render(
            request,
            "safety_reports/detail.html",
            {
                "report": report,
                "types": _types(report),
                "shown": {
                    name: exports.display_value(name, getattr(report, name))
                    for name in ("gender", "age_range", "contact_method")
                },
                "links": queries.links_for(report),
                "events": report.events.select_related("by"),
                "alerts": report.alerts.all(),
                "open": report.status == ReportStatus.NEW,
            },
        )
    view = exports.police_view(report)
    labels = {f.name: f.verbose_name for f in report._meta.fields}
    labels["area"] = labels["local_authority"]
    rows = [
        (labels.get(name, name.replace("_", " ")), exports.display_value(name, value))
        for name, value in view.items()
    ]
    return render(request, "safety_reports/police_detail.html", {"report": report, "rows": rows})


@require_safe
@role_required(Role.LIAISON_OFFICER)
def report_export(request: HttpRequest, report_id: str) -> HttpResponse:
    data = exports.police_export(user=request.user, public_id=report_id)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="safety-report-{data["reference"]}.json"'
    )
    return response


@require_http_methods(["GET", "POST"])
@project_only
def report_redact(request: HttpRequest, report_id: str) -> HttpResponse:
    report = queries.report_get_for_user(user=request.user, public_id=report_id, reason="Redact")
    initial = {
        "redacted_account": report.redacted_account or report.account,
        "redacted_description": report.redacted_description or report.description,
    }
    form = RedactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.report_redact(report=report, by=request.user, **form.cleaned_data)
        return redirect("safety_reports:detail", report.public_id)
    status = 400 if form.errors else 200
    return render(
        request, "safety_reports/redact.html", {"report": report, "form": form}, status=status
    )


def _closed(request: HttpRequest, report) -> HttpResponse:
    return render(request, "safety_reports/closed.html", {"report": report}, status=409)


@require_http_methods(["GET", "POST"])
@project_only
def report_publish(request: HttpRequest, report_id: str) -> HttpResponse:
    report = queries.report_get_for_user(user=request.user, public_id=report_id, reason="Publish")
    if report.status != ReportStatus.NEW:
        return _closed(request, report)
    initial = {"description": report.redacted_description, "days": services.alert_days()}
    form = PublishForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.alert_publish(report=report, by=request.user, **form.cleaned_data)
        except services.ModerationError:
            return _closed(request, report)
        return redirect("safety_reports:alerts")
    status = 400 if form.errors else 200
    return render(
        request,
        "safety_reports/publish.html",
        {"report": report, "form": form, "redacted": bool(report.redacted_at)},
        status=status,
    )


@require_POST
@project_only
def report_accept(request: HttpRequest, report_id: str) -> HttpResponse:
    report = queries.report_get_for_user(user=request.user, public_id=report_id, reason="Accept")
    try:
        services.report_accept(report=report, by=request.user)
    except services.ModerationError:
        return _closed(request, report)
    return redirect("safety_reports:detail", report.public_id)


@require_http_methods(["GET", "POST"])
@project_only
def report_reject(request: HttpRequest, report_id: str) -> HttpResponse:
    report = queries.report_get_for_user(user=request.user, public_id=report_id, reason="Reject")
    if report.status != ReportStatus.NEW:
        return _closed(request, report)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_reject(report=report, by=request.user, **form.cleaned_data)
        except services.ModerationError:
            return _closed(request, report)
        return redirect("safety_reports:list")
    status = 400 if form.errors else 200
    return render(
        request, "safety_reports/reject.html", {"report": report, "form": form}, status=status
    )


@require_safe
@project_only
def alert_list(request: HttpRequest) -> HttpResponse:
    alerts = list(queries.alerts_for_staff(request.user)[:200])
    access_log(
        user=request.user,
        action=Action.SEARCH,
        record_type="safety_reports.alert",
        reason="Safety alerts list",
        detail={"count": len(alerts)},
    )
    return render(
        request,
        "safety_reports/alerts.html",
        {
            "live": [a for a in alerts if a.status == AlertStatus.LIVE],
            "ended": [a for a in alerts if a.status != AlertStatus.LIVE],
        },
    )


@require_http_methods(["GET", "POST"])
@project_only
def alert_withdraw(request: HttpRequest, alert_id: str) -> HttpResponse:
    alert = queries.alert_get_for_user(user=request.user, public_id=alert_id)
    if alert.status != AlertStatus.LIVE:
        return render(request, "safety_reports/alert_ended.html", {"alert": alert}, status=409)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.alert_withdraw(alert=alert, by=request.user, reason=form.cleaned_data["reason"])
        return redirect("safety_reports:alerts")
    status = 400 if form.errors else 200
    return render(
        request, "safety_reports/withdraw.html", {"alert": alert, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
@project_only
def subscriber_list(request: HttpRequest) -> HttpResponse:
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscriber_enrol(by=request.user, **form.cleaned_data)
        except services.SubscriberError:
            form.add_error("handle", _("That handle is taken. Choose another."))
        else:
            return redirect("safety_reports:subscribers")
    subscribers = list(queries.subscribers_for_staff(request.user))
    access_log(
        user=request.user,
        action=Action.SEARCH,
        record_type="safety_reports.subscriber",
        reason="Subscribers list",
        detail={"count": len(subscribers)},
    )
    status = 400 if form.errors else 200
    return render(
        request,
        "safety_reports/subscribers.html",
        {"form": form, "subscribers": subscribers, "Status": SubscriberStatus},
        status=status,
    )


@require_POST
@project_only
def subscriber_vet(request: HttpRequest, subscriber_id: str) -> HttpResponse:
    subscriber = queries.subscriber_get_for_user(user=request.user, public_id=subscriber_id)
    try:
        services.subscriber_vet(subscriber=subscriber, by=request.user)
    except services.SubscriberError as error:
        return render(
            request,
            "safety_reports/vet_refused.html",
            {"subscriber": subscriber, "same_person": "other than" in str(error)},
            status=409,
        )
    return redirect("safety_reports:subscribers")


@require_POST
@project_only
def subscriber_suspend(request: HttpRequest, subscriber_id: str) -> HttpResponse:
    subscriber = queries.subscriber_get_for_user(user=request.user, public_id=subscriber_id)
    services.subscriber_suspend(subscriber=subscriber, by=request.user)
    return redirect("safety_reports:subscribers")


@require_safe
@project_only
def outbox(request: HttpRequest) -> HttpResponse:
    notices = list(
        SubscriberNotice.objects.select_related("subscriber", "alert").order_by("-created_at")[:200]
    )
    access_log(
        user=request.user,
        action=Action.SEARCH,
        record_type="safety_reports.subscribernotice",
        reason="Subscribers' outbox",
        detail={"count": len(notices)},
    )
    return render(
        request, "safety_reports/outbox.html", {"notices": notices, "Status": NoticeStatus}
    )


@require_safe
@role_required(Role.SPECIALIST_CASEWORKER, Role.ANALYST)
def figures_page(request: HttpRequest) -> HttpResponse:
    """Published figures, from stored releases only: for the project and commissioners."""
    if request.user.role == Role.SPECIALIST_CASEWORKER and not queries.is_project_caseworker(
        request.user
    ):
        _agency_refused(request)
    access_log(
        user=request.user,
        action=Action.VIEW,
        record_type="page",
        record_id="safety_reports:figures",
        reason="published figures",
    )
    return render(
        request, "safety_reports/figures.html", figures.figures_for_page(request.GET.get("period"))
    )
