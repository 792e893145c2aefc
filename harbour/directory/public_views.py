"""Find support: the public search, results and service pages.

Searches are posted, never put in a web address, so nothing a visitor searched for appears in
her browser's history or address bar suggestions, or in any server's request log. Only a weekly
total by need and area is kept (``search_count_record``).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from harbour.core.public_forms import public_form_view, token_issue
from harbour.directory.forms import EntryReportForm, FindSupportForm
from harbour.directory.queries import need_get, public_service_get, service_search
from harbour.directory.services import entry_report_create, search_count_record
from harbour.regions.models import LocalAuthority

RESULTS_PER_PAGE = 10


@require_safe
def find_support(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/public/find_support.html", {"form": FindSupportForm()})


@public_form_view
@require_http_methods(["GET", "HEAD", "POST"])
def results(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        # A results page is only ever the answer to a search: nothing to show at this address.
        return redirect("core:public-home")
    form = FindSupportForm(request.POST)
    if not form.is_valid():
        return render(request, "directory/public/find_support.html", {"form": form})
    data = form.cleaned_data
    need = need_get(data["need"]) if data["need"] else None
    area = LocalAuthority.objects.filter(gss_code=data["area"]).first() if data["area"] else None
    page_number = data["page"] or 1
    services = service_search(need=need, area=area, text=data["words"])
    page = Paginator(services, RESULTS_PER_PAGE).get_page(page_number)
    if page_number == 1:  # count a search once, not once for each page of its results
        search_count_record(
            need_code=need.code if need else "", area_code=area.gss_code if area else ""
        )
    return render(
        request,
        "directory/public/results.html",
        {
            "form": form,
            "need": need,
            "area": area,
            "words": data["words"],
            "page": page,
            "services": page.object_list,
            # Each "page" button is a small form of its own, with a token of its own.
            "page_token": token_issue(form.public_form_id),
        },
    )


def _service_or_404(public_id: str):
    service = public_service_get(public_id)
    if service is None:
        raise Http404
    return service


@require_safe
def service_page(request: HttpRequest, public_id: str) -> HttpResponse:
    service = _service_or_404(public_id)
    return render(request, "directory/public/service.html", {"service": service})


@public_form_view
@require_http_methods(["GET", "HEAD", "POST"])
def entry_report(request: HttpRequest, public_id: str) -> HttpResponse:
    service = _service_or_404(public_id)
    form = EntryReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        entry_report_create(
            service=service, kind=form.cleaned_data["kind"], details=form.cleaned_data["details"]
        )
        return redirect("directory:entry-report-sent", public_id=service.public_id)
    return render(request, "directory/public/report.html", {"service": service, "form": form})


@require_safe
def entry_report_sent(request: HttpRequest, public_id: str) -> HttpResponse:
    service = _service_or_404(public_id)
    return render(request, "directory/public/report_sent.html", {"service": service})
