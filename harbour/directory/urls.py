"""Find support, on the public site (its first page is the site's home, see harbour.urls)."""

from django.urls import path

from harbour.directory import public_views

app_name = "directory"

urlpatterns = [
    path("results/", public_views.results, name="results"),
    path("results/<str:token>/", public_views.results_kept, name="results-kept"),
    path("results/<str:token>/exit/", public_views.results_forget, name="results-forget"),
    path("services/<pid:public_id>/", public_views.service_page, name="service"),
    path("services/<pid:public_id>/report/", public_views.entry_report, name="entry-report"),
    path(
        "services/<pid:public_id>/report/sent/",
        public_views.entry_report_sent,
        name="entry-report-sent",
    ),
]
