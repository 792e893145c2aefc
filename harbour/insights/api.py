"""The open data API: the released tables of the sets marked open, as JSON (decision 0055).

``/open-data/api/`` lists the open table sets and their releases; ``/open-data/api/<set>/``
one set's releases; ``/open-data/api/<set>/<release key>/`` every table of the release (the
latest version of that period) with its cells as published, withheld cells as a marker and a
reason, never a value. Only sets declared with ``open_data=True`` are here; any other name is
"not found", like a name that does not exist. Nothing is counted: every figure is read from the
stored release, the same the public /open-data/ page and its CSV show.

Public like the pages: no account, no session read, no cookie, ``no-store``
(``harbour.core.middleware.PrivacyHeadersMiddleware``), throttled per client like the
directory's API. No parameter is taken: any query parameter is a 400 naming it. The field
names are documented in docs/insights.md and stay stable.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from harbour.core.net import address_digest
from harbour.directory.api import PublicApiThrottle
from harbour.statistics.published import STRUCTURAL_MARKER
from harbour.statistics.registry import TableSetSpec, table_sets
from harbour.statistics.releases import StoredRelease, release_current, releases_current
from harbour.statistics.render import to_json

API_VERSION = "1"
NAMESPACE = "insights-public:insights-api"
CONFIDENTIAL = "confidential"
NOT_APPLICABLE = "not_applicable"


def open_sets() -> list[TableSetSpec]:
    """The released table sets marked for open publication, by name."""
    specs = [table_sets.get(name) for name in table_sets.names()]
    return [spec for spec in specs if spec.open_data and spec.is_released]


class UnknownParameter(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "unknown_parameter"

    def __init__(self, parameter: str):
        super().__init__(
            {
                "error": "unknown_parameter",
                "parameter": parameter,
                "detail": f"{parameter[:40]!r} is not a parameter of this API: it takes none. "
                "Choose a table set and a release by their addresses.",
            }
        )


class OpenDataThrottle(PublicApiThrottle):
    """The public API limit (``DEFAULT_THROTTLE_RATES["public"]``), per client, the client
    known only by a digest under the short-lived address key."""

    def get_cache_key(self, request, view):
        digest = address_digest("insights.open_data_api", self.get_ident(request))
        return self.cache_format % {"scope": self.scope, "ident": digest}


def _not_found(detail: str) -> NotFound:
    return NotFound({"error": "not_found", "detail": detail})


class OpenDataView(APIView):
    """Public, read-only, JSON only, no parameters."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [OpenDataThrottle]
    renderer_classes = [JSONRenderer]
    http_method_names = ["get", "head"]

    def perform_content_negotiation(self, request, force=False):
        # JSON whatever the Accept header or a "format" says: "format" is refused below.
        renderer = JSONRenderer()
        return renderer, renderer.media_type

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # the throttle counts every request
        for name in request.query_params:
            raise UnknownParameter(name)


def _url(request: Request, name: str, **kwargs: str) -> str:
    return request.build_absolute_uri(reverse(f"{NAMESPACE}:{name}", kwargs=kwargs))


def _spec(name: str) -> TableSetSpec:
    for spec in open_sets():
        if spec.name == name:
            return spec
    raise _not_found(f"No open table set is named {name[:100]!r}.")


def _period_length(spec: TableSetSpec) -> str:
    months = spec.period.months  # type: ignore[union-attr]
    return {1: "month", 3: "quarter", 12: "year"}[months]


def _release_summary(request: Request, spec: TableSetSpec, release: StoredRelease) -> dict:
    stored = release.release
    return {
        "key": release.key,
        "label": release.label,
        "period_start": stored.period_start.isoformat(),
        "period_end": stored.period_end.isoformat(),
        "first_published": timezone.localtime(release.first_published).isoformat(),
        "revision": stored.revision,
        "url": _url(request, "release", table_set=spec.name, key=release.key),
    }


def _set_summary(request: Request, spec: TableSetSpec) -> dict:
    return {
        "name": spec.name,
        "title": str(spec.title),
        "period_length": _period_length(spec),
        "url": _url(request, "table-set", table_set=spec.name),
        "releases": [
            _release_summary(request, spec, release)
            for release in reversed(releases_current(name=spec.name))
        ],
    }


def _cell(item: dict[str, Any]) -> dict[str, Any]:
    """A cell of ``render.to_json`` with the reason of its marker: every withheld cell gives the
    same one (which cells are small is itself disclosive), never a value."""
    if item.get("structural"):
        item["reason"] = NOT_APPLICABLE
    elif item["value"] is None:
        item["reason"] = CONFIDENTIAL
    return item


def release_document(request: Request, spec: TableSetSpec, release: StoredRelease) -> dict:
    """Every table of ``release`` as published, with what a reader needs to read it."""
    rules = release.rules
    share, alone = release.information_lost()
    tables = []
    for table in release.protected_tables().values():
        document = to_json(table)
        document["cells"] = [_cell(item) for item in document["cells"]]
        tables.append(document)
    stored = release.release
    return {
        "api_version": API_VERSION,
        "table_set": {"name": spec.name, "title": str(spec.title)},
        "release": {
            **_release_summary(request, spec, release),
            "published": timezone.localtime(stored.made_at).isoformat(),
            "revisions": release.revision_notes(),
            "information_lost": {
                "withheld_share": round(share, 4),
                "withheld_share_if_alone": round(alone, 4),
                "all_withheld": stored.all_withheld,
                "note": release.information_lost_note(),
            },
        },
        "rules": {
            "threshold": rules.threshold,
            "zeros_shown": not rules.suppress_zeros,
            "rounding_base": rules.rounding_base,
            "derived_minimum": rules.derived_minimum,
        },
        "markers": {
            rules.marker: {
                "reason": CONFIDENTIAL,
                "meaning": "Withheld so that no one can be identified: small counts, and other "
                "figures that would let them be worked out from the totals.",
            },
            STRUCTURAL_MARKER: {
                "reason": NOT_APPLICABLE,
                "meaning": "None, by design (for example, an area outside a pilot).",
            },
        },
        "tables": tables,
    }


_OBJECT = {"type": "object"}
_ERRORS = {400: _OBJECT, 404: _OBJECT, 429: _OBJECT}


class RootView(OpenDataView):
    @extend_schema(
        operation_id="openDataTableSets",
        summary="The table sets published as open data, with their releases",
        responses={200: _OBJECT, **_ERRORS},
    )
    def get(self, request: Request) -> Response:
        return Response(
            {
                "api_version": API_VERSION,
                "documentation": request.build_absolute_uri(reverse("insights-public:open-data")),
                "table_sets": [_set_summary(request, spec) for spec in open_sets()],
            }
        )


class TableSetView(OpenDataView):
    @extend_schema(
        operation_id="openDataTableSet",
        summary="One open table set and its releases",
        responses={200: _OBJECT, **_ERRORS},
    )
    def get(self, request: Request, table_set: str) -> Response:
        spec = _spec(table_set)
        return Response({"api_version": API_VERSION, **_set_summary(request, spec)})


class ReleaseView(OpenDataView):
    @extend_schema(
        operation_id="openDataRelease",
        summary="A release: every table, every cell as published",
        responses={200: _OBJECT, **_ERRORS},
    )
    def get(self, request: Request, table_set: str, key: str) -> Response:
        spec = _spec(table_set)
        release = release_current(name=spec.name, period_key=key)
        if release is None:
            raise _not_found(f"{spec.name} has no release for {key[:40]!r}.")
        return Response(release_document(request, spec, release))


class UnknownRouteView(OpenDataView):
    """Any other address under the API: a JSON 404, not the site's HTML page."""

    @extend_schema(exclude=True)
    def get(self, request: Request, rest: str = "") -> Response:
        raise _not_found("No such address in the open data API: start at /open-data/api/.")
