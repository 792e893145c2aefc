"""Open data: the same fixed tables as the dashboard, as released, for anyone (decision 0049).

No account, no cookies, nothing kept of the visit (the public layout and its middleware); a
period chooses a release, and nothing is counted on a page view.
"""

from __future__ import annotations

import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from harbour.insights.dashboard import dashboard_for
from harbour.statistics.export import SafeCsvWriter


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    page = dashboard_for(period=request.GET.get("period"))
    return render(
        request, "insights/open_data.html", {"page": page}, status=400 if page.errors else 200
    )


@require_safe
def open_data_csv(request: HttpRequest) -> HttpResponse:
    page = dashboard_for(period=request.GET.get("period"))
    if page.release is None:
        raise Http404("nothing published yet")
    if page.errors:
        return render(request, "insights/open_data.html", {"page": page}, status=400)
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerows(page.release.csv_preamble())
    _write_tables(writer, page.tables, "Incidents")
    for section in (s for s in page.sections if s.release):
        writer.writerows([[], [str(section.title)], *section.release.csv_preamble()])
        _write_tables(writer, section.tables, "Figure")
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="open-data-incidents-{page.release.key}.csv"'
    )
    return response


def _write_tables(writer, tables, value_header: str) -> None:
    for table in tables:
        writer.writerow([])
        writer.writerow([str(table.title)])
        writer.writerow([*(str(d.label) for d in table.dimensions), value_header])
        for keys, cell in table.cells():
            labels = [str(d.label_for(k)) for d, k in zip(table.dimensions, keys, strict=True)]
            writer.writerow([*labels, str(cell)])
