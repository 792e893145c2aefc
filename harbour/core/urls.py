from django.urls import path

from harbour.core import views

app_name = "core"

# The public site's home ("core:public-home") is added by the project's URLconf (harbour.urls):
# it is the directory's "Find support" search, and core sits below the directory.
urlpatterns = [
    path("browsing-safely/", views.browsing_safely, name="browsing-safely"),
    path("staff/", views.staff_home, name="staff-home"),
    path("favicon.ico", views.favicon),
]
