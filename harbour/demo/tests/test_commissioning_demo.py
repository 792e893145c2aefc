"""The demo region's commissioning: a victim-services fund of about £3m over three years, with
contracts for the services the plan names, budgets, returns, and open data that validates."""

import pytest
from django.utils import timezone

from harbour.commissioning.figures import spend_against_budget, year_figures
from harbour.commissioning.giving import grants_package, package_errors
from harbour.commissioning.models import Contract, FundingStream, financial_year_of
from harbour.commissioning.queries import returns_missing
from harbour.directory.models import Location


@pytest.mark.django_db
def test_demo_fund_contracts_returns_and_open_data(demo_region):
    users = demo_region.shared["users"]
    fund = FundingStream.objects.get()
    assert fund.total == 3_000_000
    assert (fund.ends_on - fund.starts_on).days in range(1090, 1100), "three years"
    contracts = list(Contract.objects.order_by("reference"))
    titles = " ".join(contract.title.lower() for contract in contracts)
    for named in ("harmful practices", "sexual-violence aftercare", "domestic abuse"):
        assert named in titles
    assert sum(contract.amount for contract in contracts) <= fund.total
    assert all(contract.budgets.count() == 3 for contract in contracts)
    assert all(contract.returns.exists() for contract in contracts)
    # The domestic abuse provider's latest quarter has no return yet.
    missing = returns_missing(user=users["commissioner"])
    assert [item.contract.reference for item in missing] == ["VSF-DA-01"]
    # The harmful practices service's returns officer sees its own contract only; its
    # caseworkers and the analysts make and read no returns.
    mine = returns_missing(user=users["returns.officer"])
    assert all(item.contract.reference == "VSF-HP-01" for item in mine)
    assert returns_missing(user=users["specialist.caseworker"]) == []
    assert returns_missing(user=users["analyst"]) == []
    year = financial_year_of(timezone.localdate()) - 1
    spend = spend_against_budget(contracts=contracts, year=year)
    assert all(line.spend > 0 for line in spend)
    # Last year's four quarters are released (the statistics demo makes what is due), so the
    # figures page shows them and the year added up.
    figures = year_figures(year)
    assert figures.complete and all(quarter.release for quarter in figures.quarters)
    costs = {line.label: line for line in figures.so_far}
    harmful = costs["VSF-HP-01: Harmful practices casework and FGM support"]
    assert harmful.people.value is None or harmful.people.value >= 10
    assert (harmful.per_person.value is None) == (
        harmful.people.value is None or harmful.people.value < 10
    )
    package = grants_package(contracts, title="Demo grants")
    assert package_errors(package) == []
    confidential = Location.objects.filter(address_confidential=True)
    assert confidential.filter(organisation__contracts__isnull=False).exists()
    for location in Location.objects.filter(address_confidential=True):
        assert location.address_1 not in str(package)
        assert location.postal_code not in str(package)
