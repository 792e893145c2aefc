"""The commissioning pages: who gets what, the forms end to end, the downloads."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.roles import AgencyKind, Role
from harbour.accounts.testing import sign_in
from harbour.audit.models import AccessLogEntry, Action
from harbour.commissioning.models import Budget, Contract, Funder, FundingStream, QuarterlyReturn
from harbour.commissioning.tests.test_upload import GOOD, csv_file
from harbour.directory.factories import LocalAuthorityFactory, ServiceFactory


def client_for(user) -> Client:
    return sign_in(Client(), user)


@pytest.fixture
def quiet(caplog):
    caplog.set_level("ERROR", logger="django.request")


def test_the_commissioner_sets_up_a_fund_and_a_contract(base):
    client = client_for(base.commissioner)
    response = client.post(
        reverse("commissioning:funder-add"),
        {"name": "Police and Crime Commissioner", "identifier": "GB-PCC-1", "website": ""},
    )
    assert response.status_code == 302
    funder = Funder.objects.get(identifier="GB-PCC-1")
    response = client.post(
        reverse("commissioning:stream-add"),
        {
            "funder": funder.pk,
            "name": "Victim Services Fund",
            "code": "vsf-2026",
            "total": "3000000",
            "starts_on": "1/4/2026",
            "ends_on": "31/3/2029",
        },
    )
    assert response.status_code == 302
    stream = FundingStream.objects.get(code="vsf-2026")
    service = ServiceFactory(organisation=base.contract.organisation)
    area = LocalAuthorityFactory()
    url = reverse("commissioning:contract-add", args=[stream.public_id])
    data = {
        "reference": "VSF-HP-01",
        "title": "Harmful practices",
        "description": "Casework.",
        "organisation": base.contract.organisation.pk,
        "services": [service.pk],
        "areas": [area.pk],
        "amount": "3000001",
        "awarded_on": "1/3/2026",
        "starts_on": "1/4/2026",
        "ends_on": "31/3/2029",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "more than its total of £3,000,000.00" in response.content.decode()
    assert not Contract.objects.filter(reference="VSF-HP-01").exists()
    data["amount"] = "450000"
    response = client.post(url, data)
    contract = Contract.objects.get(reference="VSF-HP-01")
    assert response.url == reverse("commissioning:contract", args=[contract.public_id])
    response = client.post(
        reverse("commissioning:budget", args=[contract.public_id]),
        {"year": "2026", "amount": "150000"},
    )
    assert response.status_code == 302
    assert Budget.objects.get(contract=contract).amount == 150000


def test_a_contract_names_only_its_providers_services(base):
    client = client_for(base.commissioner)
    elsewhere = ServiceFactory()
    response = client.post(
        reverse("commissioning:contract-add", args=[base.contract.stream.public_id]),
        {
            "reference": "X-1",
            "title": "X",
            "description": "X",
            "organisation": base.contract.organisation.pk,
            "services": [elsewhere.pk],
            "areas": [LocalAuthorityFactory().pk],
            "amount": "1",
            "awarded_on": "1/3/2026",
            "starts_on": "1/4/2026",
            "ends_on": "31/3/2027",
        },
    )
    assert "Choose only services the provider itself runs." in response.content.decode()
    assert not Contract.objects.filter(reference="X-1").exists()


def test_the_provider_makes_a_return_on_the_form(base):
    client = client_for(base.officer)
    url = reverse("commissioning:return-add", args=[base.contract.public_id])
    page = client.get(url).content.decode()
    assert "2026-27 Q2" in page and "2026-27 Q3" not in page, "only quarters that have ended"
    response = client.post(
        url,
        {
            "period": "2026-2",
            "spend": "25000",
            "referrals_received": "40",
            "people_supported": "35",
            "outcomes_achieved": "20",
            "notes": "<script>alert(1)</script>",
        },
    )
    assert response.status_code == 302
    item = QuarterlyReturn.objects.get()
    assert (item.year, item.quarter, item.people_supported) == (2026, 2, 35)
    page = client.get(reverse("commissioning:contract", args=[base.contract.public_id]))
    assert "2026-27 Q2" in page.content.decode()


def test_the_provider_uploads_returns_and_a_bad_file_says_why(base):
    client = client_for(base.officer)
    url = reverse("commissioning:upload")
    bad = io.BytesIO(csv_file(GOOD[0], ("VSF-DA-01", 2026, 9, "x", 1, 1, 1, "")))
    bad.name = "returns.csv"
    response = client.post(url, {"file": bad})
    page = response.content.decode()
    assert response.status_code == 200
    assert "nothing from it has been recorded" in page
    assert "Row 3, quarter: enter a quarter from 1 to 4" in page
    assert not QuarterlyReturn.objects.exists()
    good = io.BytesIO(csv_file(*GOOD))
    good.name = "returns.csv"
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    assert QuarterlyReturn.objects.filter(contract=base.contract).count() == 2


def test_another_providers_contract_is_not_found_and_the_refusal_logged(base, quiet):
    client = client_for(base.other_officer)
    for name in ("commissioning:contract", "commissioning:return-add"):
        response = client.get(reverse(name, args=[base.contract.public_id]))
        assert response.status_code == 404
    assert (
        AccessLogEntry.objects.filter(
            user=base.other_officer, action=Action.DENIED, record_type="commissioning.contract"
        ).count()
        == 2
    )
    assert client.get(reverse("commissioning:contract", args=["0" * 16])).status_code == 404


def test_a_commissioner_sees_a_contract_but_does_not_make_its_returns(base, quiet):
    client = client_for(base.commissioner)
    assert (
        client.get(reverse("commissioning:contract", args=[base.contract.public_id])).status_code
        == 200
    )
    response = client.get(reverse("commissioning:return-add", args=[base.contract.public_id]))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "commissioning:funder-add",
        "commissioning:stream-add",
        "commissioning:figures",
        "commissioning:export",
    ],
)
def test_commissioners_pages_need_the_role_and_the_agency(base, quiet, name):
    assert client_for(base.commissioner).get(reverse(name)).status_code == 200
    for user in (base.police_analyst, base.ca_analyst, base.officer, base.educator):
        assert client_for(user).get(reverse(name)).status_code == 403
    assert AccessLogEntry.objects.filter(
        user=base.ca_analyst, action=Action.DENIED, reason="role not allowed"
    ).exists()
    # The role alone is not enough: an account that holds it at another kind of agency (which
    # the accounts' rules refuse, were it ever written) is refused too.
    elsewhere = UserFactory(role=Role.COMMISSIONER, agency=AgencyFactory(kind=AgencyKind.POLICE))
    assert client_for(elsewhere).get(reverse(name)).status_code == 403
    assert AccessLogEntry.objects.filter(
        user=elsewhere, action=Action.DENIED, reason="not the commissioning agency"
    ).exists()


def test_caseworkers_and_education_providers_are_refused_the_returns_pages(base, quiet):
    for user in (base.educator, base.caseworker, base.ca_analyst):
        client = client_for(user)
        assert client.get(reverse("commissioning:home")).status_code == 403
        assert client.get(reverse("commissioning:upload")).status_code == 403
        url = reverse("commissioning:contract", args=[base.contract.public_id])
        assert client.get(url).status_code == 403


def test_figures_page_shows_a_withheld_cost(base):
    from harbour.commissioning.services import return_submit
    from harbour.statistics.releases import releases_publish_due

    return_submit(
        contract=base.contract,
        year=2026,
        quarter=1,
        spend=9000,
        referrals_received=3,
        people_supported=3,
        outcomes_achieved=2,
        by=base.officer,
    )
    url = reverse("commissioning:figures") + "?year=2026"
    page = client_for(base.commissioner).get(url)
    assert "Not released yet" in page.content.decode(), "the figures wait for a release"
    assert 'id="costs"' not in page.content.decode()
    releases_publish_due(names=["commissioning.returns"])
    page = client_for(base.commissioner).get(url)
    text = page.content.decode()
    assert "£9,000.00" in text and "[c]" in text
    assert 'id="release-2026-Q1"' in text and "April to June 2026" in text
    assert "Published" in text and "10 November 2026" in text
    assert ">3<" not in text, "the small count is never shown"
    # The chart beside the spend table: each contract's budget and spend, nothing else.
    spend = page.context["spend_chart"]
    assert spend["labels"] == ["VSF-DA-01", "VSF-SV-01"]
    assert [dataset["data"] for dataset in spend["datasets"]] == [[0, 0], [9000.0, 0]]
    assert '<script id="spend-chart" type="application/json">' in text
    assert "harbour/charts" in text


def test_the_downloads_are_valid_and_logged(base):
    client = client_for(base.commissioner)
    response = client.get(reverse("commissioning:export-json"))
    assert response["Content-Disposition"].startswith('attachment; filename="grants-360giving-')
    package = json.loads(response.content)
    from harbour.commissioning.giving import package_errors

    assert package_errors(package) == []
    assert len(package["grants"]) == 2
    response = client.get(reverse("commissioning:export-xlsx"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3
    assert (
        AccessLogEntry.objects.filter(
            user=base.commissioner, action=Action.EXPORT, record_type="commissioning.360giving"
        ).count()
        == 2
    )


def test_the_home_panel_tells_the_provider_of_returns_to_make(base):
    page = client_for(base.officer).get(reverse("core:staff-home")).content.decode()
    assert "Quarterly returns to make" in page
    assert "VSF-DA-01 2025-26 Q1" in page, "the oldest first"
    assert "VSF-SV-01" not in page
