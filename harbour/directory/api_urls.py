"""/api/openreferral/: the Open Referral UK 3.0 API and its OpenAPI document."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from harbour.directory import api
from harbour.directory.standards import openapi_components

app_name = "openreferral"
API_PREFIX = "api/openreferral/"  # where harbour/urls.py mounts these URLs

endpoints = [
    path("", api.ApiRootView.as_view(), name="root"),
    path("services", api.ServiceListView.as_view(), name="services"),
    path("services/<str:id>", api.ServiceDetailView.as_view(), name="service"),
    path(
        "service_at_locations",
        api.ServiceAtLocationListView.as_view(),
        name="service-at-locations",
    ),
    path(
        "service_at_locations/<str:id>",
        api.ServiceAtLocationDetailView.as_view(),
        name="service-at-location",
    ),
    path("taxonomies", api.TaxonomyListView.as_view(), name="taxonomies"),
    path("taxonomies/<str:id>", api.TaxonomyDetailView.as_view(), name="taxonomy"),
    path("taxonomy_terms", api.TaxonomyTermListView.as_view(), name="taxonomy-terms"),
    path("taxonomy_terms/<str:id>", api.TaxonomyTermDetailView.as_view(), name="taxonomy-term"),
]


class OpenApiDocumentView(SpectacularJSONAPIView):
    """The published OpenAPI document of this API (public, no cookies, open to every origin:
    ``harbour.directory.middleware`` adds the header to every answer under the API)."""

    authentication_classes: list = []
    throttle_classes = [api.PublicApiThrottle]


urlpatterns = [
    *endpoints,
    path(
        "openapi.json",
        OpenApiDocumentView.as_view(
            patterns=[path(API_PREFIX, include(endpoints))],
            custom_settings={
                "TITLE": "Harbour directory: Open Referral UK API",
                "DESCRIPTION": (
                    "The region's directory of support services, in the Open Referral UK 3.0 "
                    "data standard. Public and read-only."
                ),
                "VERSION": api.VERSION,
                "APPEND_COMPONENTS": openapi_components(),
                "COMPONENT_SPLIT_REQUEST": False,
                "POSTPROCESSING_HOOKS": [
                    "harbour.directory.api.openapi_own_components",
                    "drf_spectacular.hooks.postprocess_schema_enums",
                    "harbour.directory.api.openapi_postprocess",
                ],
            },
        ),
        name="openapi",
    ),
    # Last: any other address under the API is a JSON 404.
    re_path(r"^", api.UnknownRouteView.as_view(), name="unknown"),
]
