from django.urls import path

from harbour.safety_reports import public_views

app_name = "safety_reports-public"

urlpatterns = [
    path("safety/report/", public_views.report, name="report"),
    path("safety/report/sent/", public_views.sent, name="sent"),
    path("safety/alerts/", public_views.alerts, name="alerts"),
]
