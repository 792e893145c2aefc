"""The Open Referral UK profile's JSON schemas, shipped with Harbour (``standards/``).

The profile's files refer to each other by their web addresses. Here every such address is
served from the copy in this repository, so checking a response never goes to the network (and
works on a machine with none)::

    validator = oruk_validator("/services/{id}")
    validator.validate(response.json())

They are also turned into the components of Harbour's published OpenAPI document.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

STANDARD_DIR = Path(__file__).resolve().parent / "standards" / "openreferral-uk"
UPSTREAM = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
OPENAPI_URI = UPSTREAM + "openapi.json"

# Each shipped file, by the address other files use for it.
FILES = {
    UPSTREAM + "compiled/service.json": "service.json",
    UPSTREAM + "compiled/service_list.json": "service_list.json",
    UPSTREAM + "compiled/service_at_location.json": "service_at_location.json",
    UPSTREAM + "compiled/service_at_location_list.json": "service_at_location_list.json",
    UPSTREAM + "compiled/organization.json": "organization.json",
    UPSTREAM + "compiled/organization_list.json": "organization_list.json",
    UPSTREAM + "taxonomy.json": "taxonomy.json",
    UPSTREAM + "taxonomy_term.json": "taxonomy_term.json",
    OPENAPI_URI: "openapi.json",
}


@cache
def _contents(filename: str) -> dict[str, Any]:
    return json.loads((STANDARD_DIR / filename).read_text(encoding="utf-8"))


def _refuse_network(uri: str):
    raise NoSuchResource(ref=uri)


@cache
def registry() -> Registry:
    resources = [
        (uri, Resource.from_contents(_contents(name), default_specification=DRAFT202012))
        for uri, name in FILES.items()
    ]
    return Registry(retrieve=_refuse_network).with_resources(resources)


def _pointer(path: str) -> str:
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"#/paths/{escaped}/get/responses/200/content/application~1json/schema"


# The schema each endpoint's responses must meet. The profile's OpenAPI file gives the nested
# service schema for /service_at_locations/{id}; the schema it means is that of a
# service_at_location, which is used here.
RESPONSE_SCHEMAS = {
    "/services": OPENAPI_URI + _pointer("/services"),
    "/services/{id}": UPSTREAM + "compiled/service.json",
    "/service_at_locations": OPENAPI_URI + _pointer("/service_at_locations"),
    "/service_at_locations/{id}": UPSTREAM + "compiled/service_at_location.json",
    "/taxonomies": OPENAPI_URI + _pointer("/taxonomies"),
    "/taxonomies/{id}": UPSTREAM + "taxonomy.json",
    "/taxonomy_terms": OPENAPI_URI + _pointer("/taxonomy_terms"),
    "/taxonomy_terms/{id}": UPSTREAM + "taxonomy_term.json",
    "/": OPENAPI_URI + _pointer("/"),
}


def oruk_validator(endpoint: str) -> Draft202012Validator:
    """A validator for the responses of ``endpoint`` (a path of the profile's OpenAPI file)."""
    return Draft202012Validator(
        {"$ref": RESPONSE_SCHEMAS[endpoint]},
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


# --- The profile's schemas as OpenAPI 3.0 components -----------------------------------------

# Keywords of the profile's files that describe its CSV form, not JSON; OpenAPI has no place
# for them.
_TABULAR_KEYWORDS = {
    "name",
    "path",
    "datapackage_metadata",
    "constraints",
    "core",
    "tabular_required",
    "datapackage_type",
}

COMPONENT_FILES = {
    "Service": "service.json",
    "ServiceListItem": "service_list.json",
    "ServiceAtLocation": "service_at_location.json",
    "ServiceAtLocationListItem": "service_at_location_list.json",
    "Taxonomy": "taxonomy.json",
    "TaxonomyTerm": "taxonomy_term.json",
}


def _as_openapi(node: Any) -> Any:
    if isinstance(node, list):
        return [_as_openapi(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key in _TABULAR_KEYWORDS:
            continue
        if key == "properties":  # property names are kept whatever they are
            result[key] = {prop: _as_openapi(schema) for prop, schema in value.items()}
        elif key == "$ref" and value == "taxonomy_term.json":
            result[key] = "#/components/schemas/TaxonomyTerm"
        else:
            result[key] = _as_openapi(value)
    return result


@cache
def openapi_components() -> dict[str, Any]:
    """The profile's schemas, and the page envelope, as OpenAPI components."""
    schemas = {name: _as_openapi(_contents(file)) for name, file in COMPONENT_FILES.items()}
    schemas["Page"] = copy.deepcopy(_contents("openapi.json")["components"]["schemas"]["Page"])
    return {"schemas": schemas}


def page_of(component: str) -> dict[str, Any]:
    """The schema of a page of ``component`` items (the profile's envelope)."""
    return {
        "allOf": [{"$ref": "#/components/schemas/Page"}],
        "properties": {
            "contents": {"type": "array", "items": {"$ref": f"#/components/schemas/{component}"}}
        },
    }
