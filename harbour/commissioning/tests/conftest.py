"""The test base for commissioning: users whose access differs.

- ``commissioner``: a commissioner at the Combined Authority / PCC office;
- ``police_analyst``: an analyst at the police, not a commissioner;
- ``ca_analyst``: an analyst at the Combined Authority, who reads figures but does not commission;
- ``officer``: a returns officer of the contracted provider's agency;
- ``caseworker``: a specialist caseworker of the same agency, who makes no returns;
- ``other_officer``: the same role at another provider, with a contract of its own;
- ``educator``: an education provider, with no part in commissioning.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
import time_machine

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.roles import AgencyKind, Role
from harbour.commissioning.factories import contract_make


@dataclass
class Base:
    commissioner: object
    police_analyst: object
    ca_analyst: object
    officer: object
    caseworker: object
    other_officer: object
    educator: object
    contract: object
    other_contract: object


@pytest.fixture
def today():
    """A fixed day: 10 November 2026 (financial year 2026, quarter 3)."""
    with time_machine.travel(datetime.datetime(2026, 11, 10, 12, 0, tzinfo=datetime.UTC)):
        yield datetime.date(2026, 11, 10)


@pytest.fixture
def base(db, today) -> Base:
    commissioner = UserFactory(role=Role.COMMISSIONER)
    police = AgencyFactory(kind=AgencyKind.POLICE)
    provider = AgencyFactory(kind=AgencyKind.SPECIALIST_SERVICE)
    other_provider = AgencyFactory(kind=AgencyKind.SPECIALIST_SERVICE)
    contract = contract_make(by=commissioner, agency=provider, reference="VSF-DA-01")
    other = contract_make(
        by=commissioner, stream=contract.stream, agency=other_provider, reference="VSF-SV-01"
    )
    return Base(
        commissioner=commissioner,
        police_analyst=UserFactory(role=Role.ANALYST, agency=police),
        ca_analyst=UserFactory(role=Role.ANALYST, agency=commissioner.agency),
        officer=UserFactory(role=Role.RETURNS_OFFICER, agency=provider),
        caseworker=UserFactory(role=Role.SPECIALIST_CASEWORKER, agency=provider),
        other_officer=UserFactory(role=Role.RETURNS_OFFICER, agency=other_provider),
        educator=UserFactory(role=Role.EDUCATION_PROVIDER),
        contract=contract,
        other_contract=other,
    )
