from django.urls import include, path

from harbour.insights import public_views

app_name = "insights-public"

urlpatterns = [
    path("open-data/", public_views.open_data, name="open-data"),
    path("open-data/incidents.csv", public_views.open_data_csv, name="open-data-csv"),
    path("open-data/api/", include("harbour.insights.api_urls")),
]
