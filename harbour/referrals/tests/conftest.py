"""The test base: a survivor recorded by the police, and agencies whose view of a referral
about her differs.

- ``officer``: the police officer who recorded her (her record is open to the force);
- ``hub_worker``: a caseworker at the victim care hub (triage view; involved on accepting);
- ``specialist``: a caseworker at the harmful-practices service, found in the directory by
  need and area (service view; never involved);
- ``other_specialist``: a caseworker at an uninvolved specialist service;
- ``outside_service``: a directory service of an organisation outside the partnership.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.roles import AgencyKind, Role
from harbour.directory.models import Organisation, Service
from harbour.directory.queries import need_terms
from harbour.directory.services import organisation_save, service_save
from harbour.people.models import LawfulBasis, ProcessingCondition, Regime
from harbour.referrals.services import SharingBasis, referral_send


def _service(organisation, *, by, needs, areas, **fields) -> Service:
    terms = {term.code: term for term in need_terms()}
    fields.setdefault("description", "Synthetic support for tests.")
    fields.setdefault("phone", "0151 496 0999")
    return service_save(
        service=Service(organisation=organisation, **fields),
        by=by,
        needs=[terms[code] for code in needs],
        areas=areas,
        locations=[],
        opening_times=[],
    )


@pytest.fixture
def world(db, admin_user):
    from harbour.people.services import person_create
    from harbour.regions.models import LocalAuthority

    area = LocalAuthority.objects.get_or_create(
        gss_code="E08000012", defaults={"name": "Liverpool"}
    )[0]
    police = AgencyFactory(name="Test Police", kind=AgencyKind.POLICE)
    hub = AgencyFactory(name="Test Victim Care Hub", kind=AgencyKind.VICTIM_CARE_HUB)
    hub.areas.set([area])
    harmful = AgencyFactory(name="Test Harmful Practices", kind=AgencyKind.SPECIALIST_SERVICE)
    other = AgencyFactory(name="Test Outreach", kind=AgencyKind.SPECIALIST_SERVICE)
    officer = UserFactory(role=Role.POLICE_OFFICER, agency=police, username="officer")
    hub_worker = UserFactory(role=Role.HUB_CASEWORKER, agency=hub, username="hubworker")
    specialist = UserFactory(role=Role.SPECIALIST_CASEWORKER, agency=harmful, username="specialist")
    other_specialist = UserFactory(
        role=Role.SPECIALIST_CASEWORKER, agency=other, username="otherspecialist"
    )
    harmful_org = organisation_save(
        organisation=Organisation(
            name="Harmful Practices Org", description="Synthetic.", agency=harmful
        ),
        by=admin_user,
    )
    outside_org = organisation_save(
        organisation=Organisation(name="Independent Women's Centre", description="Synthetic."),
        by=admin_user,
    )
    casework = _service(
        harmful_org,
        by=admin_user,
        name="Forced marriage casework",
        needs=["forced-marriage", "honour-based-abuse"],
        areas=[area],
    )
    outside_service = _service(
        outside_org,
        by=admin_user,
        name="Independent forced marriage helpline",
        needs=["forced-marriage"],
        areas=[area],
        phone="0151 496 0555",
    )
    person = person_create(
        by=officer,
        given_name="Nadia",
        family_name="Farrow",
        date_of_birth=datetime.date(1994, 6, 2),
        address="12 Synthetic Close\nLiverpool",
        postcode="L7 0ZZ",
        phone="07700 900321",
        email="nadia.f@example.org",
        local_authority=area,
        language="Urdu",
        interpreter_needed=True,
        children_in_household=2,
        children_details="Two children at primary school",
        disability="yes",
        disability_details="Hearing loss in one ear",
        ethnicity="asian_pakistani",
        safe_channels=["text_message"],
        safe_times="Weekdays 10:00 to 12:00",
        voicemail_ok="no",
        code_word="Kingfisher",
    )
    return SimpleNamespace(
        area=area,
        police=police,
        hub=hub,
        harmful=harmful,
        other=other,
        officer=officer,
        hub_worker=hub_worker,
        specialist=specialist,
        other_specialist=other_specialist,
        casework=casework,
        outside_service=outside_service,
        person=person,
    )


def police_basis() -> SharingBasis:
    return SharingBasis(
        regime=Regime.DPA_PART_3,
        basis=LawfulBasis.objects.get(code="dpa-35-2-b-law-enforcement-task"),
    )


def public_task() -> SharingBasis:
    """A public task alone: refused for any referral under UK GDPR, as every referral tells the
    agency she is the victim of an alleged offence (decision 0040)."""
    return SharingBasis(
        regime=Regime.UK_GDPR, basis=LawfulBasis.objects.get(code="gdpr-6-1-e-public-task")
    )


def statutory_task() -> SharingBasis:
    """A public task with the statutory-purposes condition (Schedule 1 paragraph 6)."""
    condition = ProcessingCondition.objects.get(code="dpa-sch1-p6-statutory-purposes")
    return SharingBasis(
        regime=Regime.UK_GDPR,
        basis=LawfulBasis.objects.get(code="gdpr-6-1-e-public-task"),
        condition=condition,
        preconditions_confirmed=condition.preconditions,
    )


BACKGROUND = "Officers attended; he pushed her down the stairs."
RISK_REASONS = "Fourteen yes answers; strangulation; pregnancy."


def send_to_hub(world, **overrides):
    values = {
        "person": world.person,
        "by": world.officer,
        "to_agency": world.hub,
        "reason": "Wants help to stay safe at home.",
        "circumstances": BACKGROUND,
        "risk_level": "high",
        "risk_reasons": RISK_REASONS,
        "sharing": police_basis(),
        "source": "incidents.incident:0123456789abcdef",
    }
    values.update(overrides)
    return referral_send(**values)


def accepted_by_hub(world):
    from harbour.referrals.services import referral_accept

    return referral_accept(referral=send_to_hub(world), by=world.hub_worker)


def send_to_specialist(world, onward_from=None, **overrides):
    from harbour.directory.queries import need_get

    values = {
        "person": world.person,
        "by": world.hub_worker,
        "to_agency": world.harmful,
        "service": world.casework,
        "need": need_get("forced-marriage"),
        "reason": "Wants advice about pressure to marry.",
        "risk_level": "high",
        "sharing": statutory_task(),
        "onward_from": onward_from,
    }
    values.update(overrides)
    return referral_send(**values)
