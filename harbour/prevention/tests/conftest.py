"""The test base for prevention: an education provider running a programme, another education
provider, the commissioner, an analyst elsewhere and a caseworker."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
import time_machine

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.roles import AgencyKind, Role
from harbour.prevention.factories import area_make, programme_make


@dataclass
class Base:
    educator: object
    other_educator: object
    commissioner: object
    police_analyst: object
    caseworker: object
    programme: object
    area: object
    other_area: object


@pytest.fixture
def base(db) -> Base:
    with time_machine.travel(datetime.datetime(2026, 11, 10, 12, tzinfo=datetime.UTC)):
        educator = UserFactory(role=Role.EDUCATION_PROVIDER)
        other = UserFactory(
            role=Role.EDUCATION_PROVIDER,
            agency=AgencyFactory(kind=AgencyKind.EDUCATION_PROVIDER, name="Other Stage"),
        )
        yield Base(
            educator=educator,
            other_educator=other,
            commissioner=UserFactory(role=Role.COMMISSIONER),
            police_analyst=UserFactory(
                role=Role.ANALYST, agency=AgencyFactory(kind=AgencyKind.POLICE)
            ),
            caseworker=UserFactory(role=Role.SPECIALIST_CASEWORKER),
            programme=programme_make(by=educator, name="Healthy relationships"),
            area=area_make("Riverside"),
            other_area=area_make("Hillside"),
        )
