"""The retention task: a record past its period is erased with a tombstone and cannot be found
again; a held record survives; an interrupted run resumes without erasing twice."""

from __future__ import annotations

import datetime

import pytest

from harbour.audit.models import AccessLogEntry, Action
from harbour.core import doors
from harbour.people.factories import person_make
from harbour.people.queries import people_search_for_user, person_for_records
from harbour.people.services import person_duplicate_check
from harbour.records import retention
from harbour.records.models import Hold, RetentionRun, Review, Tombstone
from harbour.records.tasks import retention_daily

pytestmark = pytest.mark.django_db

TYPED = {"given_name": "Marguerite", "family_name": "Oyelaran", "phone": "07700 900555"}
DOB = datetime.date(1984, 2, 29)


def _finds(user) -> bool:
    result = person_duplicate_check(user=user, date_of_birth=DOB, **TYPED)
    return bool(result.candidates)


def _erasures(person) -> int:
    return AccessLogEntry.objects.filter(
        action=Action.ARCHIVE, record_id=person.public_id, detail__erased=True
    ).count()


def test_a_record_past_its_period_is_erased_by_the_task_and_cannot_be_found_again(
    rules, officer, old_person
):
    person = old_person(date_of_birth=DOB, **TYPED)
    recent = person_make(by=officer)
    assert _finds(officer)

    outcome = retention_daily.call()

    assert outcome == "finished"
    run = RetentionRun.objects.get()
    assert run.state == RetentionRun.State.FINISHED
    assert run.counts["people.person:erased"] == 1
    tombstone = Tombstone.objects.get(record_type="people.person")
    assert tombstone.record_key == str(person.pk)
    assert tombstone.why == Tombstone.Why.RETENTION
    assert tombstone.run == run
    # The tombstone holds nothing about her: every column is a kind, a time, a key or a link.
    values = " ".join(str(v) for v in Tombstone.objects.values().get().values())
    for detail in (*TYPED.values(), DOB.isoformat()):
        assert detail not in values

    # Neither the duplicate check nor a name search finds her again; her record is empty.
    assert not _finds(officer)
    search = people_search_for_user(
        user=officer, given_name="Marguerite", family_name="Oyelaran", date_of_birth=DOB
    )
    assert search.matched == 0
    erased = person_for_records(public_id=person.public_id)
    assert erased.erased_at is not None
    assert erased.match_keys.count() == 0
    assert erased.history.count() == 0
    with doors.opened("test: what erasure left"):
        erased.refresh_from_db()
        assert erased.given_name == "" and erased.phone == "" and erased.date_of_birth is None
    # Someone recorded recently is untouched.
    assert not Tombstone.objects.filter(record_key=str(recent.pk)).exists()


def test_a_held_record_survives_the_task(rules, officer, old_person):
    held = old_person(date_of_birth=DOB, **TYPED)
    other = old_person()
    review = Review.objects.create(
        kind=Review.Kind.DOMESTIC_HOMICIDE, reference="DHR 1", chair=officer
    )
    Hold.objects.create(review=review, person=held, placed_by=officer)

    retention_daily.call()

    run = RetentionRun.objects.get()
    assert run.counts["people.person:held"] == 1
    assert not Tombstone.objects.filter(record_key=str(held.pk)).exists()
    assert Tombstone.objects.filter(record_key=str(other.pk)).exists()
    assert _finds(officer)
    assert _erasures(held) == 0


def test_a_held_record_is_erased_after_the_hold_is_lifted(rules, officer, old_person):
    from harbour.records.services import hold_lift

    held = old_person()
    review = Review.objects.create(kind=Review.Kind.SUICIDE, reference="Review 2", chair=officer)
    hold = Hold.objects.create(review=review, person=held, placed_by=officer)
    hold_lift(hold=hold, by=officer, reason="The review's report is published.")

    retention_daily.call()

    assert Tombstone.objects.filter(record_type="people.person", record_key=str(held.pk)).exists()


def test_an_interrupted_run_resumes_without_erasing_twice(rules, officer, old_person, monkeypatch):
    people = [old_person() for _ in range(3)]
    run = retention.run_start(batch_size=1)
    real_erase = retention.person_erase
    calls = {"n": 0}

    def erase_then_die(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            # The worker dies in the middle of the second person's batch.
            raise SystemExit("worker killed")
        return real_erase(**kwargs)

    monkeypatch.setattr(retention, "person_erase", erase_then_die)
    with pytest.raises(SystemExit):
        for _ in range(100):
            retention.run_step(run=run)
    run.refresh_from_db()
    assert run.state == RetentionRun.State.RUNNING
    assert Tombstone.objects.filter(record_type="people.person").count() == 1

    # The worker runs the task again: it goes on from the last batch committed.
    monkeypatch.setattr(retention, "person_erase", real_erase)
    assert retention.run_advance(run_id=run.pk, token=run.token, seconds=60) == "finished"

    for person in people:
        assert (
            Tombstone.objects.filter(record_type="people.person", record_key=str(person.pk)).count()
            == 1
        )
        assert _erasures(person) == 1
    run.refresh_from_db()
    assert run.counts["people.person:erased"] == 3

    # Erasing again changes nothing: a tombstone is written once per record.
    assert not retention.erase_with_tombstone(
        record_type="people.person", pk=people[0].pk, why=Tombstone.Why.RETENTION
    )
    assert _erasures(people[0]) == 1


def test_a_continuation_whose_token_is_stale_stops(rules, old_person):
    old_person()
    run = retention.run_start(batch_size=1)
    assert retention.run_advance(run_id=run.pk, token="not-the-token") == "superseded"
    assert not Tombstone.objects.exists()


def test_an_old_incident_is_erased_with_its_children_and_history(rules, officer):
    import time_machine
    from django.utils import timezone

    from harbour.incidents.factories import incident_make

    with time_machine.travel(timezone.now() - datetime.timedelta(days=8 * 365), tick=False):
        incident = incident_make(by=officer)
    retention_daily.call()
    tombstone = Tombstone.objects.get(record_type="incidents.incident")
    assert tombstone.record_key == str(incident.pk)
    incident.refresh_from_db()
    assert incident.summary == ""
    assert incident.history.count() == 0


def test_the_access_log_past_its_period_is_deleted_by_the_retention_role(rules, officer):
    from django.db import connection
    from django.utils import timezone

    if connection.vendor != "postgresql":
        pytest.skip("the access log's guard and retention role are PostgreSQL's")
    old = AccessLogEntry.objects.create(
        at=timezone.now() - datetime.timedelta(days=7 * 365), action=Action.VIEW, record_id="old"
    )
    recent = AccessLogEntry.objects.create(action=Action.VIEW, record_id="recent")

    assert retention_daily.call() == "finished"

    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()
    assert AccessLogEntry.objects.filter(pk=recent.pk).exists()
    run = RetentionRun.objects.get()
    assert run.counts["audit.accesslogentry:deleted"] == 1
    # The batch went back to the application's role: the run's own writes went through.
    assert run.state == RetentionRun.State.FINISHED
