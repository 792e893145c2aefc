"""Contracts as grants in the 360Giving Data Standard: a JSON package and a spreadsheet.

The schemas are shipped in ``standards/360giving/`` (the standard's ``schema/`` folder, CC BY
4.0; see its ``SOURCE.txt``). The package schema names its grant schema by the address of
version **1.4.2**, while the grant schema beside it is **1.4.3** (its ``$id``). Harbour resolves
both addresses to the shipped 1.4.3 file: the package is checked against the grant schema that
came with it, and a check never goes to the network (any other address is refused). See
``docs/commissioning.md`` for the field mapping and decision 0034.

The data is open: it never carries a person, and never a confidential address. The recipient's
address is taken only from one of its directory locations whose address may be published
(``Location.address_published``); a refuge's (``address_confidential``) is never published.
"""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from harbour.commissioning.models import Contract
from harbour.statistics.export import neutralise_formula

STANDARD_DIR = Path(__file__).resolve().parent / "standards" / "360giving"
UPSTREAM = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/{version}/schema/"
GRANT_FILE = "360-giving-schema.json"
PACKAGE_FILE = "360-giving-package-schema.json"
# Both versions' addresses of the grant schema are served from the one shipped file.
GRANT_URIS = (
    UPSTREAM.format(version="1.4.2") + GRANT_FILE,
    UPSTREAM.format(version="1.4.3") + GRANT_FILE,
)
VERSION = "1.4"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


@cache
def _contents(filename: str) -> dict[str, Any]:
    return json.loads((STANDARD_DIR / filename).read_text(encoding="utf-8"))


def _refuse_network(uri: str):
    raise NoSuchResource(ref=uri)


@cache
def registry() -> Registry:
    grant = Resource.from_contents(_contents(GRANT_FILE), default_specification=DRAFT202012)
    return Registry(retrieve=_refuse_network).with_resources((uri, grant) for uri in GRANT_URIS)


@cache
def package_validator() -> Draft202012Validator:
    """Checks a whole package, formats (dates, web addresses) included."""
    return Draft202012Validator(
        _contents(PACKAGE_FILE),
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def package_errors(package: dict[str, Any]) -> list[str]:
    """Every way ``package`` breaks the standard, as readable lines (none: it is valid)."""
    errors: Iterable[SchemaError] = package_validator().iter_errors(package)
    return [
        f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in errors
    ]


def prefix() -> str:
    """The publisher's 360Giving identifier prefix (``HARBOUR_360GIVING_PREFIX``)."""
    return settings.HARBOUR_360GIVING_PREFIX


def organisation_id(organisation) -> str:
    """A recipient's identifier under the publisher's prefix, from its directory identifier
    (the directory holds no charity or company number to build a registered one from)."""
    return f"{prefix()}-org-{organisation.public_id}"


def _date(day: datetime.date) -> str:
    return day.isoformat()


def _public_address(organisation) -> dict[str, str]:
    """The address of the organisation's first location that may be published, if any."""
    for location in organisation.locations.order_by("id"):
        if location.address_confidential or not location.address_published:
            continue
        address = {
            "streetAddress": location.address_1,
            "addressLocality": location.city,
            "addressRegion": location.state_province,
            "postalCode": location.postal_code,
            "addressCountry": "United Kingdom",
        }
        return {key: value for key, value in address.items() if value}
    return {}


def grant(contract: Contract) -> dict[str, Any]:
    """One contract as a 360Giving grant (the mapping is in ``docs/commissioning.md``)."""
    stream = contract.stream
    funder = stream.funder
    organisation = contract.organisation
    recipient: dict[str, Any] = {"id": organisation_id(organisation), "name": organisation.name}
    if organisation.website:
        recipient["url"] = organisation.website
    recipient.update(_public_address(organisation))
    areas = sorted(contract.areas.all(), key=lambda area: area.gss_code)
    services = sorted(contract.services.all(), key=lambda service: service.name)
    return {
        "id": f"{prefix()}-{contract.reference}",
        "title": contract.title,
        "description": contract.description,
        "currency": "GBP",
        "amountAwarded": float(contract.amount),
        "awardDate": _date(contract.awarded_on),
        "plannedDates": [
            {"startDate": _date(contract.starts_on), "endDate": _date(contract.ends_on)}
        ],
        "recipientOrganization": [recipient],
        "fundingOrganization": [{"id": funder.identifier, "name": funder.name}],
        "grantProgramme": [{"code": stream.code, "title": stream.name}],
        "beneficiaryLocation": [
            {
                "name": area.name,
                "countryCode": "GB",
                "geoCode": area.gss_code,
                "geoCodeType": "LA",
            }
            for area in areas
        ],
        "classifications": [
            {"vocabulary": f"{prefix()}-service", "title": service.name} for service in services
        ],
        "dateModified": contract.modified_at.isoformat(),
    }


def grants_package(contracts: Iterable[Contract], *, title: str) -> dict[str, Any]:
    """A 360Giving package of ``contracts`` (at least one)."""
    now = timezone.now().replace(microsecond=0)
    return {
        "version": VERSION,
        "title": title,
        "issued": now.isoformat(),
        "license": LICENSE,
        "grants": [grant(contract) for contract in contracts],
    }


# The spreadsheet: one row per grant, the columns named by the standard's titles, as its
# "flattened" template does (only the first of each list is kept, as that template's first
# columns are).
SHEET_COLUMNS: list[tuple[str, Any]] = [
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Awarded", lambda g: g["amountAwarded"]),
    ("Award Date", lambda g: g["awardDate"]),
    ("Planned Dates:Start Date", lambda g: g["plannedDates"][0]["startDate"]),
    ("Planned Dates:End Date", lambda g: g["plannedDates"][0]["endDate"]),
    ("Recipient Org:Identifier", lambda g: g["recipientOrganization"][0]["id"]),
    ("Recipient Org:Name", lambda g: g["recipientOrganization"][0]["name"]),
    (
        "Recipient Org:Street Address",
        lambda g: g["recipientOrganization"][0].get("streetAddress", ""),
    ),
    ("Recipient Org:City", lambda g: g["recipientOrganization"][0].get("addressLocality", "")),
    ("Recipient Org:County", lambda g: g["recipientOrganization"][0].get("addressRegion", "")),
    ("Recipient Org:Postal Code", lambda g: g["recipientOrganization"][0].get("postalCode", "")),
    ("Recipient Org:Country", lambda g: g["recipientOrganization"][0].get("addressCountry", "")),
    ("Recipient Org:Web Address", lambda g: g["recipientOrganization"][0].get("url", "")),
    ("Funding Org:Identifier", lambda g: g["fundingOrganization"][0]["id"]),
    ("Funding Org:Name", lambda g: g["fundingOrganization"][0]["name"]),
    ("Grant Programme:Code", lambda g: g["grantProgramme"][0]["code"]),
    ("Grant Programme:Title", lambda g: g["grantProgramme"][0]["title"]),
    (
        "Beneficiary Location:Name",
        lambda g: "; ".join(item["name"] for item in g["beneficiaryLocation"]),
    ),
    (
        "Beneficiary Location:Geographic Code",
        lambda g: "; ".join(item["geoCode"] for item in g["beneficiaryLocation"]),
    ),
    (
        "Beneficiary Location:Geographic Code Type",
        lambda g: "LA" if g["beneficiaryLocation"] else "",
    ),
    ("Last Modified", lambda g: g["dateModified"]),
]


def grants_workbook(package: dict[str, Any]) -> bytes:
    """The package's grants as an .xlsx workbook, every text cell neutralised against formulas."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "grants"
    sheet.append([title for title, _get in SHEET_COLUMNS])
    for item in package["grants"]:
        sheet.append([neutralise_formula(get(item)) for _title, get in SHEET_COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
