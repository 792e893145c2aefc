"""The test base for follow-ups: a pilot area and one outside it, and users whose access differs.

- ``officer``: a police officer who records incidents (her force records the victims);
- ``idva``: an IDVA of the pilot area's IDVA service (the one assigned);
- ``manager``: the IDVA service's manager, named as the scheme's escalation contact;
- ``other_idva``: an IDVA of another area's service, not assigned;
- ``analyst``: reads the published figures, never a follow-up.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.roles import AgencyKind, Role


@dataclass
class Base:
    pilot_area: object
    other_area: object
    idva_service: object
    scheme: object
    officer: object
    idva: object
    manager: object
    other_idva: object
    analyst: object

    def incident(self, **kwargs):
        """A police incident in the pilot area, confirmed as domestic abuse."""
        from harbour.incidents.factories import incident_make
        from harbour.people.factories import person_make

        area = kwargs.pop("local_authority", self.pilot_area)
        victim = kwargs.pop("victim", None) or person_make(by=self.officer, local_authority=area)
        harmer = person_make(by=self.officer, local_authority=area)
        return incident_make(
            by=self.officer, victim=victim, harmers=[harmer], local_authority=area, **kwargs
        )

    def followup(self, *, answer="agrees", **kwargs):
        """A follow-up in the pilot area, with the police's notice recorded (``answer``)."""
        from harbour.followups.models import Followup
        from harbour.followups.services import followup_notice_record

        incident = self.incident(**kwargs)
        followup = Followup.objects.get(incident=incident)
        if answer:
            followup = followup_notice_record(
                followup=followup,
                by=self.officer,
                answer=answer,
                told_at=incident.visited_at if answer != "not_told" else None,
            )
        return followup


def public_task_scheme(area, idva_service, **values):
    from harbour.followups.models import FollowupScheme
    from harbour.people.models import LawfulBasis, ProcessingCondition

    condition = ProcessingCondition.objects.get(code="dpa-sch1-p6-statutory-purposes")
    defaults = {
        "local_authority": area,
        "starts_on": datetime.date(2026, 1, 1),
        "idva_service": idva_service,
        "share_regime": "uk_gdpr",
        "share_basis": LawfulBasis.objects.get(code="gdpr-6-1-e-public-task"),
        "share_condition": condition,
        "share_preconditions_confirmed": list(condition.preconditions),
    }
    defaults.update(values)
    scheme = FollowupScheme(**defaults)
    scheme.full_clean()
    scheme.save()
    return scheme


@pytest.fixture
def base(db) -> Base:
    from harbour.incidents.factories import area_make

    pilot_area = area_make("Knowsley", "E08000011")
    other_area = area_make("Sefton", "E08000014")
    idva_service = AgencyFactory(name="Knowsley IDVA Service", kind=AgencyKind.IDVA_SERVICE)
    idva_service.areas.set([pilot_area])
    other_service = AgencyFactory(name="Sefton IDVA Service", kind=AgencyKind.IDVA_SERVICE)
    other_service.areas.set([other_area])
    idva = UserFactory(role=Role.IDVA, agency=idva_service, username="idva")
    manager = UserFactory(role=Role.IDVA, agency=idva_service, username="idva.manager")
    scheme = public_task_scheme(pilot_area, idva_service)
    scheme.escalation_contacts.set([manager])
    return Base(
        pilot_area=pilot_area,
        other_area=other_area,
        idva_service=idva_service,
        scheme=scheme,
        officer=UserFactory(role=Role.POLICE_OFFICER, username="officer"),
        idva=idva,
        manager=manager,
        other_idva=UserFactory(role=Role.IDVA, agency=other_service, username="other.idva"),
        analyst=UserFactory(role=Role.ANALYST, username="analyst"),
    )
