"""A small directory for tests: a few services with known needs, areas and ages."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from harbour.accounts.factories import AgencyFactory
from harbour.directory.choices import Gender, ServiceStatus
from harbour.directory.models import Location, Organisation, Service
from harbour.directory.queries import need_terms
from harbour.directory.services import OpeningTimes, location_save, organisation_save, service_save
from harbour.regions.demo import POPULATION_FILE
from harbour.regions.models import LocalAuthority
from harbour.regions.services import areas_load_from_csv


@pytest.fixture
def areas(db) -> dict[str, LocalAuthority]:
    areas_load_from_csv(path_or_file=POPULATION_FILE)
    return {area.name: area for area in LocalAuthority.objects.all()}


def _service(organisation, *, by, needs, areas, places=(), times=(), **fields) -> Service:
    terms = {term.code: term for term in need_terms()}
    fields.setdefault("description", "Synthetic support for tests.")
    fields.setdefault("phone", "0151 496 0999")
    return service_save(
        service=Service(organisation=organisation, **fields),
        by=by,
        needs=[terms[code] for code in needs],
        areas=areas,
        locations=places,
        opening_times=times,
    )


@pytest.fixture
def directory(db, areas, admin_user) -> SimpleNamespace:
    by = admin_user
    agency = AgencyFactory(name="Test Specialist Agency")
    charity = organisation_save(
        organisation=Organisation(
            name="Harbourside Support", description="A synthetic charity.", agency=agency
        ),
        by=by,
    )
    other = organisation_save(
        organisation=Organisation(name="Riverside Project", description="Another charity."),
        by=by,
    )
    office = location_save(
        location=Location(
            organisation=charity,
            name="Harbourside office",
            address_1="1 Imaginary Street",
            city="Liverpool",
            state_province="Merseyside",
            postal_code="L1 9ZZ",
            local_authority=areas["Liverpool"],
            accessibility=["step-free", "hearing-loop"],
        ),
        by=by,
    )
    refuge = location_save(
        location=Location(
            organisation=charity,
            name="Refuge",
            address_1="99 Secret Lane",
            city="Runcorn",
            state_province="Cheshire",
            postal_code="WA7 9ZZ",
            local_authority=areas["Halton"],
            address_confidential=True,
        ),
        by=by,
    )
    nine_to_five = OpeningTimes(
        days=["MO", "TU", "WE", "TH", "FR"],
        opens_at=datetime.time(9),
        closes_at=datetime.time(17),
    )
    return SimpleNamespace(
        agency=agency,
        charity=charity,
        other=other,
        office=office,
        refuge=refuge,
        outreach=_service(
            charity,
            by=by,
            name="Harbourside domestic abuse outreach",
            needs=["domestic-abuse", "stalking"],
            areas=[areas["Liverpool"], areas["Knowsley"]],
            places=[office],
            times=[nine_to_five],
            gender=Gender.WOMEN,
            minimum_age=16,
            languages=["en", "pl"],
            email="outreach@example.org",
        ),
        refuge_service=_service(
            charity,
            by=by,
            name="Harbourside refuge",
            needs=["domestic-abuse"],
            areas=[areas["Halton"]],
            places=[refuge],
            minimum_age=18,
        ),
        forced_marriage=_service(
            other,
            by=by,
            name="Riverside forced marriage help",
            needs=["forced-marriage"],
            areas=[areas["Liverpool"]],
            languages=["ur"],
        ),
        youth=_service(
            other,
            by=by,
            name="Riverside youth programme",
            needs=["children-young-people", "education-prevention"],
            areas=[areas["Sefton"]],
            minimum_age=11,
            maximum_age=18,
            self_referral=False,
        ),
        closed=_service(
            other,
            by=by,
            name="Riverside closed helpline",
            needs=["domestic-abuse"],
            areas=[areas["Liverpool"]],
            status=ServiceStatus.DEFUNCT,
        ),
    )
