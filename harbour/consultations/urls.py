from django.urls import path

from harbour.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.consultation_create, name="create"),
    path("answer/", views.professional_list, name="answer-list"),
    path("answer/<pid:consultation_id>/", views.professional_respond, name="answer"),
    path("analyses/<pid:analysis_id>/", views.analysis_detail, name="analysis"),
    path("themes/<pid:theme_id>/", views.theme_detail, name="theme"),
    path("themes/<pid:theme_id>/<slug:action>/", views.theme_change, name="theme-change"),
    path("<pid:consultation_id>/", views.consultation_detail, name="detail"),
    path("<pid:consultation_id>/edit/", views.consultation_edit, name="edit"),
    path("<pid:consultation_id>/topics/", views.topic_add, name="topic-add"),
    path("<pid:consultation_id>/questions/new/", views.question_add, name="question-add"),
    path(
        "<pid:consultation_id>/questions/<pid:question_id>/remove/",
        views.question_remove,
        name="question-remove",
    ),
    path(
        "<pid:consultation_id>/questions/<pid:question_id>/analysis/",
        views.question_analysis,
        name="question-analysis",
    ),
    path("<pid:consultation_id>/import/", views.import_answers, name="import"),
    path(
        "<pid:consultation_id>/import/template.csv", views.import_template, name="import-template"
    ),
    path("<pid:consultation_id>/results/", views.consultation_results, name="results"),
    path("<pid:consultation_id>/results/report/", views.results_report, name="report"),
    path("<pid:consultation_id>/results.csv", views.results_csv, name="results-csv"),
    # Any other identifier (a guessed number, say) reaches the getter too: refused and logged.
    path("<str:consultation_id>/", views.consultation_detail, name="detail-any"),
]
