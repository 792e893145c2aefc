"""Directory records as Open Referral UK 3.0 JSON.

Written by hand rather than with serializer classes: the shapes are fixed by the standard, and
plain dictionaries are several times faster for a large directory. Optional fields without a
value are left out (never ``null``), as the standard asks.

Harbour adds a few fields that HSDS 3.0 defines but the UK profile's compiled schemas leave out
(``eligibility_description``, ``phones``, a language's ``name`` and ``code``); the profile's
schemas allow further properties, so responses still validate against them.
"""

from __future__ import annotations

from typing import Any

from harbour.directory.choices import ACCESSIBILITY_NAMES, LANGUAGE_NAMES, LocationType
from harbour.directory.models import (
    Location,
    Organisation,
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
StandardTerms = dict[tuple[str, str], TaxonomyTerm]


def compact(data: Json) -> Json:
    """Leave out optional fields that have no value."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def standard_terms() -> StandardTerms:
    """The eligibility and access terms services point at, by (taxonomy code, term code)."""
    terms = TaxonomyTerm.objects.filter(taxonomy__code__in=[ELIGIBILITY, ACCESS]).select_related(
        "taxonomy"
    )
    return {(term.taxonomy.code, term.code): term for term in terms}


def term_json(term: TaxonomyTerm) -> Json:
    return compact(
        {
            "id": str(term.oruk_id),
            "name": term.name,
            "description": term.description,
            "parent_id": str(term.parent.oruk_id) if term.parent_id else None,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": str(term.taxonomy.oruk_id),
            "term": term.code,
        }
    ) | {"description": term.description}


def taxonomy_json(taxonomy: Taxonomy, *, terms: list[TaxonomyTerm] | None = None) -> Json:
    data = compact(
        {
            "id": str(taxonomy.oruk_id),
            "name": taxonomy.name,
            "description": taxonomy.description,
            "uri": taxonomy.uri,
            "version": taxonomy.version,
        }
    ) | {"description": taxonomy.description}
    if terms is not None:
        data["taxonomy_terms"] = [term_json(term) for term in terms]
    return data


def organisation_json(organisation: Organisation) -> Json:
    return compact(
        {
            "id": str(organisation.oruk_id),
            "name": organisation.name,
            "email": organisation.email,
            "website": organisation.website,
        }
    ) | {"description": organisation.description}


def _service_fields(service: Service) -> Json:
    """The service's own (one-to-one) fields and its organisation."""
    return compact(
        {
            "id": str(service.oruk_id),
            "organization_id": str(service.organisation.oruk_id),
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "fees": service.fees,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "eligibility_description": service.eligibility_description,
            "alert": service.alert,
            "last_modified": service.updated_at.isoformat(),
            "organization": organisation_json(service.organisation),
        }
    )


def service_list_json(service: Service) -> Json:
    return _service_fields(service)


def _attribute(service: Service, term: TaxonomyTerm) -> Json:
    return {
        "id": str(derived_uuid(service.oruk_id, "attribute", str(term.oruk_id))),
        "link_id": str(service.oruk_id),
        "taxonomy_term_id": str(term.oruk_id),
        "link_type": term.taxonomy.link_type,
        "taxonomy_term": term_json(term),
    }


def service_attributes(service: Service, terms: StandardTerms) -> list[Json]:
    """Needs, who the service is for and the ways in, as attributes linking taxonomy terms."""
    linked = list(service.needs.all())
    linked.append(terms[(ELIGIBILITY, service.gender)])
    if service.self_referral:
        linked.append(terms[(ACCESS, "self-referral")])
    if service.professional_referral:
        linked.append(terms[(ACCESS, "professional-referral")])
    return [_attribute(service, term) for term in linked]


def _service_area(service: Service, area: LocalAuthority) -> Json:
    return {
        "id": str(derived_uuid(service.oruk_id, "service_area", area.gss_code)),
        "service_id": str(service.oruk_id),
        "name": area.name,
        "uri": GSS_URI.format(code=area.gss_code),
    }


def _schedules(service: Service) -> list[Json]:
    return [
        compact(
            {
                "id": str(schedule.oruk_id),
                "service_id": str(service.oruk_id),
                "freq": "WEEKLY",
                "byday": ",".join(schedule.days),
                "opens_at": schedule.opens_at.strftime("%H:%M"),
                "closes_at": schedule.closes_at.strftime("%H:%M"),
                "description": schedule.description,
            }
        )
        for schedule in service.schedules.all()
    ]


def _languages(service: Service) -> list[Json]:
    return [
        {
            "id": str(derived_uuid(service.oruk_id, "language", code)),
            "service_id": str(service.oruk_id),
            "name": str(LANGUAGE_NAMES.get(code, code)),
            "code": code,
        }
        for code in service.languages
    ]


def _phones(service: Service) -> list[Json]:
    if not service.phone:
        return []
    return [
        compact(
            {
                "id": str(derived_uuid(service.oruk_id, "phone")),
                "service_id": str(service.oruk_id),
                "number": service.phone,
                "description": service.phone_description,
            }
        )
    ]


def location_fields(location: Location) -> Json:
    return compact(
        {
            "id": str(location.oruk_id),
            "location_type": location.location_type,
            "name": location.name,
            "description": location.description,
        }
    )


def location_json(location: Location) -> Json:
    data = location_fields(location)
    if location.address_published:
        data["addresses"] = [
            compact(
                {
                    "id": str(derived_uuid(location.oruk_id, "address")),
                    "location_id": str(location.oruk_id),
                    "address_1": location.address_1,
                    "city": location.city,
                    "state_province": location.state_province,
                    "postal_code": location.postal_code,
                    "country": location.country,
                    "address_type": (
                        "postal" if location.location_type == LocationType.POSTAL else "physical"
                    ),
                }
            )
        ]
    accessibility = [
        {
            "id": str(derived_uuid(location.oruk_id, "accessibility", code)),
            "location_id": str(location.oruk_id),
            "description": str(ACCESSIBILITY_NAMES.get(code, code)),
        }
        for code in location.accessibility
    ]
    if location.accessibility_details:
        accessibility.append(
            {
                "id": str(derived_uuid(location.oruk_id, "accessibility", "details")),
                "location_id": str(location.oruk_id),
                "details": location.accessibility_details,
            }
        )
    if accessibility:
        data["accessibility"] = accessibility
    return data


def _nested(service: Service, terms: StandardTerms) -> Json:
    return compact(
        {
            "schedules": _schedules(service),
            "service_areas": [_service_area(service, area) for area in service.areas.all()],
            "languages": _languages(service),
            "phones": _phones(service),
            "attributes": service_attributes(service, terms),
        }
    )


def service_json(service: Service, terms: StandardTerms) -> Json:
    """The fully nested service (its places, areas, times, languages, needs...)."""
    data = _service_fields(service) | _nested(service, terms)
    places = [
        {
            "id": str(sal.oruk_id),
            "service_id": str(service.oruk_id),
            "location_id": str(sal.location.oruk_id),
            "location": location_json(sal.location),
        }
        for sal in service.at_locations.all()
    ]
    if places:
        data["service_at_locations"] = places
    return data


def service_at_location_list_json(sal: ServiceAtLocation) -> Json:
    return {
        "id": str(sal.oruk_id),
        "service_id": str(sal.service.oruk_id),
        "location_id": str(sal.location.oruk_id),
        "location": location_fields(sal.location),
        "service": service_list_json(sal.service),
    }


def service_at_location_json(sal: ServiceAtLocation, terms: StandardTerms) -> Json:
    service = sal.service
    return {
        "id": str(sal.oruk_id),
        "service_id": str(service.oruk_id),
        "location_id": str(sal.location.oruk_id),
        "location": location_json(sal.location),
        "service": _service_fields(service) | _nested(service, terms),
    }
