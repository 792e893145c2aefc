from django.urls import path

from harbour.prevention import views

app_name = "prevention"

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/add/", views.programme_add, name="programme-add"),
    path("programmes/<pid:programme_id>/", views.programme_detail, name="programme"),
    path("programmes/<pid:programme_id>/sessions/add/", views.session_add, name="session-add"),
    path("programmes/<pid:programme_id>/results/", views.results, name="results"),
]
