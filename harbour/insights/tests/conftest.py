from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
import time_machine

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.incidents.choices import IncidentKind, Support, YesNoNotKnown
from harbour.incidents.factories import area_make
from harbour.incidents.models import Incident
from harbour.insights.published_tables import INCIDENTS
from harbour.insights.tests.plan import DISCLOSURE, JULY, PLAN
from harbour.people.factories import person_make
from harbour.statistics.releases import releases_publish_due


@dataclass
class Base:
    officer: object
    analyst: object
    commissioner: object
    victim: object
    areas: list

    def incident(
        self, *, area=None, occurred_at: datetime.datetime, kind: str = IncidentKind.POLICE
    ) -> Incident:
        """An incident saved as the services save one (signals and all), without their checks:
        the tests make hundreds."""
        police = kind == IncidentKind.POLICE
        return Incident.objects.create(
            kind=kind,
            victim=self.victim,
            recorded_by_agency=self.officer.agency,
            recorded_by=self.officer,
            occurred_at=occurred_at,
            visited_at=occurred_at + datetime.timedelta(hours=1) if police else None,
            supports_action=Support.YES if police else "",
            local_authority=area or self.areas[0],
            victim_aged_16_or_over=YesNoNotKnown.YES,
            children_present=YesNoNotKnown.NO,
            children_in_household=YesNoNotKnown.NO,
        )


@pytest.fixture
def base(db) -> Base:
    officer = UserFactory(role=Role.POLICE_OFFICER)
    areas = [
        area_make("Liverpool", "E08000012"),
        area_make("Knowsley", "E08000011"),
        area_make("Sefton", "E08000014"),
    ]
    return Base(
        officer=officer,
        analyst=UserFactory(role=Role.ANALYST),
        commissioner=UserFactory(role=Role.COMMISSIONER),
        victim=person_make(by=officer, local_authority=areas[0]),
        areas=areas,
    )


@pytest.fixture
def released(base):
    areas = {a.gss_code: a for a in base.areas}
    for moment, plan in PLAN.items():
        for code, (police, disclosures) in plan.items():
            for i in range(police):
                base.incident(area=areas[code], occurred_at=moment + datetime.timedelta(hours=i))
            for i in range(disclosures):
                base.incident(
                    area=areas[code],
                    occurred_at=moment + datetime.timedelta(hours=i),
                    kind=DISCLOSURE,
                )
    with time_machine.travel(JULY):
        releases_publish_due(names=[INCIDENTS])
    return base
