from django.urls import path

from harbour.core import views
from harbour.directory.public_views import find_support

app_name = "core"

urlpatterns = [
    # The public site's home is the directory's "Find support" search.
    path("", find_support, name="public-home"),
    path("browsing-safely/", views.browsing_safely, name="browsing-safely"),
    path("staff/", views.staff_home, name="staff-home"),
    path("favicon.ico", views.favicon),
]
