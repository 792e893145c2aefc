from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.roles import AgencyKind, Role
from harbour.consultations.factories import consultation_make


@pytest.fixture
def world(db, settings):
    """An analyst of the agency running a consultation, an analyst elsewhere, and an IDVA."""
    settings.HARBOUR_CONSULTATION_EMBEDDER = "pseudo"
    runner = AgencyFactory(name="Combined Authority", kind=AgencyKind.COMBINED_AUTHORITY)
    elsewhere = AgencyFactory(name="Council", kind=AgencyKind.COUNCIL)
    idva_service = AgencyFactory(name="IDVA service", kind=AgencyKind.IDVA_SERVICE)
    analyst = UserFactory(role=Role.ANALYST, agency=runner, username="analyst")
    other_analyst = UserFactory(role=Role.ANALYST, agency=elsewhere, username="other.analyst")
    idva = UserFactory(role=Role.IDVA, agency=idva_service, username="idva")
    consultation = consultation_make(by=analyst)
    return SimpleNamespace(
        analyst=analyst,
        other_analyst=other_analyst,
        idva=idva,
        consultation=consultation,
        questions={q.text: q for q in consultation.questions.all()},
    )


SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "null"}


@pytest.fixture
def public_client():
    return Client()
