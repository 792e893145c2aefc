"""The MARAC pages: who may open them, bad input (an error summary, nothing changed), refusals
that look like a missing page and are logged, escaping, and the links from the checklist
result and the person page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.audit.models import AccessLogEntry, Action
from harbour.marac.models import Information, Invitation, MaracAction, MaracReferral, Meeting
from harbour.marac.tests.helpers import assess, listed_case
from harbour.people.models import InvolvementKind
from harbour.people.services import involvement_add

pytestmark = pytest.mark.django_db


def _uk(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def test_the_coordinator_s_home_lists_the_referrals_waiting(world, staff_client):
    assess(world)
    referral = MaracReferral.objects.get(person=world.victim)
    page = staff_client(world.coordinator).get(reverse("marac:home")).content.decode()
    assert referral.reference in page
    assert "Nadia Ellery" in page
    assert "Schedule a meeting" in page


def test_roles_without_casework_are_refused_marac(world, staff_client, user_factory):
    educator = user_factory(role="education_provider")
    assert staff_client(educator).get(reverse("marac:home")).status_code == 403


def test_scheduling_a_meeting_with_bad_input_changes_nothing(world, staff_client):
    client = staff_client(world.coordinator)
    url = reverse("marac:meeting-create")
    assert client.get(url).status_code == 200
    past = client.post(
        url,
        {
            "marac": world.marac.pk,
            "starts_at": _uk(timezone.now() - datetime.timedelta(days=1)),
            "capacity": 16,
        },
    )
    assert past.status_code == 400
    assert "There is a problem" in past.content.decode()
    assert "The meeting must be in the future" in past.content.decode()
    # 01:30 on the last Sunday of March 2031 does not exist in the UK.
    skipped = client.post(
        url, {"marac": world.marac.pk, "starts_at": "30/03/2031 01:30", "capacity": 16}
    )
    assert skipped.status_code == 400
    assert "The clocks changed" in skipped.content.decode()
    other = client.post(
        url, {"marac": world.far_marac.pk, "starts_at": "2/4/2031 10:00", "capacity": 16}
    )
    assert other.status_code == 400  # not one of her MARACs
    assert not Meeting.objects.exists()


def test_a_coordinator_schedules_builds_the_agenda_and_invites(world, staff_client):
    assess(world)
    client = staff_client(world.coordinator)
    response = client.post(
        reverse("marac:meeting-create"),
        {"marac": world.marac.pk, "starts_at": "2/4/2031 10:00", "venue": "", "capacity": 16},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("marac:meeting", args=[meeting.public_id])
    assert timezone.localtime(meeting.starts_at).hour == 10
    client.post(reverse("marac:agenda", args=[meeting.public_id]))
    page = client.get(reverse("marac:meeting", args=[meeting.public_id])).content.decode()
    assert "Nadia Ellery" in page
    assert "Visible high risk" in page
    client.post(reverse("marac:invite", args=[meeting.public_id]))
    assert Invitation.objects.filter(hearing__meeting=meeting).count() == 4


def test_an_invited_agency_records_what_it_knows(world, staff_client):
    _meeting, hearing = listed_case(world)
    client = staff_client(world.idva)
    page = client.get(reverse("marac:hearing", args=[hearing.public_id])).content.decode()
    assert "Nadia Ellery" in page and "Record what your agency knows" in page
    url = reverse("marac:information", args=[hearing.public_id])
    empty = client.post(url, {"text": "", "categories": ["risk"]})
    assert empty.status_code == 400 and "Enter what your agency knows" in empty.content.decode()
    assert not Information.objects.exists()
    response = client.post(
        url, {"text": "<script>alert(1)</script> She is engaging.", "categories": ["risk"]}
    )
    assert response.status_code == 302
    page = client.get(reverse("marac:hearing", args=[hearing.public_id])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; She is engaging." in page
    assert "<script>alert(1)" not in page


def test_the_coordinator_records_an_action_and_the_agency_marks_it_done(world, staff_client):
    _meeting, hearing = listed_case(world)
    coordinator = staff_client(world.coordinator)
    url = reverse("marac:action-new", args=[hearing.public_id])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    bad = coordinator.post(
        url,
        {
            "agency": world.police.pk,
            "description": "Flag the address",
            "due_on": yesterday.strftime("%d/%m/%Y"),
        },
    )
    assert bad.status_code == 400
    assert "The due date must be today or later" in bad.content.decode()
    outsider_agency = coordinator.post(
        url, {"agency": world.outsider.agency.pk, "description": "x", "due_on": "1/1/2031"}
    )
    # An agency not hearing the case: first the invitation step, and nothing recorded yet.
    assert outsider_agency.status_code == 200
    assert "Invite Far IDVA Service to hear the case" in outsider_agency.content.decode()
    assert not MaracAction.objects.exists()
    assert not Invitation.objects.filter(agency=world.outsider.agency).exists()
    coordinator.post(
        url, {"agency": world.police.pk, "description": "Flag the address", "due_on": "1/1/2031"}
    )
    action = MaracAction.objects.get()
    officer = staff_client(world.officer)
    home = officer.get(reverse("core:staff-home")).content.decode()
    assert f"MARAC action on case {hearing.reference}" in home
    assert "Nadia" not in home
    assert officer.get(reverse("marac:action", args=[action.public_id])).status_code == 200
    officer.post(reverse("marac:action", args=[action.public_id]), {"do": "done", "note": "Done"})
    action.refresh_from_db()
    assert action.status == "done"
    # Another agency hearing the case cannot open the action page.
    idva = staff_client(world.idva).get(reverse("marac:action", args=[action.public_id]))
    assert idva.status_code == 404


def test_an_uninvolved_agency_gets_a_not_found_page_and_the_attempt_is_logged(world, staff_client):
    meeting, hearing = listed_case(world)
    client = staff_client(world.outsider)
    for url in (
        reverse("marac:hearing", args=[hearing.public_id]),
        reverse("marac:information", args=[hearing.public_id]),
        reverse("marac:meeting", args=[meeting.public_id]),
        reverse("marac:referral", args=[hearing.referral.public_id]),
        "/staff/marac/hearings/1/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Nadia" not in response.content.decode()
    denied = AccessLogEntry.objects.filter(user=world.outsider, action=Action.DENIED)
    assert {e.record_type for e in denied} >= {
        "marac.hearing",
        "marac.meeting",
        "marac.maracreferral",
    }
    assert denied.filter(record_id="1").exists()


def test_other_agencies_cannot_use_the_coordinator_s_buttons(world, staff_client):
    meeting, _hearing = listed_case(world)
    assert (
        staff_client(world.officer)
        .post(reverse("marac:agenda", args=[meeting.public_id]))
        .status_code
        == 403
    )
    assert (
        staff_client(world.other_coordinator)
        .post(reverse("marac:agenda", args=[meeting.public_id]))
        .status_code
        == 404
    )


def test_the_checklist_result_links_to_the_marac_referral(world, staff_client):
    assessment = assess(world)
    referral = MaracReferral.objects.get(person=world.victim)
    page = (
        staff_client(world.officer)
        .get(reverse("risk:assessment", args=[assessment.public_id]))
        .content.decode()
    )
    assert "Harbour has referred her to the Liverpool MARAC" in page
    assert reverse("marac:referral", args=[referral.public_id]) in page
    referrer = staff_client(world.officer).get(reverse("marac:referral", args=[referral.public_id]))
    assert referrer.status_code == 200
    # The IDVA works with her but neither referred her nor runs the MARAC.
    idva = staff_client(world.idva).get(reverse("marac:referral", args=[referral.public_id]))
    assert idva.status_code == 404


def test_her_record_shows_her_marac_referral_and_lets_a_coordinator_refer(world, staff_client):
    involvement_add(
        person=world.victim, agency=world.council, kind=InvolvementKind.ASSIGNMENT, by=world.officer
    )
    person_url = reverse("people:detail", args=[world.victim.public_id])
    page = staff_client(world.coordinator).get(person_url).content.decode()
    assert "Refer her to MARAC" in page
    create = reverse("marac:referral-create", args=[world.victim.public_id])
    client = staff_client(world.coordinator)
    assert client.post(create, {"marac": world.marac.pk, "reason": ""}).status_code == 400
    response = client.post(create, {"marac": world.marac.pk, "reason": "Judgement: GP concern."})
    referral = MaracReferral.objects.get(person=world.victim)
    assert response["Location"] == reverse("marac:referral", args=[referral.public_id])
    page = staff_client(world.idva).get(person_url).content.decode()
    assert referral.reference in page and "Liverpool MARAC" in page
    assert "Refer her to MARAC" not in page


def test_only_the_figures_link_is_current_on_the_figures_page(world, staff_client):
    page = staff_client(world.coordinator).get(reverse("marac:figures")).content.decode()
    assert page.count('aria-current="true"') == 1
    assert '<strong class="govuk-service-navigation__active-fallback">MARAC figures' in page
