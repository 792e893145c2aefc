"""Running a meeting: cancelling it with a reason, printing each agency's agenda (only the cases
it is invited to hear) and the minutes as logged exports, attendance, the coordinator's order,
the case-by-case view, and an action for an agency not yet hearing the case, which goes through
an invitation recorded on her sharing page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from harbour.audit.models import AccessLogEntry, Action, Reason
from harbour.marac.choices import ReferralStatus
from harbour.marac.events import Event
from harbour.marac.models import (
    Attendance,
    Hearing,
    Invitation,
    MaracAction,
    MaracReferral,
    Meeting,
)
from harbour.marac.queries import meeting_print_for_user
from harbour.marac.services import (
    agenda_build,
    hearing_move,
    invitation_add,
    invitations_send,
    meeting_cancel,
)
from harbour.marac.tests.helpers import assess, during, future, listed_case
from harbour.people.models import InvolvementKind, PersonEvent, Share
from harbour.people.services import involvement_add, person_create
from harbour.risk.definitions import Level

pytestmark = pytest.mark.django_db


def _second_case(world, *, given_name="Rhian", family_name="Marsh"):
    """Another woman of the area referred after a high-risk checklist (her record is open to
    the police, who recorded her; the specialist service is not involved with her)."""
    other = person_create(
        by=world.officer,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=datetime.date(1992, 3, 4),
        local_authority=world.area,
    )
    involvement_add(
        person=other, agency=world.idva_service, kind=InvolvementKind.ASSIGNMENT, by=world.officer
    )
    assess(world, level=Level.HIGH, person=other)
    return other


def _two_cases(world):
    """A meeting with both women on its agenda and the agencies invited: the specialist
    service only to Nadia's case (it works with her), the standing agencies to both."""
    _second_case(world)
    assess(world, level=Level.HIGH)
    meeting = Meeting.objects.create(
        marac=world.marac, starts_at=future(days=7), capacity=16, created_by=world.coordinator
    )
    agenda_build(meeting=meeting, by=world.coordinator)
    invitations_send(meeting=meeting, by=world.coordinator)
    hearings = {h.referral.person_id: h for h in Hearing.objects.filter(meeting=meeting)}
    return (
        meeting,
        hearings[world.victim.pk],
        next(h for pk, h in hearings.items() if pk != world.victim.pk),
    )


# Cancelling --------------------------------------------------------------------------------------


def test_cancelling_needs_a_reason_and_changes_nothing_without_one(world, staff_client):
    meeting, hearing = listed_case(world)
    with pytest.raises(ValidationError) as error:
        meeting_cancel(meeting=meeting, by=world.coordinator, reason="  ")
    assert "reason" in error.value.message_dict
    client = staff_client(world.coordinator)
    url = reverse("marac:meeting-cancel", args=[meeting.public_id])
    page = client.get(url)
    assert page.status_code == 200
    assert "1 case on its agenda goes back to waiting for a meeting." in page.content.decode()
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "<title>Error: Cancel the meeting" in body
    assert "Enter why the meeting is cancelled" in body
    meeting.refresh_from_db()
    assert not meeting.is_cancelled
    assert Hearing.objects.get(pk=hearing.pk).is_on_agenda
    assert MaracReferral.objects.get(pk=hearing.referral_id).status == ReferralStatus.LISTED


def test_cancelling_with_a_reason_returns_the_cases_to_waiting_and_records_why(world, staff_client):
    meeting, victim_hearing, other_hearing = _two_cases(world)
    client = staff_client(world.coordinator)
    url = reverse("marac:meeting-cancel", args=[meeting.public_id])
    assert "2 cases on its agenda go back to waiting" in client.get(url).content.decode()
    response = client.post(url, {"reason": "The chair is ill; no quorum."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.cancelled_by == world.coordinator
    assert meeting.cancel_reason.text == "The chair is ill; no quorum."
    assert meeting.cancel_reason.kind == Reason.Kind.MEETING_CANCELLED
    for hearing in (victim_hearing, other_hearing):
        assert MaracReferral.objects.get(pk=hearing.referral_id).status == ReferralStatus.OPEN
        assert not Invitation.objects.filter(hearing=hearing, ended_at__isnull=True).exists()
    entry = AccessLogEntry.objects.get(
        action=Action.UPDATE, record_id=meeting.public_id, reason="cancelled"
    )
    assert entry.reason_ref == meeting.cancel_reason  # the typed words are not in the log
    assert "ill" not in entry.reason
    assert len(entry.detail["back_to_waiting"]) == 2
    assert PersonEvent.objects.filter(person=world.victim, type=Event.UNLISTED).exists()
    page = client.get(reverse("marac:meeting", args=[meeting.public_id])).content.decode()
    assert "The chair is ill; no quorum." in page
    # A cancelled meeting cannot be cancelled again.
    assert client.get(url).status_code == 302


def test_only_the_meeting_s_coordinators_may_cancel(world, staff_client):
    meeting, _hearing = listed_case(world)
    url = reverse("marac:meeting-cancel", args=[meeting.public_id])
    assert staff_client(world.idva).post(url, {"reason": "x"}).status_code == 403
    assert staff_client(world.other_coordinator).post(url, {"reason": "x"}).status_code == 404
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


# Printing ---------------------------------------------------------------------------------------


def test_each_agency_s_agenda_holds_only_the_cases_it_is_invited_to(world):
    meeting, victim_hearing, other_hearing = _two_cases(world)
    assert Invitation.objects.filter(
        hearing=victim_hearing, agency=world.specialist_service, ended_at__isnull=True
    ).exists()
    assert not Invitation.objects.filter(
        hearing=other_hearing, agency=world.specialist_service
    ).exists()
    # The coordinator prints the specialist service's copy: Nadia's case alone.
    copy = meeting_print_for_user(
        user=world.coordinator,
        meeting_id=meeting.public_id,
        kind="agenda",
        agency=world.specialist_service,
        reason="Copy for the outreach worker",
    )
    assert [row.hearing for row in copy.rows] == [victim_hearing]
    # The police are invited to both; the full agenda has both.
    police = meeting_print_for_user(
        user=world.coordinator,
        meeting_id=meeting.public_id,
        kind="agenda",
        agency=world.police,
        reason="Copy for the police",
    )
    assert {row.hearing.pk for row in police.rows} == {victim_hearing.pk, other_hearing.pk}
    full = meeting_print_for_user(
        user=world.coordinator, meeting_id=meeting.public_id, kind="agenda", reason="Chair"
    )
    assert len(full.rows) == 2 and full.agency is None
    # The specialist's own print is her agency's copy whatever she asks for.
    own = meeting_print_for_user(
        user=world.specialist,
        meeting_id=meeting.public_id,
        kind="agenda",
        agency=None,
        reason="For our meeting preparation",
    )
    assert [row.hearing for row in own.rows] == [victim_hearing]
    assert own.agency == world.specialist_service


def test_a_print_is_an_export_logged_with_its_reason(world, staff_client):
    meeting, victim_hearing, other_hearing = _two_cases(world)
    client = staff_client(world.specialist)
    url = reverse("marac:print", args=[meeting.public_id])
    form = client.get(url)
    assert form.status_code == 200
    assert not AccessLogEntry.objects.filter(action=Action.EXPORT).exists()
    missing = client.post(url, {"kind": "agenda", "reason": ""})
    assert missing.status_code == 400
    assert "<title>Error: " in missing.content.decode()
    assert "Enter why you are printing it" in missing.content.decode()
    assert not AccessLogEntry.objects.filter(action=Action.EXPORT).exists()
    printed = client.post(url, {"kind": "agenda", "reason": "Preparing for the meeting"})
    assert printed.status_code == 200
    body = printed.content.decode()
    assert "Nadia Ellery" in body and victim_hearing.reference in body
    assert "Rhian Marsh" not in body and other_hearing.reference not in body
    assert "marac/print.css" in body
    entry = AccessLogEntry.objects.get(action=Action.EXPORT, record_id=meeting.public_id)
    assert entry.user == world.specialist
    assert entry.reason_ref.text == "Preparing for the meeting"
    assert entry.reason_ref.kind == Reason.Kind.PRINT_OR_EXPORT
    assert entry.detail["hearings"] == [victim_hearing.public_id]
    assert entry.detail["people"] == [world.victim.public_id]
    assert entry.detail["for_agency"] == world.specialist_service.public_id


def test_the_coordinator_chooses_whose_copy_and_prints_the_minutes(world, staff_client):
    meeting, victim_hearing, other_hearing = _two_cases(world)
    client = staff_client(world.coordinator)
    url = reverse("marac:print", args=[meeting.public_id])
    page = client.get(url).content.decode()
    assert "Test Outreach" in page and "The full agenda (coordinators)" in page
    assert "The minutes" not in page  # not before the meeting
    with during(meeting):
        client = staff_client(world.coordinator)  # signed in at the meeting
        client.post(
            reverse("marac:attendance", args=[meeting.public_id]),
            {"do": "add", "agency": world.police.pk, "name": "PC Jo Dane", "job_title": "DAO"},
        )
        client.post(
            reverse("marac:run", args=[victim_hearing.public_id]),
            {"form": "outcome", "outcome-outcome": "no_actions", "outcome-summary": "Safe."},
        )
        minutes = client.post(
            url,
            {
                "kind": "minutes",
                "agency": world.specialist_service.public_id,
                "reason": "Minutes for the outreach service",
            },
        )
    body = minutes.content.decode()
    assert minutes.status_code == 200
    assert "Minutes" in body and "PC Jo Dane" in body
    assert "Heard: no actions needed" in body
    assert other_hearing.reference not in body
    entry = AccessLogEntry.objects.get(action=Action.EXPORT, record_id=meeting.public_id)
    assert entry.detail["kind"] == "minutes"
    assert entry.detail["hearings"] == [victim_hearing.public_id]


def test_an_agency_invited_to_nothing_at_the_meeting_cannot_print_it(world, staff_client):
    meeting, _hearing = listed_case(world)
    response = staff_client(world.outsider).post(
        reverse("marac:print", args=[meeting.public_id]), {"kind": "agenda", "reason": "Curious"}
    )
    assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(action=Action.EXPORT).exists()


# Attendance and order ----------------------------------------------------------------------


def test_attendance_names_its_fields_and_only_agencies_hearing_cases(world, staff_client):
    meeting, _hearing = listed_case(world)
    client = staff_client(world.coordinator)
    url = reverse("marac:attendance", args=[meeting.public_id])
    page = client.get(url)
    assert page.status_code == 200 and "There is a problem" not in page.content.decode()
    empty = client.post(url, {"do": "add", "agency": "", "name": ""})
    assert empty.status_code == 400
    body = empty.content.decode()
    assert "<title>Error: Attendance" in body
    assert "Choose the agency they attended for" in body
    assert "Enter the name of the person who attended" in body
    far = client.post(url, {"do": "add", "agency": world.far_marac.agency.pk, "name": "A Person"})
    assert far.status_code == 400
    assert not Attendance.objects.exists()
    client.post(url, {"do": "add", "agency": world.idva_service.pk, "name": "Sam Idva"})
    line = Attendance.objects.get()
    assert line.agency == world.idva_service
    client.post(url, {"do": "remove", "line": line.public_id})
    assert not Attendance.objects.exists()


def test_the_coordinator_reorders_the_agenda_and_her_order_is_kept(world, staff_client):
    meeting, _first, _second = _two_cases(world)
    order = list(Hearing.objects.filter(meeting=meeting).order_by("position"))
    client = staff_client(world.coordinator)
    client.post(
        reverse("marac:meeting-order", args=[meeting.public_id]),
        {"hearing": order[1].public_id, "direction": "up"},
    )
    moved = list(Hearing.objects.filter(meeting=meeting).order_by("position"))
    assert moved == [order[1], order[0]]
    meeting.refresh_from_db()
    assert meeting.agenda_reordered_at is not None
    # A later case goes to the end: the rules do not re-sort her order.
    _second_case(world, given_name="Lowri", family_name="Pryce")
    agenda_build(meeting=meeting, by=world.coordinator)
    after = list(Hearing.objects.filter(meeting=meeting).order_by("position"))
    assert after[:2] == [order[1], order[0]] and len(after) == 3
    with pytest.raises(ValidationError):
        hearing_move(hearing=after[0], by=world.coordinator, direction="sideways")


# The meeting, case by case --------------------------------------------------------------------


def test_the_coordinator_runs_the_meeting_case_by_case(world, staff_client):
    meeting, _first, _second = _two_cases(world)
    order = list(Hearing.objects.filter(meeting=meeting).order_by("position"))
    client = staff_client(world.coordinator)
    url = reverse("marac:run", args=[order[0].public_id])
    page = client.get(url).content.decode()
    assert "Case 1 of 2" in page
    assert reverse("marac:run", args=[order[1].public_id]) in page  # next case
    with during(meeting):
        client = staff_client(world.coordinator)  # signed in at the meeting
        due = (timezone.localdate() + datetime.timedelta(days=7)).strftime("%d/%m/%Y")
        bad = client.post(url, {"form": "action", "action-agency": "", "action-due_on": due})
        assert bad.status_code == 400
        assert "<title>Error: Case 1 of 2" in bad.content.decode()
        assert "Choose the agency that owns the action" in bad.content.decode()
        assert "Describe the action" in bad.content.decode()
        done = client.post(
            url,
            {
                "form": "action",
                "action-agency": world.police.pk,
                "action-description": "Flag the address",
                "action-due_on": due,
            },
        )
        assert done.status_code == 302 and done["Location"] == url
        outcome = client.post(
            url, {"form": "outcome", "outcome-outcome": "actions_agreed", "outcome-summary": ""}
        )
        assert outcome["Location"] == url
    hearing = Hearing.objects.get(pk=order[0].pk)
    assert hearing.outcome == "actions_agreed"
    assert MaracAction.objects.get(hearing=hearing).agency == world.police
    last = client.get(reverse("marac:run", args=[order[1].public_id])).content.decode()
    assert "Case 2 of 2" in last and "This is the last case on the agenda." in last


def test_an_action_for_an_agency_not_invited_goes_through_the_invitation_step(world, staff_client):
    _meeting, hearing = listed_case(world)
    client = staff_client(world.coordinator)
    url = reverse("marac:run", args=[hearing.public_id])
    due = (timezone.localdate() + datetime.timedelta(days=10)).strftime("%d/%m/%Y")
    data = {
        "form": "action",
        "action-agency": world.far_marac.agency.pk,  # Far Council: not hearing the case
        "action-description": "Check the housing file",
        "action-due_on": due,
    }
    step = client.post(url, data)
    assert step.status_code == 200
    body = step.content.decode()
    assert "Invite Far Council to hear the case" in body
    assert "Until the case closes" in body
    assert "Article 6(1)(e)" in body or "public task" in body.lower()
    assert not MaracAction.objects.exists()  # nothing yet: the step is a question
    assert not Invitation.objects.filter(hearing=hearing, agency=world.far_marac.agency).exists()
    # Choosing another agency shows the action again as typed, and records nothing.
    again = client.post(url, {**data, "confirm": "change"})
    assert again.status_code == 200
    assert "Check the housing file" in again.content.decode()
    assert f'value="{due}"' in again.content.decode()
    assert (
        not MaracAction.objects.exists()
        and not Invitation.objects.filter(hearing=hearing, agency=world.far_marac.agency).exists()
    )
    confirmed = client.post(url, {**data, "confirm": "invite"})
    assert confirmed.status_code == 302
    invitation = Invitation.objects.get(hearing=hearing, agency=world.far_marac.agency)
    assert invitation.share.basis.code == "gdpr-6-1-e-public-task"
    assert invitation.involvement.kind == InvolvementKind.MARAC_HEARING
    assert MaracAction.objects.get().agency == world.far_marac.agency
    # Her sharing page records the invitation and the access it gives.
    sharing = (
        staff_client(world.officer)
        .get(reverse("people:sharing", args=[world.victim.public_id]))
        .content.decode()
    )
    share = Share.objects.get(pk=invitation.share_id)
    assert "Far Council" in sharing
    assert f"Invited to hear case {hearing.reference}" in sharing
    assert "until the case closes" in sharing
    assert "Gives the agency access to her record: MARAC hearing" in sharing
    assert share.is_active


def test_a_failed_action_after_the_step_invites_no_one(world, staff_client):
    _meeting, hearing = listed_case(world)
    client = staff_client(world.coordinator)
    past = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("marac:action-new", args=[hearing.public_id]),
        {
            "agency": world.far_marac.agency.pk,
            "description": "Check the housing file",
            "due_on": past,
            "confirm": "invite",
        },
    )
    assert response.status_code == 400
    assert "The due date must be today or later" in response.content.decode()
    assert not Invitation.objects.filter(hearing=hearing, agency=world.far_marac.agency).exists()
    assert not Share.objects.filter(agency=world.far_marac.agency).exists()


def test_invitation_add_is_what_the_step_confirms(world):
    _meeting, hearing = listed_case(world)
    invitation = invitation_add(
        hearing=hearing, agency=world.far_marac.agency, by=world.coordinator
    )
    assert "until the case closes" in invitation.share.purpose
