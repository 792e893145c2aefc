"""The test base for MARAC: one area with its MARAC, a survivor and the man harming her, and
users whose access differs.

- ``officer``: the police officer who recorded her (her record is open to the force); the
  force covers the area, so it is invited to hear every case;
- ``idva``: an IDVA at the area's IDVA service (covers the area: invited to every case);
- ``coordinator``: the MARAC coordinator at the area's council (runs the MARAC);
- ``specialist``: a caseworker at a specialist service involved with her (invited because
  involved);
- ``outsider``: an IDVA at a service of another area, not involved with anyone here;
- ``other_coordinator``: the coordinator of another area's MARAC.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.roles import AgencyKind, Role
from harbour.marac.services import marac_setup
from harbour.marac.tests.helpers import bases
from harbour.people.models import InvolvementKind


@pytest.fixture
def world(db):
    from harbour.people.services import involvement_add, person_create
    from harbour.regions.models import LocalAuthority

    area = LocalAuthority.objects.update_or_create(
        gss_code="E08000012",
        defaults={"name": "Liverpool", "population_all_ages": 486100, "women_16_plus": 200000},
    )[0]
    far = LocalAuthority.objects.update_or_create(
        gss_code="E06000006",
        defaults={"name": "Halton", "population_all_ages": 128200, "women_16_plus": 50000},
    )[0]
    police = AgencyFactory(name="Test Police", kind=AgencyKind.POLICE)
    idva_service = AgencyFactory(name="Test IDVA Service", kind=AgencyKind.IDVA_SERVICE)
    hub = AgencyFactory(name="Test Victim Care Hub", kind=AgencyKind.VICTIM_CARE_HUB)
    council = AgencyFactory(name="Test City Council", kind=AgencyKind.COUNCIL)
    specialist_service = AgencyFactory(name="Test Outreach", kind=AgencyKind.SPECIALIST_SERVICE)
    far_idva = AgencyFactory(name="Far IDVA Service", kind=AgencyKind.IDVA_SERVICE)
    far_council = AgencyFactory(name="Far Council", kind=AgencyKind.COUNCIL)
    for agency in (police, idva_service, hub, council, specialist_service):
        agency.areas.set([area])
    far_idva.areas.set([far])
    far_council.areas.set([far])
    officer = UserFactory(role=Role.POLICE_OFFICER, agency=police, username="officer")
    idva = UserFactory(role=Role.IDVA, agency=idva_service, username="idva")
    hub_worker = UserFactory(role=Role.HUB_CASEWORKER, agency=hub, username="hubworker")
    coordinator = UserFactory(role=Role.MARAC_COORDINATOR, agency=council, username="coordinator")
    specialist = UserFactory(
        role=Role.SPECIALIST_CASEWORKER, agency=specialist_service, username="specialist"
    )
    outsider = UserFactory(role=Role.IDVA, agency=far_idva, username="outsider")
    other_coordinator = UserFactory(
        role=Role.MARAC_COORDINATOR, agency=far_council, username="othercoordinator"
    )
    analyst = UserFactory(role=Role.ANALYST, username="analyst")
    marac = marac_setup(
        local_authority=area,
        agency=council,
        name="Liverpool MARAC",
        protocol="Test MARAC protocol",
        bases=bases(),
        venue="Room 4",
    )
    far_marac = marac_setup(
        local_authority=far,
        agency=far_council,
        name="Halton MARAC",
        protocol="Test MARAC protocol",
        bases=bases(),
    )
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
    involvement_add(person=victim, agency=idva_service, kind=InvolvementKind.ASSIGNMENT, by=officer)
    involvement_add(
        person=victim, agency=specialist_service, kind=InvolvementKind.REFERRAL, by=officer
    )
    return SimpleNamespace(
        area=area,
        far=far,
        police=police,
        idva_service=idva_service,
        hub=hub,
        council=council,
        specialist_service=specialist_service,
        officer=officer,
        idva=idva,
        hub_worker=hub_worker,
        coordinator=coordinator,
        specialist=specialist,
        outsider=outsider,
        other_coordinator=other_coordinator,
        analyst=analyst,
        marac=marac,
        far_marac=far_marac,
        victim=victim,
        harmer=harmer,
    )
