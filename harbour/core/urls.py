from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from harbour.core import views

app_name = "core"

urlpatterns = [
    path("", views.public_home, name="public-home"),
    path("browsing-safely/", views.browsing_safely, name="browsing-safely"),
    path("staff/", views.staff_home, name="staff-home"),
    path("favicon.ico", RedirectView.as_view(url=static("harbour/favicon.svg"))),
]
