"""The 360Giving export: valid against the shipped schemas (the package's 1.4.2 ``$ref`` served
from the shipped 1.4.3 grant schema, never from the network), and open data that never carries
a confidential address."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook
from referencing.exceptions import Unresolvable

from harbour.commissioning import giving
from harbour.commissioning.factories import contract_make
from harbour.directory.factories import LocationFactory, OrganisationFactory


def _package(*contracts):
    return giving.grants_package(contracts, title="Grants")


def test_the_package_schema_refers_to_1_4_2_and_the_shipped_grant_schema_is_1_4_3():
    package = giving._contents(giving.PACKAGE_FILE)
    grant = giving._contents(giving.GRANT_FILE)
    assert package["properties"]["grants"]["items"]["$ref"] == giving.GRANT_URIS[0]
    assert "/1.4.2/" in giving.GRANT_URIS[0]
    assert grant["$id"] == giving.GRANT_URIS[1]
    assert "/1.4.3/" in grant["$id"]
    # Both addresses are the one shipped file.
    registry = giving.registry()
    for uri in giving.GRANT_URIS:
        assert registry.contents(uri) is grant


def test_any_other_address_is_refused_rather_than_fetched():
    resolver = giving.registry().resolver()
    with pytest.raises(Unresolvable):
        resolver.lookup("https://example.org/360-giving-schema.json")


def test_the_export_passes_the_schema(base):
    package = _package(base.contract, base.other_contract)
    assert giving.package_errors(package) == []
    grant = package["grants"][0]
    assert grant["id"] == "360G-harbour-VSF-DA-01"
    assert grant["currency"] == "GBP"
    assert grant["amountAwarded"] == 300000.0
    assert grant["fundingOrganization"][0]["id"] == base.contract.stream.funder.identifier
    assert grant["plannedDates"] == [{"startDate": "2025-04-01", "endDate": "2028-03-31"}]


def test_the_check_is_real_it_catches_a_broken_grant(base):
    package = _package(base.contract)
    del package["grants"][0]["fundingOrganization"]
    package["grants"][0]["awardDate"] = "1 April 2025"
    package["grants"][0]["dateModified"] = "yesterday"
    errors = giving.package_errors(package)
    assert any(error.startswith("grants/0/awardDate") for error in errors)
    assert any(error.startswith("grants/0/dateModified") for error in errors)
    assert any(error.startswith("grants/0: ") for error in errors), "no funder: neither form"
    assert giving.package_errors({"grants": []}), "a package needs a grant"


def test_a_confidential_address_never_reaches_the_open_data(base):
    refuge_provider = OrganisationFactory(website="https://www.example.org/refuge")
    LocationFactory(
        organisation=refuge_provider,
        address_1="7 Hidden Refuge Road",
        postal_code="L8 0ZZ",
        address_confidential=True,
    )
    contract = contract_make(by=base.commissioner, organisation=refuge_provider)
    package = _package(contract)
    assert giving.package_errors(package) == []
    text = json.dumps(package)
    assert "Hidden Refuge" not in text and "L8 0ZZ" not in text
    recipient = package["grants"][0]["recipientOrganization"][0]
    assert "streetAddress" not in recipient and "postalCode" not in recipient
    workbook = giving.grants_workbook(package)
    cells = [
        str(cell.value)
        for row in load_workbook(io.BytesIO(workbook)).active.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert not any("Hidden Refuge" in cell or "L8 0ZZ" in cell for cell in cells)


def test_a_public_address_is_published_after_a_confidential_one_is_skipped(base):
    organisation = OrganisationFactory()
    LocationFactory(organisation=organisation, address_1="1 Secret Way", address_confidential=True)
    LocationFactory(organisation=organisation, address_1="2 Open Street", postal_code="L1 1AA")
    contract = contract_make(by=base.commissioner, organisation=organisation)
    recipient = _package(contract)["grants"][0]["recipientOrganization"][0]
    assert recipient["streetAddress"] == "2 Open Street"
    assert recipient["postalCode"] == "L1 1AA"
    assert "Secret" not in json.dumps(recipient)


def test_the_spreadsheet_has_a_row_per_grant_with_formulas_neutralised(base):
    contract = contract_make(by=base.commissioner, title='=HYPERLINK("http://x")')
    package = _package(base.contract, contract)
    sheet = load_workbook(io.BytesIO(giving.grants_workbook(package))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(title for title, _get in giving.SHEET_COLUMNS)
    assert len(rows) == 3
    titles = {row[1] for row in rows[1:]}
    assert '\'=HYPERLINK("http://x")' in titles
    assert rows[1][4] == 300000
