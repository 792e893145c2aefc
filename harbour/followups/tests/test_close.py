"""Closing a follow-up without a visit: only the assigned service, only while a visit is due,
with why; reminders stop, the list and her timeline show it, and the figures count it as not
visited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from harbour.audit.models import AccessLogEntry, Action
from harbour.followups.choices import CloseReason, Status
from harbour.followups.figures import _visit
from harbour.followups.models import Followup
from harbour.followups.services import followup_close, followup_contact_record, reminder_send
from harbour.notifications.models import Notification

pytestmark = pytest.mark.django_db


def attempt(followup, by, note="No answer"):
    return followup_contact_record(
        followup=followup,
        by=by,
        at=followup.police_visited_at + datetime.timedelta(minutes=30),
        method="phone",
        contact_made=False,
        note=note,
    )


def test_bad_closures_are_refused_and_change_nothing(base):
    followup = base.followup()
    cases = [
        ({"reason": "bored"}, "reason"),
        # No contact needs her attempts recorded first.
        ({"reason": CloseReason.NO_CONTACT}, "reason"),
        # Another reason needs a note.
        ({"reason": CloseReason.OTHER, "note": "  "}, "note"),
        ({"reason": CloseReason.NOT_SAFE, "note": "x" * 2001}, "note"),
    ]
    for values, field in cases:
        with pytest.raises(ValidationError) as error:
            followup_close(followup=followup, by=base.idva, **values)
        assert field in error.value.message_dict
    for user in (base.other_idva, base.officer):
        with pytest.raises(PermissionDenied):
            followup_close(followup=followup, by=user, reason=CloseReason.NOT_SAFE)
    followup.refresh_from_db()
    assert followup.status == Status.OPEN and followup.closed_at is None


def test_closed_for_no_contact_after_attempts_stops_the_reminders_and_is_on_her_timeline(base):
    followup = base.followup()
    attempt(followup, base.idva)
    attempt(followup, base.idva, note="Phone switched off")
    closed = followup_close(
        followup=followup, by=base.idva, reason=CloseReason.NO_CONTACT, note="Five tries"
    )
    assert closed.status == Status.CLOSED
    assert closed.closed_by == base.idva and closed.close_note == "Five tries"
    assert AccessLogEntry.objects.filter(
        action=Action.UPDATE, record_id=followup.public_id, reason="closed without a visit"
    ).exists()
    # Once closed, it cannot be closed again nor a visit recorded.
    with pytest.raises(ValidationError):
        followup_close(followup=closed, by=base.idva, reason=CloseReason.NOT_SAFE)
    with pytest.raises(ValidationError):
        attempt(closed, base.idva)
    # The deadline passes: nothing is sent, nothing escalated.
    Followup.objects.filter(pk=followup.pk).update(due_at=timezone.now() - datetime.timedelta(1))
    before = Notification.objects.count()
    assert reminder_send(followup_id=followup.pk, stage="due") == "not needed"
    assert reminder_send(followup_id=followup.pk, stage="before:2") == "not needed"
    assert Notification.objects.count() == before
    closed.refresh_from_db()
    assert closed.escalated_at is None and not closed.overdue
    # The published figures count it as not visited.
    assert _visit((closed.status, closed.visited_at, closed.due_at)) == "not_visited"


def test_the_idva_closes_it_on_the_page_and_it_moves_to_done(base, staff_client):
    followup = base.followup()
    client = staff_client(base.idva)
    detail = client.get(f"/staff/followups/{followup.public_id}/").content.decode()
    assert f"/staff/followups/{followup.public_id}/close/" in detail
    url = f"/staff/followups/{followup.public_id}/close/"
    bad = client.post(url, {"reason": CloseReason.OTHER})
    assert bad.status_code == 400 and "Say why you are closing it" in bad.content.decode()
    assert Followup.objects.get(pk=followup.pk).status == Status.OPEN
    done = client.post(
        url, {"reason": CloseReason.SUPPORTED_ELSEWHERE, "note": "Her own IDVA in Sefton"}
    )
    assert done.status_code == 302
    page = client.get(f"/staff/followups/{followup.public_id}/").content.decode()
    assert "Closed without a visit" in page and "Her own IDVA in Sefton" in page
    assert "already supported by another service" in page
    listed = client.get("/staff/followups/?show=done").content.decode()
    assert followup.public_id in listed
    assert followup.public_id not in client.get("/staff/followups/").content.decode()
    timeline = client.get(f"/staff/people/{followup.person.public_id}/timeline/").content
    assert b"closed by" in timeline and b"without a visit" in timeline
    # Back on the form once closed: sent to the follow-up.
    assert client.get(url).status_code == 302
    # Another service gets the same 404 as a missing follow-up.
    assert staff_client(base.other_idva).get(url).status_code == 404
