"""Reviews: the chair holds people's records; each agency's chronology is a logged export in
date order; recommendations are tracked to completion; lifting a hold is recorded."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.audit.models import AccessLogEntry, Action
from harbour.people.factories import person_make
from harbour.people.services import person_event_add
from harbour.records.models import ChronologyExport, Hold, Recommendation, Review
from harbour.records.services import (
    chronology_export,
    hold_lift,
    hold_place,
    recommendation_add,
    recommendation_complete,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(db):
    chair = UserFactory(role=Role.MARAC_COORDINATOR, username="chair")
    return Review.objects.create(
        kind=Review.Kind.DOMESTIC_HOMICIDE, reference="DHR 2026/01", chair=chair
    )


def test_only_the_chair_places_and_lifts_holds(review, officer):
    person = person_make(by=officer)
    with pytest.raises(PermissionDenied):
        hold_place(review=review, person=person, by=officer)
    hold = hold_place(review=review, person=person, by=review.chair)
    with pytest.raises(ValidationError):
        hold_place(review=review, person=person, by=review.chair)
    with pytest.raises(ValidationError) as error:
        hold_lift(hold=hold, by=review.chair, reason="")
    assert "reason" in error.value.error_dict
    hold_lift(hold=hold, by=review.chair, reason="The panel has finished with her records.")
    hold.refresh_from_db()
    assert hold.lifted_at is not None and hold.lifted_by == review.chair
    assert AccessLogEntry.objects.filter(record_id=hold.public_id, action=Action.UPDATE).exists()
    assert Hold.objects.filter(pk=hold.pk).exists()  # the hold's record stays


def test_a_chronology_export_is_logged_and_in_date_order(review, officer):
    person = person_make(by=officer)
    other = person_make(by=officer)  # not held: left out
    hold_place(review=review, person=person, by=review.chair)
    now = timezone.now()
    # Written out of order.
    for days in (3, 30, 10):
        person_event_add(
            person=person,
            type="people.safe_contact_updated",
            by=officer,
            at=now - datetime.timedelta(days=days),
        )
    person_event_add(person=other, type="people.safe_contact_updated", by=officer)
    elsewhere = UserFactory(role=Role.HUB_CASEWORKER)
    person_event_add(person=person, type="people.safe_contact_updated", by=elsewhere)

    export, text = chronology_export(review=review, by=officer)

    rows = list(csv.reader(io.StringIO(text)))[1:]
    dates = [row[0] for row in rows]
    assert dates == sorted(dates)
    # Her record's creation (and her agency's involvement) and three updates, all by the
    # officer's agency: the other agency's update and the person not held are left out.
    assert [row[2] for row in rows].count("Safe-contact preferences updated") == 3
    assert "Record created by" in " ".join(row[2] for row in rows)
    assert {row[1] for row in rows} == {person.public_id}
    assert {row[3] for row in rows} == {officer.get_full_name()}
    assert ChronologyExport.objects.get() == export
    assert export.rows == len(rows) and export.agency == officer.agency
    entry = AccessLogEntry.objects.get(action=Action.EXPORT, record_id=export.public_id)
    assert entry.user == officer and entry.detail["rows"] == len(rows)


def test_recommendations_are_tracked_to_completion(review, officer):
    recommendation = recommendation_add(
        review=review,
        by=review.chair,
        text="Share call-out histories before a MARAC.",
        agency=officer.agency,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    stranger = UserFactory(role=Role.HUB_CASEWORKER)
    with pytest.raises(PermissionDenied):
        recommendation_complete(recommendation=recommendation, by=stranger, note="Done")
    with pytest.raises(ValidationError):
        recommendation_complete(recommendation=recommendation, by=officer, note=" ")
    recommendation_complete(recommendation=recommendation, by=officer, note="Briefing given.")
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.DONE
    assert recommendation.completed_by == officer
