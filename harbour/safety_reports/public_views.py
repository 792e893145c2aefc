"""The public pages: the report form (no account), and the subscribers' alerts.

Cookie-less like every public form (``harbour.core.public_forms``), with quick exit, neutral
titles and ``no-store``. Nothing about the sender's address or device is kept: limits count her
only by a digest under the short-lived address key (``harbour.safety_reports.limits``).

Subscribers sign in without a session: the sign-in form's answer *is* the page of alerts, kept
in no cache, and no cookie is ever set. Closing or leaving the page signs her out.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from harbour.core.public_forms import public_form_view
from harbour.safety_reports import limits
from harbour.safety_reports.forms import SafetyReportForm, SubscriberSignInForm
from harbour.safety_reports.queries import alerts_for_subscriber
from harbour.safety_reports.services import report_submit, subscriber_authenticate

MAX_BODY_BYTES = 32 * 1024


def _too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > MAX_BODY_BYTES


@public_form_view
@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    template = "safety_reports/public/report.html"
    if request.method != "POST":
        return render(request, template, {"form": SafetyReportForm()})
    if _too_large(request):
        return render(request, "safety_reports/public/too_large.html", status=413)
    if limits.report_refused(request):
        return render(request, "safety_reports/public/busy.html", status=429)
    form = SafetyReportForm(request.POST)
    if not form.is_valid():
        return render(request, template, {"form": form}, status=400)
    admission = limits.report_admit(request)
    if admission.refused:
        return render(request, "safety_reports/public/busy.html", status=429)
    data = form.cleaned_data
    report_submit(
        consent=data["consent"],
        pattern=data["pattern"],
        local_authority=data["area"],
        happened_on=data["happened_on"],
        happened_time=data["happened_time"],
        location=data["location"],
        platform=data["platform"],
        violence_types=data["violence_types"],
        contact_method=data["contact_method"],
        account=data["account"],
        gender=data["gender"],
        age_range=data["age_range"],
        build=data["build"],
        features=data["features"],
        vehicle=data["vehicle"],
        registrations=data["registrations"],
        phones=data["phones"],
        handles=data["handles"],
        description=data["description"],
        contact_name=data["contact_name"],
        contact_details=data["contact_details"],
        support_wanted=data["support_wanted"],
        flagged_network=admission.flagged_network,
    )
    return redirect("safety_reports-public:sent")


@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "safety_reports/public/sent.html")


@public_form_view
@require_http_methods(["GET", "HEAD", "POST"])
def alerts(request: HttpRequest) -> HttpResponse:
    template = "safety_reports/public/sign_in.html"
    if request.method != "POST":
        return render(request, template, {"form": SubscriberSignInForm()})
    if _too_large(request):
        return render(request, "safety_reports/public/too_large.html", status=413)
    form = SubscriberSignInForm(request.POST)
    if limits.sign_in_blocked(request):
        return render(request, "safety_reports/public/busy.html", status=429)
    if not form.is_valid():
        return render(request, template, {"form": form}, status=400)
    subscriber = subscriber_authenticate(
        handle=form.cleaned_data["handle"], passphrase=form.cleaned_data["passphrase"]
    )
    if subscriber is None:
        limits.sign_in_failed(request)
        form = SubscriberSignInForm(initial={"handle": form.cleaned_data["handle"]})
        return render(request, template, {"form": form, "failed": True}, status=400)
    return render(
        request,
        "safety_reports/public/alerts.html",
        {"alerts": list(alerts_for_subscriber(subscriber).order_by("-published_at"))},
    )
