from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from harbour.accounts.access_log.forms import AccessLogSearchForm
from harbour.accounts.decorators import role_required
from harbour.accounts.roles import Role
from harbour.audit.queries import access_log_search
from harbour.audit.services import Action, access_log

PAGE_SIZE = 50


@require_safe
@role_required(Role.ADMINISTRATOR)
def search(request: HttpRequest) -> HttpResponse:
    form = AccessLogSearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", False)}
        entries = access_log_search(**filters)
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
        # Reading the access log is itself recorded.
        access_log(
            user=request.user,
            action=Action.SEARCH,
            record_type="audit.accesslogentry",
            detail={"filters": sorted(filters), "page": page.number},
        )
    elif not form.is_bound:
        page = Paginator(access_log_search(), PAGE_SIZE).get_page(request.GET.get("page"))
        access_log(user=request.user, action=Action.SEARCH, record_type="audit.accesslogentry")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/search.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
