"""The police checklist saved as an encrypted draft and resumed (27 questions can outlast the
idle limit); the officer's alone; deleted when the checklist is saved; never in the session."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.incidents.factories import incident_make
from harbour.people.factories import person_make
from harbour.risk.definitions import Answer
from harbour.risk.models import Assessment, ChecklistDraft
from harbour.risk.queries import risk_tool_current

pytestmark = pytest.mark.django_db

POLICE = "police-checklist"


@pytest.fixture
def setting(db):
    officer = UserFactory(role=Role.POLICE_OFFICER)
    victim = person_make(by=officer, given_name="Maya", family_name="Orrell")
    harmer = person_make(by=officer, given_name="Dean", family_name="Orrell")
    incident = incident_make(by=officer, victim=victim, harmers=[harmer])
    url = reverse("risk:new", args=[POLICE, victim.public_id]) + f"?incident={incident.public_id}"
    return officer, victim, incident, url


def _first_questions(n: int) -> dict[str, str]:
    questions = risk_tool_current(key=POLICE).definition.questions
    plain = [q.id for q in questions if not q.opens]
    return {f"q_{qid}": Answer.YES for qid in plain[:n]}


def test_save_a_draft_and_resume_it(setting, staff_client):
    officer, _victim, incident, url = setting
    client = staff_client(officer)
    partial = {**_first_questions(3), "officer_reasons": "Fear of strangulation noted"}
    response = client.post(url, {**partial, "action": "draft", "incident": incident.public_id})
    assert response.status_code == 302
    assert not Assessment.objects.exists()
    draft = ChecklistDraft.objects.get()
    assert draft.incident_id == incident.pk and draft.owner_id == officer.pk

    page = client.get(url).content.decode()
    assert 'id="draft"' in page and "Fear of strangulation noted" in page
    first = next(iter(partial))
    assert f'id="id_{first}_1" name="{first}" type="radio" value="yes" checked' in page

    # Another officer's checklist for her starts empty.
    other = UserFactory(role=Role.POLICE_OFFICER, agency=officer.agency)
    assert 'id="draft"' not in staff_client(other).get(url).content.decode()

    # Nothing of it in the session table; the stored answers are ciphertext.
    for session in Session.objects.all():
        assert "strangulation" not in session.session_data + repr(session.get_decoded())
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM risk_checklistdraft")
        (stored,) = cursor.fetchone()
    assert stored.startswith("gAAAA") and "strangulation" not in stored


def test_saving_the_checklist_deletes_the_draft(setting, staff_client):
    officer, _victim, incident, url = setting
    client = staff_client(officer)
    client.post(url, {**_first_questions(2), "action": "draft", "incident": incident.public_id})
    questions = risk_tool_current(key=POLICE).definition.questions
    every = {f"q_{q.id}": Answer.NO for q in questions}
    response = client.post(
        url,
        {
            **every,
            "incident": incident.public_id,
            "officer_level": "standard",
            "officer_reasons": "Synthetic reasons",
        },
    )
    assert response.status_code == 302
    assert Assessment.objects.count() == 1
    assert not ChecklistDraft.objects.exists()


def test_an_expired_draft_is_not_resumed(setting, staff_client):
    officer, _victim, incident, url = setting
    staff_client(officer).post(
        url, {**_first_questions(2), "action": "draft", "incident": incident.public_id}
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=13), tick=False):
        page = staff_client(officer).get(url).content.decode()
        assert 'id="draft"' not in page
