"""Only the assigned IDVA service opens a follow-up; others get 404, logged. The IDVA's list,
queue, visit and decision pages."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from harbour.audit.models import AccessLogEntry, Action
from harbour.core import doors
from harbour.core.queues import work_for
from harbour.followups.choices import Prosecution, Status
from harbour.followups.models import Followup, ProsecutionDecision
from harbour.followups.services import followup_contact_record, followup_decision_record


def _name(followup) -> str:
    """Her name as stored, to look for on the page (the test reads it through a door)."""
    with doors.opened("test: what was stored"):
        return followup.person.display_name


def uk(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def test_the_assigned_idva_service_opens_it_and_the_read_is_logged(base, staff_client):
    followup = base.followup()
    page = staff_client(base.idva).get(f"/staff/followups/{followup.public_id}/")
    assert page.status_code == 200
    assert _name(followup) in page.content.decode()
    assert AccessLogEntry.objects.filter(
        username="idva", action=Action.VIEW, record_id=followup.public_id
    ).exists()


@pytest.mark.parametrize("who", ["officer", "other_idva", "analyst"])
def test_anyone_else_gets_not_found_and_the_refusal_is_logged(base, staff_client, who):
    followup = base.followup()
    user = getattr(base, who)
    page = staff_client(user).get(f"/staff/followups/{followup.public_id}/")
    assert page.status_code == 404
    assert _name(followup) not in page.content.decode()
    assert AccessLogEntry.objects.filter(username=user.username, action=Action.DENIED).exists()


def test_guessed_identifiers_and_declined_follow_ups_are_not_found(base, staff_client):
    declined = base.followup(answer="declines")
    client = staff_client(base.idva)
    for path in (f"/staff/followups/{declined.public_id}/", "/staff/followups/1042/"):
        assert client.get(path).status_code == 404
    reasons = set(
        AccessLogEntry.objects.filter(username="idva", action=Action.DENIED).values_list(
            "reason", flat=True
        )
    )
    assert {"not shared", "no such record"} <= reasons


def test_list_filters_open_overdue_and_done_in_deadline_order(base, staff_client):
    now = timezone.now()
    late = base.followup(
        occurred_at=now - datetime.timedelta(hours=31),
        visited_at=now - datetime.timedelta(hours=30),
    )
    soon = base.followup(
        occurred_at=now - datetime.timedelta(hours=21),
        visited_at=now - datetime.timedelta(hours=20),
    )
    later = base.followup()
    done = base.followup()
    followup_contact_record(
        followup=done,
        by=base.idva,
        at=now - datetime.timedelta(minutes=5),
        method="in_person",
        contact_made=True,
        safety_plan="no",
        supports_prosecution=Prosecution.UNDECIDED,
    )
    client = staff_client(base.idva)

    def names(show):
        text = client.get(f"/staff/followups/?show={show}").content.decode()
        return [f for f in (late, soon, later, done) if _name(f) in text], text

    shown, text = names("open")
    assert shown == [late, soon, later]
    assert text.index(_name(late)) < text.index(_name(soon))
    assert text.index(_name(soon)) < text.index(_name(later))
    assert "Overdue" in text
    assert names("overdue")[0] == [late]
    assert names("done")[0] == [done]
    other = staff_client(base.other_idva).get("/staff/followups/").content.decode()
    assert not [f for f in (late, soon, later, done) if _name(f) in other]


def test_work_queue_orders_by_deadline_and_flags_overdue_without_names(base):
    now = timezone.now()
    base.followup(answer=None)  # waiting for the police: in the officer's queue
    overdue = base.followup(
        occurred_at=now - datetime.timedelta(hours=31),
        visited_at=now - datetime.timedelta(hours=30),
    )
    due = base.followup()
    items = work_for(base.idva)
    assert [i.url for i in items] == [
        f"/staff/followups/{overdue.public_id}/",
        f"/staff/followups/{due.public_id}/",
    ]
    assert items[0].overdue and not items[1].overdue
    for item in items:
        assert _name(overdue) not in str(item.title)
    officer_items = [i for i in work_for(base.officer) if "/followups/notice/" in i.url]
    assert len(officer_items) == 1 and "Record what you told her" in str(officer_items[0].title)
    assert not [i for i in work_for(base.other_idva) if "followups" in i.url]


def test_recording_attempts_then_the_visit_and_her_decision_over_time(base, staff_client):
    followup = base.followup()
    client = staff_client(base.idva)
    url = f"/staff/followups/{followup.public_id}/contact/"
    visited = followup.police_visited_at
    # An attempt with no contact needs a note; bad input changes nothing.
    bad = client.post(
        url,
        {
            "at": uk(visited + datetime.timedelta(minutes=30)),
            "method": "phone",
            "contact_made": "no",
        },
    )
    assert bad.status_code == 400 and "Say what happened" in bad.content.decode()
    assert not followup.contacts.exists()
    client.post(
        url,
        {
            "at": uk(visited + datetime.timedelta(minutes=30)),
            "method": "phone",
            "contact_made": "no",
            "note": "No answer",
        },
    )
    client.post(
        url,
        {
            "at": uk(visited + datetime.timedelta(minutes=50)),
            "method": "phone",
            "contact_made": "no",
            "note": "Engaged",
        },
    )
    followup.refresh_from_db()
    assert followup.status == Status.OPEN and followup.contacts.count() == 2
    # The visit: a decision is required when she was reached.
    missing = client.post(
        url,
        {
            "at": uk(visited + datetime.timedelta(hours=1)),
            "method": "in_person",
            "contact_made": "yes",
            "safety_plan": "yes",
        },
    )
    assert missing.status_code == 400
    assert "Say whether she supports a prosecution" in missing.content.decode()
    assert "Summarise the safety plan" in missing.content.decode()
    response = client.post(
        url,
        {
            "at": uk(visited + datetime.timedelta(hours=1)),
            "method": "in_person",
            "contact_made": "yes",
            "safety_plan": "yes",
            "safety_plan_summary": "Code word agreed",
            "referrals": ["outreach", "legal"],
            "supports_prosecution": "undecided",
        },
    )
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.status == Status.VISITED and followup.within_deadline
    assert followup.referrals == ["outreach", "legal"]
    assert followup.safety_plan_summary == "Code word agreed"
    # Later changes are kept as history.
    decision_url = f"/staff/followups/{followup.public_id}/decision/"
    assert client.post(decision_url, {"value": "undecided"}).status_code == 400
    assert (
        client.post(decision_url, {"value": "yes", "note": "After court advice"}).status_code == 302
    )
    followup_decision_record(followup=followup, by=base.idva, value=Prosecution.NO)
    history = list(
        ProsecutionDecision.objects.filter(followup=followup).values_list("value", "recorded_by")
    )
    assert history == [("undecided", base.idva.pk), ("yes", base.idva.pk), ("no", base.idva.pk)]
    page = client.get(f"/staff/followups/{followup.public_id}/").content.decode()
    assert "Visited within 24 hours" in page and "Legal advice or protective orders" in page
    # Encrypted at rest: the database holds no plaintext of the plan.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT safety_plan_summary FROM followups_followup WHERE id = %s", [followup.pk]
        )
        assert "Code word" not in cursor.fetchone()[0]


def test_other_services_cannot_write_to_a_follow_up(base):
    from django.core.exceptions import PermissionDenied

    followup = base.followup()
    for user in (base.other_idva, base.officer):
        with pytest.raises(PermissionDenied):
            followup_contact_record(
                followup=followup,
                by=user,
                at=timezone.now(),
                method="phone",
                contact_made=False,
                note="x",
            )
    assert Followup.objects.get(pk=followup.pk).status == Status.OPEN


def test_taking_a_follow_up(base, staff_client):
    followup = base.followup()
    response = staff_client(base.idva).post(f"/staff/followups/{followup.public_id}/take/")
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.assigned_to == base.idva


def test_person_page_section_for_police_and_idva(base, staff_client):
    followup = base.followup()
    police = staff_client(base.officer).get(f"/staff/people/{followup.person.public_id}/")
    assert f"/staff/followups/notice/{followup.incident.public_id}/" in police.content.decode()
    idva = staff_client(base.idva).get(f"/staff/people/{followup.person.public_id}/")
    assert f"/staff/followups/{followup.public_id}/" in idva.content.decode()
