from django.urls import path

from harbour.action_plan import views

app_name = "action_plan"

urlpatterns = [
    path("", views.board, name="board"),
    path("report/", views.report, name="report"),
    path("milestones/<pid:milestone_id>/", views.milestone_update_page, name="milestone"),
]
