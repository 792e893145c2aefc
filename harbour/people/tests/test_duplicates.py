import datetime

import pytest
from django.core.exceptions import ValidationError

from harbour.audit.models import AccessLogEntry, Action
from harbour.people.factories import person_make
from harbour.people.models import AccessReview, InvolvementKind, ReviewKind
from harbour.people.queries import person_get_for_user
from harbour.people.services import (
    TooManyChecks,
    person_duplicate_check,
    person_link,
    person_restrict,
)

pytestmark = pytest.mark.django_db

DOB = datetime.date(1988, 4, 11)


def check(user, **typed):
    typed.setdefault("given_name", "Harriet")
    typed.setdefault("family_name", "Quennell")
    return person_duplicate_check(user=user, **typed)


def test_exact_name_and_date_of_birth(world):
    result = check(world.uninvolved_user, date_of_birth=DOB)
    [candidate] = result.candidates
    assert candidate.strength == "likely"
    assert set(candidate.agreeing) == {"name", "date_of_birth"}
    # Nothing beyond what was typed: no identifier, no name, for a record she may not read.
    assert candidate.public_id is None and candidate.name == ""


@pytest.mark.parametrize(
    ("given", "family"),
    [
        ("Harriet", "Quenell"),  # misspelt family name
        ("Harriett", "Quennell"),  # misspelt given name
        ("Hariet", "Quennel"),  # both, lightly
        ("Harriet", "Kwennell"),  # sounds alike, different first letter
        ("Quennell", "Harriet"),  # given and family names swapped
        ("Harriet", "Brooke"),  # a previous name
    ],
)
def test_near_matches_on_names(world, given, family):
    result = check(world.uninvolved_user, given_name=given, family_name=family, date_of_birth=DOB)
    assert len(result.candidates) == 1, (given, family)


def test_swapped_day_and_month(world):
    swapped = datetime.date(1988, 11, 4)
    [candidate] = check(
        world.uninvolved_user, family_name="Quenell", date_of_birth=swapped
    ).candidates
    assert "date_of_birth" in candidate.agreeing


def test_phone_with_a_similar_name(world):
    [candidate] = check(
        world.uninvolved_user, family_name="Quenel", phone="+44 7700 900461"
    ).candidates
    assert set(candidate.agreeing) >= {"name", "phone"}


def test_a_shared_phone_alone_offers_nothing(world):
    # Someone else in her household, typed with her phone: one agreeing detail is not enough.
    assert (
        check(
            world.uninvolved_user, given_name="Gary", family_name="Stokes", phone="07700900461"
        ).candidates
        == []
    )


def test_different_person_same_name_other_birthday(world):
    assert check(world.uninvolved_user, date_of_birth=datetime.date(1961, 9, 30)).candidates == []


def test_common_names_do_not_flood(world, user_factory):
    recorder = world.recorder
    # Sixty women called Sarah Smith born in 1985 on different days.
    start = datetime.date(1985, 1, 1)
    for n in range(60):
        person_make(
            by=recorder,
            given_name="Sarah",
            family_name="Smith",
            date_of_birth=start + datetime.timedelta(days=n * 5),
            phone="",
        )
    typed = {"given_name": "Sarah", "family_name": "Smith"}
    # Her name alone (no second detail) offers nobody.
    assert check(world.uninvolved_user, **typed).candidates == []
    # With a date of birth, only the one born that day (and none of the many others).
    result = check(
        world.uninvolved_user, **typed, date_of_birth=start + datetime.timedelta(days=50)
    )
    assert len(result.candidates) == 1
    # The "Smith, S, 1985" block holds 60 records, over the limit of 50: it is skipped.
    assert result.skipped_blocks >= 1
    # A date that matches nobody offers nobody, even though the name is everywhere.
    assert (
        check(world.uninvolved_user, **typed, date_of_birth=datetime.date(1985, 12, 31)).candidates
        == []
    )


def test_restricted_records_are_never_offered(world):
    person_restrict(person=world.person, by=world.involved_user, reason="He works in an agency")
    assert check(world.involved_user, date_of_birth=DOB).candidates == []


def test_a_record_her_agency_reads_is_shown_by_name(world):
    [candidate] = check(world.involved_user, date_of_birth=DOB).candidates
    assert candidate.public_id == world.person.public_id
    assert candidate.name == "Harriet Quennell"


def test_every_check_is_logged_without_the_details_typed(world):
    check(world.uninvolved_user, date_of_birth=DOB)
    entry = AccessLogEntry.objects.get(user=world.uninvolved_user, action=Action.SEARCH)
    assert entry.record_type == "people.duplicate_check"
    assert "Harriet" not in str(entry.detail) and "Quennell" not in entry.reason


def test_linking_needs_a_reason_is_logged_and_goes_to_review(world):
    user = world.uninvolved_user
    [candidate] = check(user, date_of_birth=DOB).candidates
    with pytest.raises(ValidationError):
        person_link(user=user, ref=candidate.ref, reason="  ")
    person = person_link(
        user=user, ref=candidate.ref, reason="Same woman: she told us of the police visit"
    )
    assert person.pk == world.person.pk
    assert person_get_for_user(user=user, person_id=world.person.public_id)
    assert AccessLogEntry.objects.get(user=user, action=Action.LINK).flagged
    review = AccessReview.objects.get(kind=ReviewKind.DUPLICATE_LINK)
    assert review.involvement.kind == InvolvementKind.LINKED


def test_a_link_token_is_bound_to_its_user(world, user_factory):
    [candidate] = check(world.uninvolved_user, date_of_birth=DOB).candidates
    other = user_factory(role=world.uninvolved_user.role)
    with pytest.raises(ValidationError):
        person_link(user=other, ref=candidate.ref, reason="Trying someone else's choice")
    with pytest.raises(ValidationError):
        person_link(user=other, ref="not-a-token", reason="Guessing")


def test_many_checks_are_flagged_then_refused(world, settings):
    settings.HARBOUR_PEOPLE_CHECKS_FLAG_PER_HOUR = 3
    settings.HARBOUR_PEOPLE_CHECKS_LIMIT_PER_HOUR = 5
    user = world.uninvolved_user
    results = [check(user, family_name=f"Name{n}", date_of_birth=DOB) for n in range(5)]
    assert [r.flagged for r in results] == [False, False, False, True, True]
    with pytest.raises(TooManyChecks):
        check(user, date_of_birth=DOB)
    review = AccessReview.objects.get(kind=ReviewKind.UNUSUAL_ACTIVITY, subject_user=user)
    assert review.detail["what"] == "duplicate_checks"
    assert AccessLogEntry.objects.filter(user=user, flagged=True).count() == 3
