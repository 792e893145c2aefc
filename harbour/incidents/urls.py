from django.urls import path

from harbour.incidents import views

app_name = "incidents"

urlpatterns = [
    path("", views.incident_list, name="list"),
    path("new/", views.incident_new, name="new"),
    path("new/draft/<pid:draft_id>/", views.victim_tasks, name="victim-tasks"),
    path("new/draft/<pid:draft_id>/<slug:section>/", views.victim_section, name="victim-section"),
    path("new/<pid:person_id>/", views.incident_new_for_person, name="new-for-person"),
    path("disclosures/new/<pid:person_id>/", views.disclosure_new, name="disclosure-new"),
    path("<pid:incident_id>/", views.incident_detail, name="detail"),
    path("<pid:incident_id>/people-harming-her/new/", views.harmer_new, name="harmer-new"),
    path("<pid:incident_id>/domestic-abuse/", views.domestic_abuse_confirm, name="domestic-abuse"),
    path("<pid:incident_id>/support/", views.support_record, name="support"),
    path("<pid:incident_id>/outcome/", views.outcome_record, name="outcome"),
    path("<pid:incident_id>/actions/<pid:action_id>/", views.action_complete, name="action"),
    # Any other identifier (a guessed number, say) reaches the getter too: refused and logged.
    path("<str:incident_id>/", views.incident_detail, name="detail-any"),
]
