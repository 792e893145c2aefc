from django.urls import path

from harbour.followups import views

app_name = "followups"

urlpatterns = [
    path("", views.followup_list, name="list"),
    path("figures/", views.figures_page, name="figures"),
    path("notice/<pid:incident_id>/", views.notice_record, name="notice"),
    path("<pid:followup_id>/", views.followup_detail, name="detail"),
    path("<pid:followup_id>/take/", views.followup_take, name="take"),
    path("<pid:followup_id>/contact/", views.contact_record, name="contact"),
    path("<pid:followup_id>/decision/", views.decision_record, name="decision"),
    path("<pid:followup_id>/close/", views.followup_close, name="close"),
    # Any other identifier (a guessed number, say) reaches the getter too: refused and logged.
    path("<str:followup_id>/", views.followup_detail, name="detail-any"),
]
