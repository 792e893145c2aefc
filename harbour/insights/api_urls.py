"""/open-data/api/: the open data API (harbour.insights.api)."""

from django.urls import path, re_path

from harbour.insights import api

app_name = "insights-api"

urlpatterns = [
    path("", api.RootView.as_view(), name="root"),
    path("<str:table_set>/", api.TableSetView.as_view(), name="table-set"),
    path("<str:table_set>/<str:key>/", api.ReleaseView.as_view(), name="release"),
    # Last: any other address under the API is a JSON 404.
    re_path(r"^(?P<rest>.*)$", api.UnknownRouteView.as_view(), name="unknown"),
]
