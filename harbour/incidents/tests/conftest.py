"""The test base for incidents: a victim and a person harming her, and users whose access differs.

- ``officer``: the police officer who records incidents (her force records the victim);
- ``idva``: an IDVA whose service is assigned to the victim (may read her, not the harmer);
- ``other_officer``: an officer of another force, not involved with anyone here;
- ``caseworker``: a hub caseworker whose agency is not involved.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.roles import AgencyKind, Role


@dataclass
class Base:
    officer: object
    idva: object
    other_officer: object
    caseworker: object
    victim: object
    harmer: object
    area: object


@pytest.fixture
def area(db):
    from harbour.incidents.factories import area_make

    return area_make()


@pytest.fixture
def base(db, area) -> Base:
    from harbour.people.models import InvolvementKind
    from harbour.people.services import involvement_add, person_create

    officer = UserFactory(role=Role.POLICE_OFFICER, username="officer")
    idva = UserFactory(role=Role.IDVA, username="idva")
    other_force = AgencyFactory(name="Another Police Force", kind=AgencyKind.POLICE)
    other_officer = UserFactory(
        role=Role.POLICE_OFFICER, agency=other_force, username="other.officer"
    )
    caseworker = UserFactory(role=Role.HUB_CASEWORKER, username="caseworker")
    victim = person_create(
        by=officer,
        given_name="Nadia",
        family_name="Ellery",
        date_of_birth=datetime.date(1990, 6, 1),
        phone="07700 900301",
        local_authority=area,
    )
    harmer = person_create(
        by=officer,
        given_name="Gareth",
        family_name="Pollitt",
        date_of_birth=datetime.date(1987, 2, 3),
        local_authority=area,
    )
    involvement_add(person=victim, agency=idva.agency, kind=InvolvementKind.ASSIGNMENT, by=officer)
    return Base(
        officer=officer,
        idva=idva,
        other_officer=other_officer,
        caseworker=caseworker,
        victim=victim,
        harmer=harmer,
        area=area,
    )
