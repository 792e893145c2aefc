"""The Open Referral UK 3.0 API: public, read-only JSON under /api/openreferral/.

Open to anyone without a key (as the standard asks), throttled per client, with
``Access-Control-Allow-Origin: *``; it reads no session and sets no cookie. See
docs/directory.md for parameters and errors.
"""

from __future__ import annotations

import copy
import datetime
import math
import re
import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

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
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from harbour.core.net import address_digest, client_address
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
)
from harbour.directory.standards import page_of
from harbour.regions.models import GSS_CODE_PATTERN, LocalAuthority

VERSION = "HSDS-UK-3.0"
PROFILE = "https://github.com/OpenReferralUK/uk-profile"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000
MAX_AGE = 150
MAX_SEARCH_LENGTH = 200
# Offsets of real time zones run from UTC-12:00 to UTC+14:00; others are mistakes.
MAX_OFFSET_EAST = datetime.timedelta(hours=14)
MAX_OFFSET_WEST = datetime.timedelta(hours=12)
_GSS_CODE = re.compile(GSS_CODE_PATTERN)
_WHOLE_NUMBER = re.compile(r"[0-9]+")
_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_NOT_FINITE = {"nan", "inf", "infinity", "+inf", "+infinity", "-inf", "-infinity"}
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"([Zz]|[+-][0-9]{2}:[0-5][0-9])"
)
EARLIEST_DAY = datetime.date(1, 1, 2)
LATEST_DAY = datetime.date(9999, 12, 30)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# Control characters have no place in a parameter (PostgreSQL refuses NUL in text).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
FORMATS = ("json",)

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
    """Per-client limit. The client is the sender by the trusted-proxy rule
    (``harbour.core.net.client_address``: an ``X-Forwarded-For`` header the client wrote itself
    changes nothing), known only by a digest under the short-lived address key, for a minute."""

    scope = "public"

    def get_ident(self, request) -> str:
        return client_address(request)

    def get_cache_key(self, request, view):
        digest = address_digest("directory.api", self.get_ident(request))
        return self.cache_format % {"scope": self.scope, "ident": digest}


class OpenReferralView(APIView):
    """Public, read-only, JSON only. ``Access-Control-Allow-Origin: *`` is added to every answer
    under the API, errors included, by ``harbour.directory.middleware``."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicApiThrottle]
    renderer_classes = [JSONRenderer]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # the throttle counts every request
        for name, value in [*request.query_params.lists(), *kwargs.items()]:
            values = value if isinstance(value, list) else [value]
            if any(_CONTROL.search(item) for item in values):
                raise ParameterError(name, f"{name} must not contain control characters.")

    def perform_content_negotiation(self, request, force=False):
        requested = request.query_params.get(api_settings.URL_FORMAT_OVERRIDE)
        if not force and requested and requested not in FORMATS:
            raise ParameterError(
                "format",
                f"Harbour's API answers in JSON only: leave out format, or use format=json "
                f"(not {requested[:40]!r}).",
            )
        return super().perform_content_negotiation(request, force)

    def check_unsupported(self, request: Request) -> None:
        for parameter, message in UNSUPPORTED.items():
            if parameter in request.query_params:
                raise ParameterError(parameter, message)


# --- Parameters -------------------------------------------------------------------------------


def _integer(params, name: str, default: int, *, minimum: int, maximum: int | None = None) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    if not _WHOLE_NUMBER.fullmatch(raw):
        raise ParameterError(name, f"{name} must be a whole number, not {raw[:40]!r}.")
    value = int(raw) if len(raw) <= 18 else None  # longer is out of any range, and slow to read
    if value is None or value < minimum or (maximum is not None and value > maximum):
        upper = f" and {maximum}" if maximum is not None else " or more"
        between = f"between {minimum}{upper}" if maximum is not None else f"{minimum}{upper}"
        raise ParameterError(name, f"{name} must be {between}.")
    return value


def _uuid(raw: str | None, name: str) -> uuid.UUID | None:
    if raw is None or raw == "":
        return None
    if not _UUID.fullmatch(raw):
        raise ParameterError(name, f"{name} must be a UUID, not {raw[:40]!r}.")
    return uuid.UUID(raw)


def _age(params, name: str) -> Decimal | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    if not _NUMBER.fullmatch(raw):
        if _NUMBER.fullmatch(raw.removeprefix("-")) or raw.lower() in _NOT_FINITE:
            raise ParameterError(name, f"{name} must be between 0 and {MAX_AGE}.")
        raise ParameterError(name, f"{name} must be a number, not {raw[:40]!r}.")
    try:
        value = Decimal(raw)
        in_range = 0 <= value <= MAX_AGE
    except InvalidOperation:  # an exponent beyond what a decimal holds
        in_range = False
    if not in_range:
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
    """An RFC 3339 date and time with its offset, within the range the document states."""
    raw = params.get("modified_after")
    if raw is None or raw == "":
        return None
    try:
        value = parse_datetime(raw.upper()) if _DATE_TIME.fullmatch(raw) else None
    except ValueError:
        value = None
    if value is None:  # not the grammar, or no such day or time (31 February, 25:00)
        raise ParameterError(
            "modified_after",
            "modified_after must be a date and time with its offset from UTC, such as "
            "2026-01-31T09:00:00Z or 2026-07-31T10:00:00+01:00.",
        )
    offset = value.utcoffset()
    if offset > MAX_OFFSET_EAST or -offset > MAX_OFFSET_WEST:
        raise ParameterError(
            "modified_after",
            "modified_after must have an offset from UTC between -12:00 and +14:00.",
        )
    if not EARLIEST_DAY <= value.date() <= LATEST_DAY:
        raise ParameterError(
            "modified_after",
            f"modified_after must be a day from {EARLIEST_DAY} to {LATEST_DAY}.",
        )
    return value.astimezone(datetime.UTC)


def _search(params) -> str:
    text = params.get("search", "")
    if len(text) > MAX_SEARCH_LENGTH:
        raise ParameterError(
            "search", f"search must be at most {MAX_SEARCH_LENGTH} characters long."
        )
    return text


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
        services = services.filter(minimum_age__gte=math.ceil(minimum_age))
    maximum_age = _age(params, "maximum_age")
    if maximum_age is not None:
        services = services.filter(maximum_age__lte=math.floor(maximum_age))
    area = _local_authority(params)
    if area is not None:
        services = filter_by_area(services, area)
    modified_after = _modified_after(params)
    if modified_after is not None:
        services = services.filter(updated_at__gte=modified_after)
    text = _search(params)
    if text.strip():
        services = filter_by_text(services, text)
    return services


def paginate(items: QuerySet, params, render: Callable[[QuerySet], list[Any]]) -> dict[str, Any]:
    """The standard's page envelope around one page of ``items``, built by ``render`` from the
    page's slice of the queryset (in one query)."""
    page = _integer(params, "page", 1, minimum=1, maximum=MAX_PAGE)
    per_page = _integer(params, "per_page", DEFAULT_PER_PAGE, minimum=1, maximum=MAX_PER_PAGE)
    total = items.count()
    start = (page - 1) * per_page
    contents = render(items[start : start + per_page]) if start < total else []
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


def _found(data: dict[str, Any] | None) -> dict[str, Any]:
    if data is None:
        raise NotFound({"detail": "Nothing has this id."})
    return data


# --- OpenAPI descriptions ---------------------------------------------------------------------

ERROR = {
    "type": "object",
    "properties": {"parameter": {"type": "string"}, "detail": {"type": "string"}},
}
# Parameters are described as tightly as the code reads them, so a client (or a fuzzer) can tell
# a good request from a bad one from the document alone.
UUID_SCHEMA = {"type": "string", "format": "uuid"}
PAGE_PARAMETERS = [
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        description="Page number, from 1. A page past the end is empty.",
    ),
    OpenApiParameter(
        "per_page",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
        description=f"Items a page, 1 to {MAX_PER_PAGE}.",
    ),
]
AGE_SCHEMA = {"type": "number", "minimum": 0, "maximum": MAX_AGE}
# modified_after: an RFC 3339 date and time with its offset (the same grammar as the code reads,
# _DATE_TIME), an offset a real time zone has (UTC-12:00 to UTC+14:00), and a date from 0001-01-02
# to 9999-12-30, so that the time stays within the years 1 to 9999 in UTC whatever the offset.
MODIFIED_AFTER_PATTERN = (
    r"^(?!0001-01-01|9999-12-31)"
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"([Zz]|\+(0[0-9]|1[0-3]):[0-5][0-9]|\+14:00|-(0[0-9]|1[01]):[0-5][0-9]|-12:00)$"
)
SERVICE_FILTERS = [
    OpenApiParameter(
        "search",
        {"type": "string", "maxLength": MAX_SEARCH_LENGTH, "pattern": "^[^\\x00-\\x1f\\x7f]*$"},
        description="Words in the name or description, every word (up to "
        f"{MAX_SEARCH_LENGTH} characters, no control characters).",
    ),
    OpenApiParameter(
        "taxonomy_term_id",
        UUID_SCHEMA,
        description="Services with this taxonomy term, or a narrower term under it.",
    ),
    OpenApiParameter(
        "taxonomy_id", UUID_SCHEMA, description="Services with any term of this taxonomy."
    ),
    OpenApiParameter("organization_id", UUID_SCHEMA, description="Services of this organisation."),
    OpenApiParameter(
        "minimum_age", AGE_SCHEMA, description="Services whose minimum age is at least this."
    ),
    OpenApiParameter(
        "maximum_age", AGE_SCHEMA, description="Services whose maximum age is at most this."
    ),
    OpenApiParameter(
        "local_authority",
        {"type": "string", "pattern": GSS_CODE_PATTERN},
        description="Harbour: services for this local authority area, by its ONS GSS code "
        "(e.g. E08000012): one of the codes listed, those of the region's areas.",
    ),
    OpenApiParameter(
        "modified_after",
        {"type": "string", "format": "date-time", "pattern": MODIFIED_AFTER_PATTERN},
        description="Services changed at or after this date and time (RFC 3339, e.g. "
        "2026-01-31T09:00:00Z). The offset from UTC must be between -12:00 and +14:00, and "
        "the time in UTC between the years 1 and 9999.",
    ),
]
# The standard's parameters that Harbour refuses are named in the list operations' description,
# not declared as parameters: no value of theirs is accepted.
UNSUPPORTED_NOTE = (
    "Parameters of the standard that Harbour does not offer ("
    + ", ".join(f"`{name}`" for name in UNSUPPORTED)
    + ") are refused with a 400 that names the parameter and says what to use instead."
)
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    {"type": "string", "enum": list(FORMATS)},
    description="Harbour answers in JSON only; any other format is refused.",
)
ID_PARAMETER = OpenApiParameter(
    "id", UUID_SCHEMA, location=OpenApiParameter.PATH, description="The record's UUID."
)
BAD_REQUEST = OpenApiResponse(ERROR, description="A parameter is wrong or not supported.")
NOT_FOUND = OpenApiResponse(ERROR, description="Nothing has this id.")
THROTTLED = OpenApiResponse(ERROR, description="Too many requests from this client: wait a minute.")
LIST_ERRORS = {400: BAD_REQUEST, 429: THROTTLED}
DETAIL_ERRORS = {400: BAD_REQUEST, 404: NOT_FOUND, 429: THROTTLED}


def openapi_own_components(result, generator, request, public):
    """drf-spectacular hook, run first: the components appended from the standard's files are
    one set of objects shared by every generation of the document, and later hooks change what
    they are given (the enum hook replaces an inline enum by a reference to a component it
    adds). Each generation works on its own copy, so the second document is whole too."""
    result["components"] = copy.deepcopy(result.get("components", {}))
    return result


def openapi_postprocess(result, generator, request, public):
    """drf-spectacular hook: what the decorators cannot say.

    - An empty value (``?page=``) is read as if the parameter were not given, so every optional
      query parameter allows it.
    - ``local_authority`` takes only the GSS codes of the region's areas: they are data, read
      when the document is served.
    """
    areas = list(LocalAuthority.objects.order_by("gss_code").values_list("gss_code", flat=True))
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                parameter["allowEmptyValue"] = True
                if parameter["name"] == "local_authority" and areas:
                    parameter["schema"]["enum"] = areas
    return result


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


# --- Endpoints ---------------------------------------------------------------------------------


class ApiRootView(OpenReferralView):
    @extend_schema(
        operation_id="getAPIMetaInformation",
        summary="About this API",
        parameters=[FORMAT_PARAMETER],
        responses={
            200: {
                "type": "object",
                "properties": {
                    "version": {"type": "string"},
                    "profile": {"type": "string", "format": "uri"},
                    "openapi_url": {"type": "string", "format": "uri"},
                },
            },
            **LIST_ERRORS,
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
        description=UNSUPPORTED_NOTE,
        parameters=[*SERVICE_FILTERS, *PAGE_PARAMETERS, FORMAT_PARAMETER],
        responses={200: page_of("ServiceListItem"), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        self.check_unsupported(request)
        services = filter_services(Service.objects.all(), request.query_params)
        services = services.order_by(*oruk.SERVICE_ORDER)
        return Response(paginate(services, request.query_params, oruk.service_page))


class ServiceDetailView(OpenReferralView):
    @extend_schema(
        operation_id="getFullyNestedServiceById",
        parameters=[ID_PARAMETER, FORMAT_PARAMETER],
        summary="A fully nested service",
        responses={200: _ref("Service"), **DETAIL_ERRORS},
    )
    def get(self, request: Request, id: str) -> Response:
        services = Service.objects.filter(oruk_id=_uuid(id, "id"))
        return Response(_found(oruk.nested_service_json(services)))


class ServiceAtLocationListView(OpenReferralView):
    @extend_schema(
        operation_id="getPaginatedListOfServiceAtLocation",
        summary="Services at locations, page by page",
        description=UNSUPPORTED_NOTE,
        parameters=[*SERVICE_FILTERS, *PAGE_PARAMETERS, FORMAT_PARAMETER],
        responses={200: page_of("ServiceAtLocationListItem"), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        self.check_unsupported(request)
        services = filter_services(Service.objects.all(), request.query_params)
        items = ServiceAtLocation.objects.filter(service__in=services).order_by(*oruk.SAL_ORDER)
        return Response(paginate(items, request.query_params, oruk.service_at_location_page))


class ServiceAtLocationDetailView(OpenReferralView):
    @extend_schema(
        operation_id="getServiceAtLocationWithNestedDataById",
        parameters=[ID_PARAMETER, FORMAT_PARAMETER],
        summary="A fully nested service at a location",
        responses={200: _ref("ServiceAtLocation"), **DETAIL_ERRORS},
    )
    def get(self, request: Request, id: str) -> Response:
        items = ServiceAtLocation.objects.filter(oruk_id=_uuid(id, "id"))
        return Response(_found(oruk.nested_service_at_location_json(items)))


class TaxonomyListView(OpenReferralView):
    @extend_schema(
        operation_id="getPaginatedListOfTaxonomies",
        summary="Taxonomies, page by page",
        parameters=[*PAGE_PARAMETERS, FORMAT_PARAMETER],
        responses={200: page_of("Taxonomy"), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        taxonomies = Taxonomy.objects.order_by("name", "pk")
        return Response(paginate(taxonomies, request.query_params, _taxonomy_page))


class TaxonomyDetailView(OpenReferralView):
    @extend_schema(
        operation_id="getTaxonomyById",
        parameters=[ID_PARAMETER, FORMAT_PARAMETER],
        summary="A taxonomy with its terms",
        responses={200: _ref("Taxonomy"), **DETAIL_ERRORS},
    )
    def get(self, request: Request, id: str) -> Response:
        identifier = _uuid(id, "id")
        found = oruk.taxonomy_rows(Taxonomy.objects.filter(oruk_id=identifier))
        if not found:
            raise NotFound({"detail": "Nothing has this id."})
        terms = TaxonomyTerm.objects.filter(taxonomy__oruk_id=identifier).order_by(
            "position", "name", "pk"
        )
        return Response(oruk.taxonomy_json(found[0], terms=oruk.term_rows(terms)))


class TaxonomyTermListView(OpenReferralView):
    @extend_schema(
        operation_id="getPaginatedListOfTaxonomyTerms",
        summary="Taxonomy terms, page by page",
        parameters=[
            OpenApiParameter("taxonomy_id", UUID_SCHEMA, description="Terms of this taxonomy."),
            *PAGE_PARAMETERS,
            FORMAT_PARAMETER,
        ],
        responses={200: page_of("TaxonomyTerm"), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        terms = TaxonomyTerm.objects.order_by(*oruk.TERM_ORDER)
        taxonomy_id = _uuid(request.query_params.get("taxonomy_id"), "taxonomy_id")
        if taxonomy_id is not None:
            terms = terms.filter(taxonomy__oruk_id=taxonomy_id)
        return Response(paginate(terms, request.query_params, _term_page))


class TaxonomyTermDetailView(OpenReferralView):
    @extend_schema(
        operation_id="getTaxonomyTermById",
        parameters=[ID_PARAMETER, FORMAT_PARAMETER],
        summary="A taxonomy term",
        responses={200: _ref("TaxonomyTerm"), **DETAIL_ERRORS},
    )
    def get(self, request: Request, id: str) -> Response:
        found = oruk.term_rows(TaxonomyTerm.objects.filter(oruk_id=_uuid(id, "id")))
        if not found:
            raise NotFound({"detail": "Nothing has this id."})
        return Response(oruk.term_json(found[0]))


def _taxonomy_page(taxonomies: QuerySet[Taxonomy]) -> list[dict[str, Any]]:
    return [oruk.taxonomy_json(row) for row in oruk.taxonomy_rows(taxonomies)]


def _term_page(terms: QuerySet[TaxonomyTerm]) -> list[dict[str, Any]]:
    return [oruk.term_json(row) for row in oruk.term_rows(terms)]


class UnknownRouteView(OpenReferralView):
    """Any other address under the API: a JSON 404 (not the public site's page), whatever the
    method."""

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise NotFound({"detail": "The Open Referral UK API has nothing at this address."})

    def options(self, request, *args, **kwargs):
        return self.http_method_not_allowed(request, *args, **kwargs)
