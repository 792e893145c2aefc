"""An incident corrected to "not domestic abuse": a follow-up not yet done is no longer needed,
its share with the IDVA service stops, and no reminder or escalation goes out."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from harbour.followups.choices import Prosecution, Status
from harbour.followups.models import Followup
from harbour.followups.services import followup_contact_record
from harbour.incidents.services import incident_domestic_abuse_confirm
from harbour.notifications.models import Notification
from harbour.notifications.tests.helpers import run_worker
from harbour.people.queries import PersonNotFound, person_get_for_user, person_timeline_for_user


def not_domestic_abuse(base, followup) -> Followup:
    incident_domestic_abuse_confirm(
        incident=followup.incident,
        by=base.officer,
        domestic_abuse=False,
        note="They are neighbours, not personally connected.",
    )
    return Followup.objects.get(pk=followup.pk)


@pytest.mark.django_db
def test_an_open_follow_up_is_withdrawn_and_its_share_stops(base):
    followup = base.followup()
    assert person_get_for_user(user=base.idva, person_id=followup.person.public_id)
    followup = not_domestic_abuse(base, followup)
    assert followup.status == Status.WITHDRAWN
    followup.share.refresh_from_db()
    assert followup.share.stopped_at is not None
    with pytest.raises(PersonNotFound):
        person_get_for_user(user=base.idva, person_id=followup.person.public_id)
    timeline = person_timeline_for_user(user=base.officer, person=followup.person)
    assert any("no longer needed" in str(entry.text) for entry in timeline)


@pytest.mark.django_db
def test_a_follow_up_waiting_for_the_police_is_withdrawn(base):
    followup = base.followup(answer=None)
    assert not_domestic_abuse(base, followup).status == Status.WITHDRAWN


@pytest.mark.django_db
def test_a_visit_already_made_stays_as_it_was(base):
    followup = base.followup()
    followup_contact_record(
        followup=followup,
        by=base.idva,
        at=timezone.now(),
        method="in_person",
        contact_made=True,
        safety_plan="no",
        supports_prosecution=Prosecution.UNDECIDED,
    )
    assert not_domestic_abuse(base, followup).status == Status.VISITED


@pytest.mark.django_db(transaction=True)
def test_no_reminder_or_escalation_after_withdrawal(base):
    followup = not_domestic_abuse(base, base.followup())
    for moment in (
        followup.due_at - datetime.timedelta(hours=1),
        followup.due_at + datetime.timedelta(hours=1),
    ):
        with time_machine.travel(moment):
            run_worker()
    assert Notification.objects.exclude(kind="new_task").count() == 0
