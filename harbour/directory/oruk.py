"""Directory records as Open Referral UK 3.0 JSON, built from database rows.

Each answer is read with ``values_list`` of exactly the columns it shows, and built as plain
dictionaries from those rows: no model instances, no serializer classes. The shapes are fixed by
the standard, and a page of 50 services is then hardly more work than fetching it. A page or a
nested record takes a fixed number of queries, whatever its size.

Optional fields without a value are left out (never ``null``), as the standard asks; a
description is always sent (the profile requires it for organisations and taxonomies).

Harbour adds a few fields that HSDS 3.0 defines but the UK profile's compiled schemas leave out
(``eligibility_description``, ``phones``, a language's ``name`` and ``code``); the profile's
schemas allow further properties, so responses still validate against them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet

from harbour.directory.choices import (
    ACCESSIBILITY_NAMES,
    LANGUAGE_NAMES,
    WEEKDAY_ORDER,
    LocationType,
)
from harbour.directory.models import (
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    derived_uuid,
)
from harbour.directory.taxonomy import ACCESS, ELIGIBILITY
from harbour.regions.models import LocalAuthority

# The ONS linked-data address of a statistical geography, by its GSS code.
GSS_URI = "http://statistics.data.gov.uk/id/statistical-geography/{code}"

Json = dict[str, Any]
Row = Sequence[Any]


def _put(data: Json, key: str, value: Any) -> None:
    """Add an optional field only when it has a value."""
    if value is not None and value != "" and value != [] and value != {}:
        data[key] = value


def _columns(prefix: str, names: Iterable[str]) -> list[str]:
    return [prefix + name for name in names]


# --- Taxonomies and their terms -----------------------------------------------------------------

TERM_COLUMNS = (
    "oruk_id",
    "name",
    "description",
    "code",
    "parent__oruk_id",
    "taxonomy__name",
    "taxonomy__oruk_id",
    "taxonomy__link_type",
    "taxonomy__code",
)
TERM_ORDER = ("taxonomy__name", "position", "pk")


def term_rows(terms: QuerySet[TaxonomyTerm]) -> list[Row]:
    return list(terms.values_list(*TERM_COLUMNS))


def term_json(row: Row) -> Json:
    oruk_id, name, description, code, parent_id, taxonomy, taxonomy_id, _link, _code = row
    data = {"id": str(oruk_id)}
    _put(data, "name", name)
    data["description"] = description
    if parent_id is not None:
        data["parent_id"] = str(parent_id)
    _put(data, "taxonomy", taxonomy)
    data["taxonomy_id"] = str(taxonomy_id)
    _put(data, "term", code)
    return data


TAXONOMY_COLUMNS = ("oruk_id", "name", "description", "uri", "version")


def taxonomy_rows(taxonomies: QuerySet[Taxonomy]) -> list[Row]:
    return list(taxonomies.values_list(*TAXONOMY_COLUMNS))


def taxonomy_json(row: Row, *, terms: list[Row] | None = None) -> Json:
    oruk_id, name, description, uri, version = row
    data = {"id": str(oruk_id)}
    _put(data, "name", name)
    data["description"] = description
    _put(data, "uri", uri)
    _put(data, "version", version)
    if terms is not None:
        data["taxonomy_terms"] = [term_json(term) for term in terms]
    return data


StandardTerms = dict[tuple[str, str], Row]


def standard_terms() -> StandardTerms:
    """The eligibility and access terms services point at, by (taxonomy code, term code)."""
    terms = TaxonomyTerm.objects.filter(taxonomy__code__in=[ELIGIBILITY, ACCESS])
    return {(row[8], row[3]): row for row in term_rows(terms)}


# --- Services -----------------------------------------------------------------------------------

# A service's own (one-to-one) fields and its organisation, in the order they are sent.
SERVICE_COLUMNS = (
    "oruk_id",
    "organisation__oruk_id",
    "name",
    "description",
    "url",
    "email",
    "status",
    "fees",
    "minimum_age",
    "maximum_age",
    "eligibility_description",
    "alert",
    "updated_at",
    "organisation__name",
    "organisation__email",
    "organisation__website",
    "organisation__description",
)
# The optional fields among them, each sent only with a value.
_SERVICE_KEYS = SERVICE_COLUMNS[2:12]
SERVICE_ORDER = ("name", "pk")


def service_columns(prefix: str = "") -> list[str]:
    return _columns(prefix, SERVICE_COLUMNS)


def service_json(row: Row) -> Json:
    """A service's own fields and its organisation, from a row of ``SERVICE_COLUMNS``."""
    organisation_id = str(row[1])
    data = {"id": str(row[0]), "organization_id": organisation_id}
    for key, value in zip(_SERVICE_KEYS, row[2:12], strict=True):
        if value is not None and value != "":
            data[key] = value
    data["last_modified"] = row[12].isoformat()
    organisation = {"id": organisation_id}
    _put(organisation, "name", row[13])
    _put(organisation, "email", row[14])
    _put(organisation, "website", row[15])
    organisation["description"] = row[16]
    data["organization"] = organisation
    return data


def service_page(services: QuerySet[Service]) -> list[Json]:
    """A page of services (a sliced queryset), in one query."""
    return [service_json(row) for row in services.values_list(*SERVICE_COLUMNS)]


# What a nested service adds to its own fields.
NESTED_COLUMNS = (
    "pk",
    "phone",
    "phone_description",
    "languages",
    "gender",
    "self_referral",
    "professional_referral",
)


def _attribute(service_uuid: uuid.UUID, service_id: str, term: Row) -> Json:
    term_id = str(term[0])
    return {
        "id": str(derived_uuid(service_uuid, "attribute", term_id)),
        "link_id": service_id,
        "taxonomy_term_id": term_id,
        "link_type": term[7],
        "taxonomy_term": term_json(term),
    }


def nested_service_json(services: QuerySet[Service], *, with_places: bool = True) -> Json | None:
    """The first service of ``services``, fully nested (its places, areas, times, languages,
    needs...), in six queries (five without its places); None if there is none."""
    row = services.values_list(*SERVICE_COLUMNS, *NESTED_COLUMNS).first()
    if row is None:
        return None
    own = row[: len(SERVICE_COLUMNS)]
    pk, phone, phone_description, languages, gender, self_referral, professional = row[
        len(SERVICE_COLUMNS) :
    ]
    data = service_json(own)
    service_id = data["id"]
    service_uuid = own[0]

    schedules = [
        _schedule_json(service_id, schedule)
        for schedule in Schedule.objects.filter(service_id=pk)
        .order_by("id")
        .values_list("oruk_id", "byday", "opens_at", "closes_at", "description")
    ]
    _put(data, "schedules", schedules)
    areas = LocalAuthority.objects.filter(directory_services=pk).order_by("name")
    _put(
        data,
        "service_areas",
        [
            {
                "id": str(derived_uuid(service_uuid, "service_area", code)),
                "service_id": service_id,
                "name": name,
                "uri": GSS_URI.format(code=code),
            }
            for name, code in areas.values_list("name", "gss_code")
        ],
    )
    _put(
        data,
        "languages",
        [
            {
                "id": str(derived_uuid(service_uuid, "language", code)),
                "service_id": service_id,
                "name": str(LANGUAGE_NAMES.get(code, code)),
                "code": code,
            }
            for code in languages
        ],
    )
    if phone:
        phone_json = {
            "id": str(derived_uuid(service_uuid, "phone")),
            "service_id": service_id,
            "number": phone,
        }
        _put(phone_json, "description", phone_description)
        data["phones"] = [phone_json]

    # Needs, who the service is for and the ways in, as attributes linking taxonomy terms.
    linked = term_rows(TaxonomyTerm.objects.filter(services=pk).order_by(*TERM_ORDER))
    standard = standard_terms()
    linked.append(standard[(ELIGIBILITY, gender)])
    if self_referral:
        linked.append(standard[(ACCESS, "self-referral")])
    if professional:
        linked.append(standard[(ACCESS, "professional-referral")])
    data["attributes"] = [_attribute(service_uuid, service_id, term) for term in linked]
    if not with_places:
        return data

    places = ServiceAtLocation.objects.filter(service_id=pk).order_by("location__name", "id")
    _put(
        data,
        "service_at_locations",
        [
            {
                "id": str(place[0]),
                "service_id": service_id,
                "location_id": str(place[1]),
                "location": location_json(place[1:]),
            }
            for place in places.values_list("oruk_id", *LOCATION_COLUMNS_PREFIXED)
        ],
    )
    return data


def _schedule_json(service_id: str, row: Row) -> Json:
    oruk_id, byday, opens_at, closes_at, description = row
    days = sorted(filter(None, byday.split(",")), key=WEEKDAY_ORDER.index)
    data = {
        "id": str(oruk_id),
        "service_id": service_id,
        "freq": "WEEKLY",
        "byday": ",".join(days),
        "opens_at": opens_at.strftime("%H:%M"),
        "closes_at": closes_at.strftime("%H:%M"),
    }
    _put(data, "description", description)
    return data


# --- Places -------------------------------------------------------------------------------------

LOCATION_COLUMNS = (
    "oruk_id",
    "location_type",
    "name",
    "description",
    "address_1",
    "city",
    "state_province",
    "postal_code",
    "country",
    "address_confidential",
    "accessibility",
    "accessibility_details",
)
LOCATION_COLUMNS_PREFIXED = tuple(_columns("location__", LOCATION_COLUMNS))
# A place in a list: its own fields only.
LOCATION_FIELDS = LOCATION_COLUMNS[:4]


def location_fields_json(row: Row) -> Json:
    oruk_id, location_type, name, description = row[:4]
    data = {"id": str(oruk_id)}
    _put(data, "location_type", location_type)
    _put(data, "name", name)
    _put(data, "description", description)
    return data


def location_json(row: Row) -> Json:
    """A place with its address (unless confidential: refuges, safe houses) and accessibility,
    from a row of ``LOCATION_COLUMNS``."""
    data = location_fields_json(row)
    location_uuid = row[0]
    location_id = data["id"]
    (address_1, city, county, postcode, country, confidential, accessibility, details) = row[4:]
    if address_1 and city and postcode and not confidential:
        address = {
            "id": str(derived_uuid(location_uuid, "address")),
            "location_id": location_id,
        }
        _put(address, "address_1", address_1)
        _put(address, "city", city)
        _put(address, "state_province", county)
        _put(address, "postal_code", postcode)
        _put(address, "country", country)
        address["address_type"] = "postal" if row[1] == LocationType.POSTAL else "physical"
        data["addresses"] = [address]
    places = [
        {
            "id": str(derived_uuid(location_uuid, "accessibility", code)),
            "location_id": location_id,
            "description": str(ACCESSIBILITY_NAMES.get(code, code)),
        }
        for code in accessibility
    ]
    if details:
        places.append(
            {
                "id": str(derived_uuid(location_uuid, "accessibility", "details")),
                "location_id": location_id,
                "details": details,
            }
        )
    _put(data, "accessibility", places)
    return data


# --- Services at locations ----------------------------------------------------------------------

SAL_ORDER = ("service__name", "pk")
_SAL_LIST_COLUMNS = (
    "oruk_id",
    *_columns("location__", LOCATION_FIELDS),
    *_columns("service__", SERVICE_COLUMNS),
)


def service_at_location_page(items: QuerySet[ServiceAtLocation]) -> list[Json]:
    """A page of services at locations (a sliced queryset), in one query."""
    result = []
    for row in items.values_list(*_SAL_LIST_COLUMNS):
        service = service_json(row[5:])
        result.append(
            {
                "id": str(row[0]),
                "service_id": service["id"],
                "location_id": str(row[1]),
                "location": location_fields_json(row[1:5]),
                "service": service,
            }
        )
    return result


def nested_service_at_location_json(items: QuerySet[ServiceAtLocation]) -> Json | None:
    """The first of ``items``, with its place and its fully nested service; None if none."""
    row = items.values_list("oruk_id", "service_id", *LOCATION_COLUMNS_PREFIXED).first()
    if row is None:
        return None
    service = nested_service_json(Service.objects.filter(pk=row[1]), with_places=False)
    return {
        "id": str(row[0]),
        "service_id": service["id"],
        "location_id": str(row[2]),
        "location": location_json(row[2:]),
        "service": service,
    }
