"""The test base: a person, and workers whose access to her differs.

- ``recorder``: the police officer who recorded her (agency involved as recorder);
- ``involved_user``: an IDVA at the IDVA service assigned to her;
- ``shared_user``: a caseworker at an agency she agreed to share with, and with which her
  information was shared on the strength of that agreement;
- ``uninvolved_user``: a hub caseworker whose agency has nothing to do with her.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.roles import AgencyKind, Role


@dataclass
class World:
    person: object
    recorder: object
    involved_user: object
    shared_user: object
    uninvolved_user: object
    agreement: object
    share: object
    area: object


@pytest.fixture
def area(db):
    from harbour.regions.models import LocalAuthority

    return LocalAuthority.objects.get_or_create(
        gss_code="E08000012", defaults={"name": "Liverpool"}
    )[0]


@pytest.fixture
def world(db, area) -> World:
    from harbour.people.models import InvolvementKind, LawfulBasis, Regime
    from harbour.people.services import (
        agreement_record,
        involvement_add,
        person_create,
        share_record,
    )

    recorder = UserFactory(role=Role.POLICE_OFFICER, username="recorder")
    involved_user = UserFactory(role=Role.IDVA, username="involved")
    shared_agency = AgencyFactory(name="Outreach Service", kind=AgencyKind.SPECIALIST_SERVICE)
    shared_user = UserFactory(
        role=Role.SPECIALIST_CASEWORKER, agency=shared_agency, username="shared"
    )
    uninvolved_user = UserFactory(role=Role.HUB_CASEWORKER, username="uninvolved")
    person = person_create(
        by=recorder,
        given_name="Harriet",
        family_name="Quennell",
        other_names=["Harriet Brooke"],
        date_of_birth=datetime.date(1988, 4, 11),
        address="7 Synthetic Row\nLiverpool",
        postcode="L8 0ZZ",
        phone="07700 900461",
        email="harriet.q@example.org",
        local_authority=area,
        safe_channels=["text_message"],
        safe_times="Weekdays 10:00 to 12:00",
        voicemail_ok="no",
        code_word="Lighthouse",
    )
    involvement_add(
        person=person, agency=involved_user.agency, kind=InvolvementKind.ASSIGNMENT, by=recorder
    )
    agreement = agreement_record(
        person=person,
        by=involved_user,
        agencies=[shared_agency],
        purpose="Outreach support",
        given_at=timezone.now() - datetime.timedelta(hours=2),
        given_how="in_person",
    )
    share = share_record(
        person=person,
        by=involved_user,
        agency=shared_agency,
        purpose="Outreach support",
        categories=["identity", "contact"],
        regime=Regime.UK_GDPR,
        basis=LawfulBasis.objects.get(code="gdpr-6-1-a-consent"),
        agreement=agreement,
    )
    return World(
        person=person,
        recorder=recorder,
        involved_user=involved_user,
        shared_user=shared_user,
        uninvolved_user=uninvolved_user,
        agreement=agreement,
        share=share,
        area=area,
    )
