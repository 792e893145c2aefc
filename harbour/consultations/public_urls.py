from django.urls import path

from harbour.consultations import public_views

app_name = "consultations-public"

urlpatterns = [
    path("have-your-say/", public_views.consultation_list, name="list"),
    path("have-your-say/sent/", public_views.sent, name="sent"),
    path("have-your-say/<pid:consultation_id>/", public_views.respond, name="respond"),
]
