from django.urls import path

from harbour.directory import staff_views

app_name = "directory-staff"

urlpatterns = [
    path("", staff_views.services, name="services"),
    path("services/new/", staff_views.service_add, name="service-add"),
    path("services/<pid:public_id>/", staff_views.service_detail, name="service"),
    path("services/<pid:public_id>/edit/", staff_views.service_edit, name="service-edit"),
    path("organisations/", staff_views.organisations, name="organisations"),
    path("organisations/new/", staff_views.organisation_edit, name="organisation-add"),
    path(
        "organisations/<pid:public_id>/",
        staff_views.organisation_detail,
        name="organisation",
    ),
    path(
        "organisations/<pid:public_id>/edit/",
        staff_views.organisation_edit,
        name="organisation-edit",
    ),
    path("places/new/", staff_views.location_edit, name="location-add"),
    path("places/<pid:public_id>/edit/", staff_views.location_edit, name="location-edit"),
    path("reports/", staff_views.reports, name="reports"),
    path("reports/<pid:public_id>/done/", staff_views.report_resolve, name="report-resolve"),
    path("search-figures/", staff_views.search_figures, name="search-figures"),
]
