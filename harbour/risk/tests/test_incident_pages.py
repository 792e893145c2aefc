"""What risk adds to the incident pages and the officer's queue (incidents never import risk:
risk supplies its checklists through ``harbour.incidents.checklists``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.incidents.factories import incident_make
from harbour.people.factories import person_make
from harbour.risk.services import assessment_record
from harbour.risk.tests.test_assessments import answers

pytestmark = pytest.mark.django_db


def police_checklist(officer, incident, *, level="medium"):
    return assessment_record(
        by=officer,
        person=incident.victim,
        tool_key="police-checklist",
        answers=answers("police-checklist", yes=3),
        officer_level=level,
        officer_reasons="Fear of further violence",
        incident=incident,
    )


@pytest.fixture
def officer():
    return UserFactory(role=Role.POLICE_OFFICER, username="officer")


@pytest.fixture
def incident(officer):
    victim = person_make(by=officer, given_name="Nadia", family_name="Ellery")
    return incident_make(by=officer, victim=victim, harmers=[person_make(by=officer)])


def test_the_incident_asks_for_its_checklist_until_one_is_completed(
    officer, incident, staff_client
):
    client = staff_client(officer)
    detail = reverse("incidents:detail", args=[incident.public_id])
    form = (
        reverse("risk:new", args=["police-checklist", incident.victim.public_id])
        + f"?incident={incident.public_id}"
    )
    page = client.get(detail).content.decode()
    assert "Complete the risk checklist" in page and form in page
    assert "None yet." in page
    home = client.get(reverse("core:staff-home")).content.decode()
    assert "Complete the risk checklist for the incident" in home

    older = police_checklist(officer, incident, level="medium")
    newer = police_checklist(officer, incident, level="high")
    page = client.get(detail).content.decode()
    assert "Complete the risk checklist" not in page and "None yet." not in page
    assert page.index(newer.public_id) < page.index(older.public_id)  # newest first
    assert "Latest risk checklist:" in page
    home = client.get(reverse("core:staff-home")).content.decode()
    assert "Complete the risk checklist for the incident" not in home


def test_confirming_domestic_abuse_leads_to_the_police_checklist(officer, staff_client):
    victim = person_make(by=officer)
    incident = incident_make(
        by=officer, victim=victim, harmers=[person_make(by=officer)], domestic_abuse=None
    )
    response = staff_client(officer).post(
        reverse("incidents:domestic-abuse", args=[incident.public_id]),
        {"domestic_abuse": "yes", "note": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("risk:new", args=["police-checklist", victim.public_id])
        + f"?incident={incident.public_id}"
    )


@pytest.mark.urls("harbour.incidents.tests.urls_with_referrals")
def test_incident_and_result_link_to_the_hub_referral_form(officer, incident, staff_client):
    assessment = police_checklist(officer, incident)
    expected = (
        f"{reverse('referrals:create')}?person={incident.victim.public_id}"
        f"&amp;source=incidents.incident%3A{incident.public_id}"
    )
    client = staff_client(officer)
    for url in (
        reverse("incidents:detail", args=[incident.public_id]),
        reverse("risk:assessment", args=[assessment.public_id]),
    ):
        page = client.get(url).content.decode()
        assert "Refer to the victim care hub" in page
        assert expected in page
