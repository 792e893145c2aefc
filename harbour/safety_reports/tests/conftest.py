"""The test base for safety reports.

- ``caseworker`` and ``lead``: specialist caseworkers at the sex-worker support project;
- ``liaison``: the police's sex-worker liaison officer;
- ``specialist``: a specialist caseworker at another kind of agency (same role, wrong agency);
- ``officer``: a police officer who is not the liaison officer;
- areas Liverpool and Sefton.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.roles import AgencyKind, Role

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "null"}
ADDRESS = "198.51.100.77"


def form_token(client: Client, path: str = "/safety/report/") -> str:
    page = client.get(path)
    return re.search(r'name="form_token" value="([^"]+)"', page.content.decode()).group(1)


def report_data(**values) -> dict:
    data = {
        "pattern": "street",
        "area": "E08000012",
        "happened_on": "2026-11-20",
        "happened_time": "Late evening",
        "location": "Behind the old bus depot",
        "violence_types": ["physical", "robbery"],
        "contact_method": "vehicle",
        "account": "My name is Kerry-Ann, he hit me and took my bag.",
        "gender": "man",
        "age_range": "35_44",
        "build": "Slim",
        "features": "Scar through left eyebrow",
        "vehicle": "Blue van",
        "registrations": "AB12 CDE",
        "phones": "07700 900123",
        "handles": "@blue_van_man",
        "description": "Wore a red cap.",
        "consent": "police_anonymised",
        "contact_name": "",
        "contact_details": "",
    }
    data.update(values)
    return data


def post_report(client: Client, *, token: str | None = None, address: str = ADDRESS, **values):
    data = report_data(**values)
    data["form_token"] = token if token is not None else form_token(client)
    return client.post("/safety/report/", data, REMOTE_ADDR=address, **SAME_ORIGIN)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    from harbour.regions.models import LocalAuthority

    liverpool = LocalAuthority.objects.get_or_create(
        gss_code="E08000012", defaults={"name": "Liverpool"}
    )[0]
    sefton = LocalAuthority.objects.get_or_create(
        gss_code="E08000014", defaults={"name": "Sefton"}
    )[0]
    project = AgencyFactory(name="Test Red Umbrella", kind=AgencyKind.SEX_WORKER_PROJECT)
    police = AgencyFactory(name="Test Police", kind=AgencyKind.POLICE)
    other = AgencyFactory(name="Test Outreach", kind=AgencyKind.SPECIALIST_SERVICE)
    return SimpleNamespace(
        liverpool=liverpool,
        sefton=sefton,
        project=project,
        caseworker=UserFactory(
            role=Role.SPECIALIST_CASEWORKER, agency=project, username="projectworker"
        ),
        lead=UserFactory(role=Role.SPECIALIST_CASEWORKER, agency=project, username="projectlead"),
        liaison=UserFactory(role=Role.LIAISON_OFFICER, agency=police, username="liaison"),
        officer=UserFactory(role=Role.POLICE_OFFICER, agency=police, username="officer"),
        specialist=UserFactory(role=Role.SPECIALIST_CASEWORKER, agency=other, username="other"),
    )
