"""Step 1 as question pages: the encrypted draft between pages (never the session), going back
without losing what she said, the duplicate check on "Who she is", and the draft's expiry."""

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
from harbour.audit.models import AccessLogEntry
from harbour.audit.services import Action
from harbour.core import doors
from harbour.core.drafts import drafts_purge
from harbour.core.tasks import drafts_expire
from harbour.incidents.models import VictimDraft
from harbour.people.models import Involvement, InvolvementKind

pytestmark = pytest.mark.django_db

WHO = {
    "given_name": "Rosa",
    "family_name": "Quigley",
    "date_of_birth": "2/2/1992",
    "phone": "07700 900461",
}
SECRETS = ("Rosa", "Quigley", "07700 900461", "1992", "Acacia", "bluebell")


def _start(client) -> str:
    response = client.post(reverse("incidents:new"), WHO)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"].rstrip("/").split("/")[-1]


def _section(draft_id: str, slug: str) -> str:
    return reverse("incidents:victim-section", args=[draft_id, slug])


def test_question_pages_keep_what_she_said_and_create_her_record(base, staff_client):
    client = staff_client(base.officer)
    draft_id = _start(client)
    tasks = reverse("incidents:victim-tasks", args=[draft_id])
    page = client.get(tasks).content.decode()
    assert "govuk-task-list" in page and "Safe contact" in page and "Equality monitoring" in page
    assert Involvement.objects.filter(kind=InvolvementKind.RECORDED).count() == 2  # base only

    # Creating before safe contact is answered is refused, naming the page.
    response = client.post(tasks, {"action": "create"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error:" in page and "Answer the questions on safe contact" in page

    response = client.post(
        _section(draft_id, "safe-contact"),
        {
            "safe_channels": ["phone_call"],
            "safe_times": "Weekday mornings",
            "code_word": "bluebell",
        },
    )
    assert response.status_code == 302 and response["Location"] == tasks
    response = client.post(
        _section(draft_id, "address"), {"address": "12 Acacia Road", "postcode": "L36 9AB"}
    )
    assert response.status_code == 302
    # Going back shows what was said.
    assert "12 Acacia Road" in client.get(_section(draft_id, "address")).content.decode()
    page = client.get(_section(draft_id, "safe-contact")).content.decode()
    assert "bluebell" in page and "Weekday mornings" in page
    page = client.get(_section(draft_id, "who")).content.decode()
    assert 'value="Quigley"' in page
    # Going back to "Who she is" and continuing unchanged keeps the check done.
    response = client.post(_section(draft_id, "who"), WHO)
    assert response.status_code == 302 and response["Location"] == tasks

    response = client.post(tasks, {"action": "create"})
    assert response.status_code == 302
    person_id = response["Location"].rstrip("/").split("/")[-1]
    assert response["Location"] == reverse("incidents:new-for-person", args=[person_id])
    assert not VictimDraft.objects.exists()  # deleted with her record's creation
    from harbour.people.queries import person_get_for_user

    with doors.opened("test: what was stored"):
        person = person_get_for_user(user=base.officer, person_id=person_id)
        assert (person.family_name, person.code_word, person.postcode) == (
            "Quigley",
            "bluebell",
            "L36 9AB",
        )
        assert person.safe_channels == ["phone_call"]


def test_nothing_personal_in_the_session_and_the_draft_is_ciphertext(base, staff_client):
    client = staff_client(base.officer)
    draft_id = _start(client)
    client.post(
        _section(draft_id, "safe-contact"), {"safe_times": "Mornings", "code_word": "bluebell"}
    )
    client.post(_section(draft_id, "address"), {"address": "12 Acacia Road"})
    client.get(reverse("incidents:victim-tasks", args=[draft_id]))

    sessions = list(Session.objects.all())
    assert sessions
    for session in sessions:
        stored = session.session_data + repr(session.get_decoded())
        for secret in SECRETS:
            assert secret not in stored

    with connection.cursor() as cursor:
        cursor.execute("SELECT data, public_id, owner_id, expires_at FROM incidents_victimdraft")
        rows = cursor.fetchall()
    assert len(rows) == 1
    data = rows[0][0]
    assert data.startswith("gAAAA")  # a Fernet token, nothing else
    for row in rows:
        for column in row:
            for secret in SECRETS:
                assert secret not in str(column)
    draft = VictimDraft.objects.get()
    assert draft.data["sections"]["who"]["family_name"] == "Quigley"  # readable by Harbour


def test_another_officer_cannot_open_the_draft(base, staff_client):
    draft_id = _start(staff_client(base.officer))
    other = staff_client(base.other_officer)
    tasks = reverse("incidents:victim-tasks", args=[draft_id])
    assert other.get(tasks).status_code == 404
    assert other.get(_section(draft_id, "address")).status_code == 404
    assert AccessLogEntry.objects.filter(
        user=base.other_officer, action=Action.DENIED, record_type="incidents.victimdraft"
    ).exists()


def test_a_draft_expires_and_is_removed(base, staff_client, settings):
    settings.HARBOUR_DRAFT_HOURS = 12
    client = staff_client(base.officer)
    draft_id = _start(client)
    draft = VictimDraft.objects.get()
    assert draft.expires_at - timezone.now() > datetime.timedelta(hours=11)
    later = timezone.now() + datetime.timedelta(hours=12, minutes=1)
    with time_machine.travel(later, tick=False):
        # Never read once expired, even before the task removes it.
        assert VictimDraft.objects.live().count() == 0
        fresh = staff_client(base.officer)
        tasks = reverse("incidents:victim-tasks", args=[draft_id])
        assert fresh.get(tasks).status_code == 404
        assert drafts_purge() == 1
    assert not VictimDraft.objects.exists()


def test_the_expiry_task_removes_only_expired_drafts(base, staff_client):
    client = staff_client(base.officer)
    _start(client)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=6), tick=False):
        staff_client(base.other_officer)  # nothing of hers
        second = staff_client(base.officer)
        second.post(reverse("incidents:new"), {**WHO, "given_name": "Rosalind"})
    assert VictimDraft.objects.count() == 2
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=13), tick=False):
        assert drafts_expire.call() == "removed 1"
    assert VictimDraft.objects.count() == 1


def test_changing_who_she_is_checks_again(base, staff_client):
    client = staff_client(base.officer)
    draft_id = _start(client)
    client.post(_section(draft_id, "safe-contact"), {"safe_times": "Mornings"})
    # Her name changed to one her force already works with: offered, not created anew.
    response = client.post(
        _section(draft_id, "who"), {"given_name": "Nadia", "family_name": "Ellery"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Is she one of these people?" in page and "Nadia Ellery" in page
    response = client.post(
        _section(draft_id, "who"),
        {
            "given_name": "Nadia",
            "family_name": "Ellery",
            "name_match": base.victim.public_id,
            "name_checked": _field(page, "name_checked"),
            "offered": _field(page, "offered"),
            "action": "check",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:new-for-person", args=[base.victim.public_id])
    assert not VictimDraft.objects.exists()


def test_name_only_candidates_on_the_first_page(base, staff_client):
    client = staff_client(base.officer)
    response = client.post(
        reverse("incidents:new"), {"given_name": "Nadia", "family_name": "Elery"}
    )
    page = response.content.decode()
    assert "Is she one of these people?" in page and "Nadia Ellery" in page
    assert not VictimDraft.objects.exists()


def test_errors_name_their_field(base, staff_client):
    client = staff_client(base.officer)
    response = client.post(reverse("incidents:new"), {"given_name": "Rosa", "email": "not-mail"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error:" in page
    assert "Enter her family name" in page
    assert "Enter her email address in the right format" in page
    assert not VictimDraft.objects.exists()
    assert "This field is required" not in page


def test_other_roles_cannot_use_the_question_pages(base, staff_client):
    draft_id = _start(staff_client(base.officer))
    idva = staff_client(base.idva)
    assert idva.get(reverse("incidents:victim-tasks", args=[draft_id])).status_code == 403
    analyst = staff_client(UserFactory(role=Role.ANALYST))
    assert analyst.get(_section(draft_id, "who")).status_code == 403


def _field(page: str, name: str) -> str:
    marker = f'name="{name}" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]
