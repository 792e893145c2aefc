"""Need-to-know: an incident follows her record. Uninvolved users get a 404 like a missing
incident, whether by address or by guessing, and every refusal is logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.audit.models import AccessLogEntry, Action
from harbour.incidents.factories import incident_make
from harbour.incidents.queries import IncidentNotFound, incident_get_for_user
from harbour.people.models import AccessReview, ReviewKind
from harbour.people.services import emergency_access_grant, person_restrict

pytestmark = pytest.mark.django_db

PAGES = ["detail", "harmer-new", "domestic-abuse", "support", "outcome"]


@pytest.fixture
def incident(base):
    return incident_make(by=base.officer, victim=base.victim, harmers=[base.harmer], children=True)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["other_officer", "caseworker"])
def test_uninvolved_users_get_not_found_and_it_is_logged(base, incident, staff_client, who, page):
    user = getattr(base, who)
    response = staff_client(user).get(reverse(f"incidents:{page}", args=[incident.public_id]))
    assert response.status_code == 404
    assert "Nadia" not in response.content.decode()
    assert AccessLogEntry.objects.filter(
        user=user,
        action=Action.DENIED,
        record_type="incidents.incident",
        record_id=incident.public_id,
    ).exists()


def test_uninvolved_users_cannot_complete_an_action(base, incident, staff_client):
    action = incident.actions.first()
    url = reverse("incidents:action", args=[incident.public_id, action.public_id])
    response = staff_client(base.other_officer).post(url, {"status": "done"})
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.is_open


@pytest.mark.parametrize("guess", ["1", "1042", "0123456789abcdef", "zzzzzzzzzzzzzzzz"])
def test_guessed_identifiers_look_like_refusals_and_are_logged(base, incident, staff_client, guess):
    response = staff_client(base.other_officer).get(f"/staff/incidents/{guess}/")
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(
        user=base.other_officer,
        action=Action.DENIED,
        record_type="incidents.incident",
        record_id=guess,
    ).exists()


def test_repeated_refusals_are_flagged_for_review(base, incident, staff_client):
    client = staff_client(base.other_officer)
    for guess in ["0123456789abcdef", "0123456789abcdeg", "0123456789abcdeh"]:
        client.get(f"/staff/incidents/{guess}/")
    assert AccessLogEntry.objects.filter(
        user=base.other_officer, action=Action.DENIED, flagged=True
    ).exists()
    assert AccessReview.objects.filter(
        kind=ReviewKind.UNUSUAL_ACTIVITY, subject_user=base.other_officer
    ).exists()


def test_involved_idva_reads_but_cannot_change(base, incident, staff_client):
    client = staff_client(base.idva)
    response = client.get(reverse("incidents:detail", args=[incident.public_id]))
    assert response.status_code == 200
    assert "Nadia Ellery" in response.content.decode()
    assert AccessLogEntry.objects.filter(
        user=base.idva, action=Action.VIEW, record_id=incident.public_id
    ).exists()
    assert AccessLogEntry.objects.filter(
        user=base.idva, action=Action.VIEW, record_id=base.victim.public_id, detail__part="incident"
    ).exists()
    for page in ["harmer-new", "support", "outcome", "domestic-abuse"]:
        assert (
            client.get(reverse(f"incidents:{page}", args=[incident.public_id])).status_code == 403
        )
    assert AccessLogEntry.objects.filter(
        user=base.idva, action=Action.DENIED, reason="not the recording agency"
    ).exists()


def test_a_restricted_victim_restricts_her_incidents(base, incident, staff_client):
    person_restrict(
        person=base.victim,
        by=base.officer,
        reason="Harmer works in a partner agency",
        named_users=[base.officer],
    )
    assert (
        staff_client(base.idva)
        .get(reverse("incidents:detail", args=[incident.public_id]))
        .status_code
        == 404
    )
    colleague = UserFactory(role=Role.POLICE_OFFICER, agency=base.officer.agency)
    assert (
        staff_client(colleague)
        .get(reverse("incidents:detail", args=[incident.public_id]))
        .status_code
        == 404
    )
    assert (
        staff_client(base.officer)
        .get(reverse("incidents:detail", args=[incident.public_id]))
        .status_code
        == 200
    )


def test_emergency_access_opens_the_incident_and_is_flagged(base, incident):
    emergency_access_grant(
        user=base.caseworker, person_id=base.victim.public_id, reason="She is missing tonight"
    )
    read = incident_get_for_user(user=base.caseworker, incident_id=incident.public_id)
    assert read.victim.access.why == "emergency"
    assert AccessLogEntry.objects.filter(
        user=base.caseworker, action=Action.VIEW, record_id=base.victim.public_id, flagged=True
    ).exists()


def test_other_roles_cannot_use_incident_pages(base, incident, staff_client):
    analyst = UserFactory(role=Role.ANALYST)
    assert staff_client(analyst).get(reverse("incidents:list")).status_code == 403
    with pytest.raises(IncidentNotFound):
        incident_get_for_user(user=analyst, incident_id=incident.public_id)


def test_only_officers_record_police_incidents(base, staff_client):
    response = staff_client(base.idva).get(reverse("incidents:new"))
    assert response.status_code == 403
