"""The Open Referral UK 3.0 API: public, read-only JSON under /api/openreferral/.

Open to anyone without a key (as the standard asks), throttled per client, with
``Access-Control-Allow-Origin: *``; it reads no session and sets no cookie. See
docs/directory.md for parameters and errors.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import math
import re
import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from harbour.directory import oruk
from harbour.directory.models import (
    Organisation,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from harbour.directory.queries import (
    filter_by_area,
    filter_by_terms,
    filter_by_text,
    with_details,
)
from harbour.directory.standards import page_of
from harbour.regions.models import GSS_CODE_PATTERN, LocalAuthority

VERSION = "HSDS-UK-3.0"
PROFILE = "https://github.com/OpenReferralUK/uk-profile"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_AGE = 150
_GSS_CODE = re.compile(GSS_CODE_PATTERN)

# Parameters of the standard that Harbour does not offer, and what to use instead.
UNSUPPORTED = {
    "postcode": "Harbour does not search by postcode: use local_authority with the GSS code "
    "of a local authority (e.g. E08000012).",
    "proximity": "Harbour does not search by distance: use local_authority with the GSS code "
    "of a local authority (e.g. E08000012).",
    "day": "Harbour does not filter services by opening day; opening times are in each "
    "service's schedules.",
    "start_time": "Harbour does not filter services by opening time; opening times are in "
    "each service's schedules.",
    "end_time": "Harbour does not filter services by closing time; opening times are in each "
    "service's schedules.",
    "minimal": "Harbour does not offer minimal listings: page through /services instead.",
    "full": "Harbour does not offer fully nested listings: get each service at /services/{id}.",
    "full_service": "Harbour does not offer fully nested listings: get each service at "
    "/services/{id}.",
}


class ParameterError(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "bad_parameter"

    def __init__(self, parameter: str, message: str):
        super().__init__({"parameter": parameter, "detail": message})


class PublicApiThrottle(AnonRateThrottle):
    """Per-client limit; the client's address is kept only as a keyed hash, for a minute."""

    scope = "public"

    def get_cache_key(self, request, view):
        ident = self.get_ident(request).encode()
        digest = hmac.new(settings.HARBOUR_HASH_KEY.encode(), ident, hashlib.sha256).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": digest[:32]}


class OpenReferralView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicApiThrottle]
    renderer_classes = [JSONRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        return response

    def check_unsupported(self, request: Request) -> None:
        for parameter, message in UNSUPPORTED.items():
            if parameter in request.query_params:
                raise ParameterError(parameter, message)


# --- Parameters -------------------------------------------------------------------------------


def _integer(params, name: str, default: int, *, minimum: int, maximum: int | None = None) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ParameterError(name, f"{name} must be a whole number, not {raw[:40]!r}.") from None
    if value < minimum or (maximum is not None and value > maximum):
        upper = f" and {maximum}" if maximum is not None else " or more"
        between = f"between {minimum}{upper}" if maximum is not None else f"{minimum}{upper}"
        raise ParameterError(name, f"{name} must be {between}.")
    return value


def _uuid(raw: str | None, name: str) -> uuid.UUID | None:
    if raw is None or raw == "":
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise ParameterError(name, f"{name} must be a UUID, not {raw[:40]!r}.") from None


def _age(params, name: str) -> Decimal | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ParameterError(name, f"{name} must be a number, not {raw[:40]!r}.") from None
    if not value.is_finite() or value < 0 or value > MAX_AGE:
        raise ParameterError(name, f"{name} must be between 0 and {MAX_AGE}.")
    return value


def _local_authority(params) -> LocalAuthority | None:
    raw = params.get("local_authority")
    if raw is None or raw == "":
        return None
    if not _GSS_CODE.match(raw):
        raise ParameterError(
            "local_authority",
            "local_authority must be a GSS code: a letter E, W, S or N and eight digits, "
            "such as E08000012.",
        )
    area = LocalAuthority.objects.filter(gss_code=raw).first()
    if area is None:
        raise ParameterError("local_authority", f"No local authority has the GSS code {raw}.")
    return area


def _modified_after(params) -> datetime.datetime | None:
    raw = params.get("modified_after")
    if raw is None or raw == "":
        return None
    try:
        value = parse_datetime(raw)
    except ValueError:
        value = None
    if value is None:
        raise ParameterError(
            "modified_after",
            "modified_after must be a date and time such as 2026-01-31T09:00:00Z.",
        )
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value


def filter_services(services: QuerySet[Service], params) -> QuerySet[Service]:
    """Apply the standard's service filters (and Harbour's local_authority) to ``services``."""
    term_id = _uuid(params.get("taxonomy_term_id"), "taxonomy_term_id")
    if term_id is not None:
        services = filter_by_terms(services, TaxonomyTerm.objects.filter(oruk_id=term_id))
    taxonomy_id = _uuid(params.get("taxonomy_id"), "taxonomy_id")
    if taxonomy_id is not None:
        services = filter_by_terms(
            services, TaxonomyTerm.objects.filter(taxonomy__oruk_id=taxonomy_id)
        )
    organisation_id = _uuid(params.get("organization_id"), "organization_id")
    if organisation_id is not None:
        services = services.filter(
            organisation__in=Organisation.objects.filter(oruk_id=organisation_id)
        )
    minimum_age = _age(params, "minimum_age")
    if minimum_age is not None:
        services = services.filter(minimum_age__gte=minimum_age)
    maximum_age = _age(params, "maximum_age")
    if maximum_age is not None:
        services = services.filter(maximum_age__lte=maximum_age)
    area = _local_authority(params)
    if area is not None:
        services = filter_by_area(services, area)
    modified_after = _modified_after(params)
    if modified_after is not None:
        services = services.filter(updated_at__gte=modified_after)
    text = params.get("search", "")
    if text.strip():
        services = filter_by_text(services, text)
    return services


def paginate(items: QuerySet, params, render: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """The standard's page envelope around one page of ``items``."""
    page = _integer(params, "page", 1, minimum=1)
    per_page = _integer(params, "per_page", DEFAULT_PER_PAGE, minimum=1, maximum=MAX_PER_PAGE)
    total = items.count()
    start = (page - 1) * per_page
    contents = [render(item) for item in items[start : start + per_page]] if start < total else []
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _get_by_uuid(queryset: QuerySet, raw: str):
    identifier = _uuid(raw, "id")
    found = queryset.filter(oruk_id=identifier).first()
    if found is None:
        raise NotFound({"detail": "Nothing has this id."})
    return found


# --- OpenAPI descriptions ---------------------------------------------------------------------

ERROR = {
    "type": "object",
    "properties": {"parameter": {"type": "string"}, "detail": {"type": "string"}},
}
PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="Page number, from 1."),
    OpenApiParameter("per_page", int, description=f"Items a page, 1 to {MAX_PER_PAGE}."),
]
SERVICE_FILTERS = [
    OpenApiParameter("search", str, description="Words in the name or description."),
    OpenApiParameter(
        "taxonomy_term_id",
        str,
        description="Services with this taxonomy term, or a narrower term under it (UUID).",
    ),
    OpenApiParameter(
        "taxonomy_id", str, description="Services with any term of this taxonomy (UUID)."
    ),
    OpenApiParameter("organization_id", str, description="Services of this organisation (UUID)."),
    OpenApiParameter(
        "minimum_age", float, description="Services whose minimum age is at least this."
    ),
    OpenApiParameter(
        "maximum_age", float, description="Services whose maximum age is at most this."
    ),
    OpenApiParameter(
        "local_authority",
        str,
        description="Harbour: services for this local authority area, by its ONS GSS code "
        "(e.g. E08000012).",
    ),
    OpenApiParameter(
        "modified_after", str, description="Services changed at or after this date and time."
    ),
    *[
        OpenApiParameter(name, str, description=f"Not supported: {message}")
        for name, message in UNSUPPORTED.items()
    ],
]
BAD_REQUEST = OpenApiResponse(ERROR, description="A parameter is wrong or not supported.")
NOT_FOUND = OpenApiResponse(ERROR, description="Nothing has this id.")


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


# --- Endpoints ---------------------------------------------------------------------------------


class ApiRootView(OpenReferralView):
    @extend_schema(
        operation_id="getAPIMetaInformation",
        summary="About this API",
        responses={
            200: {
                "type": "object",
                "properties": {
                    "version": {"type": "string"},
                    "profile": {"type": "string", "format": "uri"},
                    "openapi_url": {"type": "string", "format": "uri"},
                },
            }
        },
    )
    def get(self, request: Request) -> Response:
        return Response(
            {
                "version": VERSION,
                "profile": PROFILE,
                "openapi_url": request.build_absolute_uri(reverse("openreferral:openapi")),
            }
        )


class ServiceListView(OpenReferralView):
    @extend_schema(
        operation_id="getPaginatedListOfServices",
        summary="Services (one-to-one fields), page by page",
        parameters=[*SERVICE_FILTERS, *PAGE_PARAMETERS],
        responses={200: page_of("ServiceListItem"), 400: BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        self.check_unsupported(request)
        services = filter_services(
            Service.objects.select_related("organisation"), request.query_params
        ).order_by("name", "pk")
        return Response(paginate(services, request.query_params, oruk.service_list_json))


class ServiceDetailView(OpenReferralView):
    @extend_schema(
        operation_id="getFullyNestedServiceById",
        summary="A fully nested service",
        responses={200: _ref("Service"), 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, id: str) -> Response:
        service = _get_by_uuid(with_details(Service.objects.all()), id)
        return Response(oruk.service_json(service, oruk.standard_terms()))


def _sal_queryset() -> QuerySet[ServiceAtLocation]:
    return ServiceAtLocation.objects.select_related("service__organisation", "location")


class ServiceAtLocationListView(OpenReferralView):
    @extend_schema(
        operation_id="getPaginatedListOfServiceAtLocation",
        summary="Services at locations, page by page",
        parameters=[*SERVICE_FILTERS, *PAGE_PARAMETERS],
        responses={200: page_of("ServiceAtLocationListItem"), 400: BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        self.check_unsupported(request)
        services = filter_services(Service.objects.all(), request.query_params)
        items = _sal_queryset().filter(service__in=services).order_by("service__name", "pk")
        return Response(paginate(items, request.query_params, oruk.service_at_location_list_json))


class ServiceAtLocationDetailView(OpenReferralView):
    @extend_schema(
        operation_id="getServiceAtLocationWithNestedDataById",
        summary="A fully nested service at a location",
        responses={200: _ref("ServiceAtLocation"), 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, id: str) -> Response:
        sal = _get_by_uuid(_sal_queryset(), id)
        # The nested service's details, fetched in a fixed number of queries.
        sal.service = with_details(Service.objects.filter(pk=sal.service_id)).get()
        return Response(oruk.service_at_location_json(sal, oruk.standard_terms()))


class TaxonomyListView(OpenReferralView):
    @extend_schema(
        operation_id="getPaginatedListOfTaxonomies",
        summary="Taxonomies, page by page",
        parameters=PAGE_PARAMETERS,
        responses={200: page_of("Taxonomy"), 400: BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        taxonomies = Taxonomy.objects.order_by("name", "pk")
        return Response(paginate(taxonomies, request.query_params, oruk.taxonomy_json))


class TaxonomyDetailView(OpenReferralView):
    @extend_schema(
        operation_id="getTaxonomyById",
        summary="A taxonomy with its terms",
        responses={200: _ref("Taxonomy"), 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, id: str) -> Response:
        taxonomy = _get_by_uuid(Taxonomy.objects.all(), id)
        terms = list(taxonomy.terms.select_related("taxonomy", "parent"))
        return Response(oruk.taxonomy_json(taxonomy, terms=terms))


class TaxonomyTermListView(OpenReferralView):
    @extend_schema(
        operation_id="getPaginatedListOfTaxonomyTerms",
        summary="Taxonomy terms, page by page",
        parameters=[
            OpenApiParameter("taxonomy_id", str, description="Terms of this taxonomy (UUID)."),
            *PAGE_PARAMETERS,
        ],
        responses={200: page_of("TaxonomyTerm"), 400: BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        terms = TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by(
            "taxonomy__name", "position", "pk"
        )
        taxonomy_id = _uuid(request.query_params.get("taxonomy_id"), "taxonomy_id")
        if taxonomy_id is not None:
            terms = terms.filter(taxonomy__oruk_id=taxonomy_id)
        return Response(paginate(terms, request.query_params, oruk.term_json))


class TaxonomyTermDetailView(OpenReferralView):
    @extend_schema(
        operation_id="getTaxonomyTermById",
        summary="A taxonomy term",
        responses={200: _ref("TaxonomyTerm"), 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, id: str) -> Response:
        term = _get_by_uuid(TaxonomyTerm.objects.select_related("taxonomy", "parent"), id)
        return Response(oruk.term_json(term))
