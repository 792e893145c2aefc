"""The directory in the staff area: every member of staff may read it; editors keep it."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from harbour.accounts.decorators import role_required
from harbour.directory.forms import (
    LocationForm,
    OpeningTimesFormSet,
    OrganisationForm,
    ServiceForm,
    StaffSearchForm,
)
from harbour.directory.models import EntryReport, Location, Organisation, Service
from harbour.directory.permissions import EDITOR_ROLES, can_edit_directory
from harbour.directory.published_tables import search_releases
from harbour.directory.queries import need_get, reports_open, service_search, with_details
from harbour.directory.services import (
    entry_report_resolve,
    location_save,
    organisation_save,
    service_save,
)
from harbour.regions.models import LocalAuthority

PAGE_SIZE = 25


@require_safe
def services(request: HttpRequest) -> HttpResponse:
    form = StaffSearchForm(request.GET or None)
    found = service_search(statuses=None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        need = need_get(data["need"]) if data["need"] else None
        area = (
            LocalAuthority.objects.filter(gss_code=data["area"]).first() if data["area"] else None
        )
        found = service_search(
            need=need,
            area=area,
            text=data["words"],
            statuses=[data["status"]] if data["status"] else None,
        )
    found = found.prefetch_related("areas").annotate(
        open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True))
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/staff/services.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_edit": can_edit_directory(request.user),
        },
    )


@require_safe
def service_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    service = get_object_or_404(with_details(Service.objects.all()), public_id=public_id)
    return render(
        request,
        "directory/staff/service.html",
        {
            "service": service,
            "agency": service.organisation.agency,
            "reports": service.reports.filter(resolved_at__isnull=True),
            "changes": service.history.select_related("history_user")[:10],
            "can_edit": can_edit_directory(request.user),
        },
    )


def _opening_times_initial(service: Service) -> list[dict]:
    return [
        {
            "days": schedule.days,
            "opens_at": schedule.opens_at,
            "closes_at": schedule.closes_at,
            "description": schedule.description,
        }
        for schedule in service.schedules.all()
    ]


def _service_form_page(request: HttpRequest, service: Service | None) -> HttpResponse:
    initial = {}
    if service is None and request.GET.get("organisation"):
        initial["organisation"] = Organisation.objects.filter(
            public_id=request.GET["organisation"]
        ).first()
    if request.method == "POST":
        form = ServiceForm(request.POST, instance=service)
        times = OpeningTimesFormSet(request.POST, prefix="times")
        if form.is_valid() and times.is_valid():
            opening_times = [
                f.opening_times()
                for f in times.forms
                if f.has_changed() and not f.cleaned_data.get("DELETE")
            ]
            saved = service_save(
                service=form.save(commit=False),
                by=request.user,
                needs=form.cleaned_data["needs"],
                areas=form.cleaned_data["areas"],
                locations=form.cleaned_data["locations"],
                opening_times=opening_times,
                changed=[*form.changed_data, *(["opening_times"] if times.has_changed() else [])],
            )
            messages.success(request, _("The service has been saved."))
            return redirect("directory-staff:service", public_id=saved.public_id)
    else:
        form = ServiceForm(instance=service, initial=initial)
        times = OpeningTimesFormSet(
            prefix="times", initial=_opening_times_initial(service) if service else None
        )
    return render(
        request,
        "directory/staff/service_form.html",
        {"form": form, "times": times, "service": service},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*EDITOR_ROLES)
def service_add(request: HttpRequest) -> HttpResponse:
    return _service_form_page(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*EDITOR_ROLES)
def service_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    return _service_form_page(request, get_object_or_404(Service, public_id=public_id))


@require_safe
def organisations(request: HttpRequest) -> HttpResponse:
    found = Organisation.objects.select_related("agency").annotate(
        service_count=Count("services", distinct=True)
    )
    return render(
        request,
        "directory/staff/organisations.html",
        {"organisations": found, "can_edit": can_edit_directory(request.user)},
    )


@require_safe
def organisation_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related("agency"), public_id=public_id
    )
    return render(
        request,
        "directory/staff/organisation.html",
        {
            "organisation": organisation,
            "services": organisation.services.order_by("name"),
            "locations": organisation.locations.select_related("local_authority"),
            "can_edit": can_edit_directory(request.user),
        },
    )


def _simple_form_page(request, *, form_class, instance, save, template, done, initial=None):
    if request.method == "POST":
        form = form_class(request.POST, instance=instance)
        if form.is_valid():
            record = save(form.save(commit=False), by=request.user, changed=form.changed_data)
            messages.success(request, _("Saved."))
            return redirect(*done(record))
    else:
        form = form_class(instance=instance, initial=initial or {})
    return render(request, template, {"form": form, "record": instance})


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*EDITOR_ROLES)
def organisation_edit(request: HttpRequest, public_id: str | None = None) -> HttpResponse:
    instance = get_object_or_404(Organisation, public_id=public_id) if public_id else None
    return _simple_form_page(
        request,
        form_class=OrganisationForm,
        instance=instance,
        save=lambda record, **kw: organisation_save(organisation=record, **kw),
        template="directory/staff/organisation_form.html",
        done=lambda record: ("directory-staff:organisation", record.public_id),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*EDITOR_ROLES)
def location_edit(request: HttpRequest, public_id: str | None = None) -> HttpResponse:
    instance = get_object_or_404(Location, public_id=public_id) if public_id else None
    initial = {}
    if instance is None and request.GET.get("organisation"):
        initial["organisation"] = Organisation.objects.filter(
            public_id=request.GET["organisation"]
        ).first()
    return _simple_form_page(
        request,
        form_class=LocationForm,
        instance=instance,
        save=lambda record, **kw: location_save(location=record, **kw),
        template="directory/staff/location_form.html",
        done=lambda record: ("directory-staff:organisation", record.organisation.public_id),
        initial=initial,
    )


@require_safe
@role_required(*EDITOR_ROLES)
def reports(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/staff/reports.html", {"reports": reports_open()})


@require_POST
@role_required(*EDITOR_ROLES)
def report_resolve(request: HttpRequest, public_id: str) -> HttpResponse:
    report = get_object_or_404(EntryReport, public_id=public_id)
    entry_report_resolve(report=report, by=request.user)
    messages.success(request, _("The report has been marked as dealt with."))
    return redirect("directory-staff:reports")


@require_safe
@role_required(*EDITOR_ROLES)
def search_figures(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/staff/search_figures.html", {"releases": search_releases()})
