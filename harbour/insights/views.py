"""The region dashboard for analysts and commissioners: stored releases only (decision 0049)."""

from __future__ import annotations

import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from harbour.accounts.decorators import role_required
from harbour.accounts.roles import Role
from harbour.audit.services import Action, access_log
from harbour.insights.dashboard import dashboard_for
from harbour.statistics.export import SafeCsvWriter

DASHBOARD_ROLES = (Role.ANALYST, Role.COMMISSIONER)


def _page(request: HttpRequest):
    return dashboard_for(
        period=request.GET.get("period"), area=request.GET.get("area"), with_sections=True
    )


@require_safe
@role_required(*DASHBOARD_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    page = _page(request)
    access_log(
        user=request.user,
        action=Action.VIEW,
        record_type="page",
        record_id="insights:dashboard",
        reason="published figures",
        detail={"period": page.release.key if page.release else None, "area": page.area},
    )
    return render(
        request, "insights/dashboard.html", {"page": page}, status=400 if page.errors else 200
    )


@require_safe
@role_required(*DASHBOARD_ROLES)
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    page = _page(request)
    if page.release is None:
        raise Http404("nothing published yet")
    if page.errors:
        return render(request, "insights/dashboard.html", {"page": page}, status=400)
    access_log(
        user=request.user,
        action=Action.EXPORT,
        record_type="page",
        record_id="insights:dashboard",
        reason="published figures CSV",
        detail={"period": page.release.key, "area": page.area, "format": "csv"},
    )
    buffer = io.StringIO()
    SafeCsvWriter(buffer).writerows(page.csv_rows())
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"incidents-{page.release.key}{'-' + page.area if page.area else ''}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
