"""Find support: the public search, results and service pages.

Searches are posted, never put in a web address, so nothing a visitor searched for appears in
her browser's history or address bar suggestions, or in any server's request log. The post is
answered with a redirect to an opaque results address (``/results/<token>/``) behind which the
search is kept for a few minutes (``harbour.directory.recent_searches``), so Back from a service
page finds her results. Only a weekly total by need and area is kept for good
(``search_count_record``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from harbour.core.public_forms import public_form_view
from harbour.directory.forms import EntryReportForm, FindSupportForm
from harbour.directory.queries import need_get, public_service_get, service_search
from harbour.directory.recent_searches import (
    search_forget,
    search_keep,
    search_recall,
    token_is_well_formed,
)
from harbour.directory.services import entry_report_create, search_count_record
from harbour.regions.models import LocalAuthority

RESULTS_PER_PAGE = 10
SEARCH_PARAMETER = "search"  # a service page opened from results: which search it came from


@require_safe
def find_support(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/public/find_support.html", {"form": FindSupportForm()})


@public_form_view
@require_http_methods(["GET", "HEAD", "POST"])
def results(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        # A search is never read from an address: nothing to show here.
        return redirect("core:public-home")
    form = FindSupportForm(request.POST)
    if not form.is_valid():
        return render(request, "directory/public/find_support.html", {"form": form})
    data = form.cleaned_data
    search_count_record(need_code=data["need"], area_code=data["area"])
    token = search_keep(need_code=data["need"], area_code=data["area"], words=data["words"])
    # 303: the browser follows with a GET, so the post is not in the history and Back from a
    # service page comes back to an address that can be fetched again without a resubmission.
    response = redirect("directory:results-kept", token=token)
    response.status_code = 303
    return response


@require_safe
def results_kept(request: HttpRequest, token: str) -> HttpResponse:
    kept = search_recall(token)
    if kept is None:
        return render(
            request,
            "directory/public/search_expired.html",
            {"form": FindSupportForm(), "minutes": settings.HARBOUR_SEARCH_MINUTES},
        )
    need = need_get(kept.need_code) if kept.need_code else None
    area = (
        LocalAuthority.objects.filter(gss_code=kept.area_code).first() if kept.area_code else None
    )
    services = service_search(need=need, area=area, text=kept.words)
    page = Paginator(services, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    form = FindSupportForm(
        initial={"need": kept.need_code, "area": kept.area_code, "words": kept.words}
    )
    return render(
        request,
        "directory/public/results.html",
        {
            "form": form,
            "need": need,
            "area": area,
            "words": kept.words,
            "page": page,
            "services": page.object_list,
            "token": token,
            # Exit this page forgets the search on its way out.
            "exit_url": reverse("directory:results-forget", kwargs={"token": token}),
        },
    )


@require_safe
def results_forget(request: HttpRequest, token: str) -> HttpResponse:
    """Exit this page, from a search's pages: forget the search, then leave for the exit site."""
    search_forget(token=token)
    return HttpResponseRedirect(settings.HARBOUR_EXIT_URL)


def _service_or_404(public_id: str):
    service = public_service_get(public_id)
    if service is None:
        raise Http404
    return service


@require_safe
def service_page(request: HttpRequest, public_id: str) -> HttpResponse:
    service = _service_or_404(public_id)
    context = {"service": service}
    # Opened from a search's results: "Exit this page" forgets that search too.
    token = request.GET.get(SEARCH_PARAMETER, "")
    if token_is_well_formed(token):
        context["search_token"] = token
        context["exit_url"] = reverse("directory:results-forget", kwargs={"token": token})
    return render(request, "directory/public/service.html", context)


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
