from django.urls import path

from harbour.risk import views

app_name = "risk"

urlpatterns = [
    path("assessments/<pid:assessment_id>/", views.assessment_detail, name="assessment"),
    # Any other identifier (a guessed number, say) reaches the getter too: refused and logged.
    path("assessments/<str:assessment_id>/", views.assessment_detail, name="assessment-any"),
    path("<slug:tool_key>/<pid:person_id>/", views.assessment_new, name="new"),
]
