from django.urls import path

from harbour.safety_reports import views

app_name = "safety_reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("reports/<pid:report_id>/", views.report_detail, name="detail"),
    path("reports/<pid:report_id>/redact/", views.report_redact, name="redact"),
    path("reports/<pid:report_id>/publish/", views.report_publish, name="publish"),
    path("reports/<pid:report_id>/accept/", views.report_accept, name="accept"),
    path("reports/<pid:report_id>/reject/", views.report_reject, name="reject"),
    path("reports/<pid:report_id>/export/", views.report_export, name="export"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<pid:alert_id>/withdraw/", views.alert_withdraw, name="withdraw"),
    path("subscribers/", views.subscriber_list, name="subscribers"),
    path("subscribers/<pid:subscriber_id>/vet/", views.subscriber_vet, name="vet"),
    path("subscribers/<pid:subscriber_id>/suspend/", views.subscriber_suspend, name="suspend"),
    path("outbox/", views.outbox, name="outbox"),
    path("figures/", views.figures_page, name="figures"),
]
