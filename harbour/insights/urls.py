from django.urls import path

from harbour.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("incidents.csv", views.dashboard_csv, name="dashboard-csv"),
]
