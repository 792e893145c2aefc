import pytest

from harbour.audit.models import AccessLogEntry, Action
from harbour.people.models import ReviewKind
from harbour.people.queries import PersonNotFound, people_for_user, person_get_for_user
from harbour.people.services import (
    agreement_withdraw,
    emergency_access_grant,
    person_restrict,
    review_complete,
)

pytestmark = pytest.mark.django_db


def test_involved_and_shared_users_read_her_and_each_read_is_logged(world):
    for user in (world.recorder, world.involved_user, world.shared_user):
        person = person_get_for_user(user=user, person_id=world.person.public_id)
        assert person.family_name == "Quennell"
        assert AccessLogEntry.objects.filter(
            user=user, action=Action.VIEW, record_id=world.person.public_id
        ).exists()


def test_uninvolved_user_is_refused_and_the_attempt_logged(world):
    with pytest.raises(PersonNotFound):
        person_get_for_user(user=world.uninvolved_user, person_id=world.person.public_id)
    entry = AccessLogEntry.objects.get(user=world.uninvolved_user, action=Action.DENIED)
    assert entry.record_id == world.person.public_id
    assert entry.reason == "not involved"


def test_a_guessed_identifier_is_refused_like_a_real_one(world):
    with pytest.raises(PersonNotFound):
        person_get_for_user(user=world.involved_user, person_id="0123456789abcdef")
    with pytest.raises(PersonNotFound):
        person_get_for_user(user=world.involved_user, person_id="1")
    assert (
        AccessLogEntry.objects.filter(user=world.involved_user, action=Action.DENIED).count() == 2
    )


def test_the_uninvolved_agency_list_does_not_hold_her(world):
    assert people_for_user(user=world.uninvolved_user) == []
    assert people_for_user(user=world.uninvolved_user, name="Harriet Quennell") == []
    mine = people_for_user(user=world.involved_user, name="Harriet Quenell")
    assert [p.public_id for p in mine] == [world.person.public_id]


def test_withdrawn_agreement_stops_the_share_from_then_on(world):
    person_get_for_user(user=world.shared_user, person_id=world.person.public_id)
    stopped = agreement_withdraw(agreement=world.agreement, by=world.involved_user, how="phone")
    assert [s.pk for s in stopped] == [world.share.pk]
    world.share.refresh_from_db()
    assert world.share.stopped_at is not None
    with pytest.raises(PersonNotFound):
        person_get_for_user(user=world.shared_user, person_id=world.person.public_id)
    # The involved agency is unaffected.
    person_get_for_user(user=world.involved_user, person_id=world.person.public_id)


def test_restricted_record_is_hidden_from_other_users_of_involved_agencies(world, user_factory):
    colleague = user_factory(role=world.involved_user.role, agency=world.involved_user.agency)
    person_get_for_user(user=colleague, person_id=world.person.public_id)
    person_restrict(person=world.person, by=world.involved_user, reason="He works in an agency")
    with pytest.raises(PersonNotFound):
        person_get_for_user(user=colleague, person_id=world.person.public_id)
    with pytest.raises(PersonNotFound):
        person_get_for_user(user=world.recorder, person_id=world.person.public_id)
    # The user who restricted it is named and still reads it.
    person_get_for_user(user=world.involved_user, person_id=world.person.public_id)
    # Restricted records cannot be overridden either.
    with pytest.raises(PersonNotFound):
        emergency_access_grant(
            user=world.uninvolved_user, person_id=world.person.public_id, reason="Urgent 999 call"
        )
    assert people_for_user(user=colleague) == []


def test_emergency_override_is_logged_and_reviewed_by_someone_else(world, admin_user, user_factory):
    user = world.uninvolved_user
    person = emergency_access_grant(
        user=user, person_id=world.person.public_id, reason="Attending a 999 call at her address"
    )
    assert person.pk == world.person.pk
    read = person_get_for_user(user=user, person_id=world.person.public_id)
    assert read.access.why == "emergency"
    override = AccessLogEntry.objects.get(user=user, action=Action.OVERRIDE)
    assert override.flagged
    from harbour.people.queries import reviews_open

    review = reviews_open().get(kind=ReviewKind.EMERGENCY_ACCESS)
    assert review.subject_user == user
    # Only an administrator reviews; not a caseworker.
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        review_complete(review=review, by=world.involved_user, outcome="appropriate")
    review_complete(
        review=review, by=admin_user, outcome="not_appropriate", notes="Told the hub manager"
    )
    with pytest.raises(PersonNotFound):
        person_get_for_user(user=user, person_id=world.person.public_id)


def test_reviewer_cannot_review_own_activity(world, admin_user):
    from django.core.exceptions import ValidationError

    from harbour.people.activity import review_open

    review = review_open(kind=ReviewKind.UNUSUAL_ACTIVITY, subject_user=admin_user)
    with pytest.raises(ValidationError):
        review_complete(review=review, by=admin_user, outcome="appropriate")


def test_roles_outside_casework_never_read_people(world, user_factory):
    from harbour.accounts.roles import Role

    analyst = user_factory(role=Role.ANALYST, agency=world.involved_user.agency)
    with pytest.raises(PersonNotFound):
        person_get_for_user(user=analyst, person_id=world.person.public_id)


def _staff_record(world):
    from harbour.people.services import person_update

    person_update(
        person=world.person,
        by=world.involved_user,
        reason="She works for a partner agency",
        works_for_partner_agency=True,
    )


def _reads(user, person):
    return AccessLogEntry.objects.filter(user=user, action=Action.VIEW, record_id=person.public_id)


def test_reading_a_staff_members_record_is_flagged_and_reviewed_once_per_reader(world, admin_user):
    from harbour.people.models import AccessReview

    # An ordinary record: reads are not flagged and nothing is queued.
    person_get_for_user(user=world.involved_user, person_id=world.person.public_id)
    assert not _reads(world.involved_user, world.person).filter(flagged=True).exists()
    assert not AccessReview.objects.filter(kind=ReviewKind.STAFF_RECORD).exists()

    _staff_record(world)
    for _ in range(3):
        person_get_for_user(user=world.involved_user, person_id=world.person.public_id)
    person_get_for_user(user=world.shared_user, person_id=world.person.public_id)
    assert _reads(world.involved_user, world.person).filter(flagged=True).count() == 3
    assert _reads(world.shared_user, world.person).get().flagged
    reviews = AccessReview.objects.filter(kind=ReviewKind.STAFF_RECORD, person=world.person)
    # One open item per reader, however often she reads it.
    assert sorted(r.subject_user.username for r in reviews) == ["involved", "shared"]

    # Found appropriate: that reader's later reads stay flagged but are not queued again.
    review_complete(
        review=reviews.get(subject_user=world.involved_user), by=admin_user, outcome="appropriate"
    )
    person_get_for_user(user=world.involved_user, person_id=world.person.public_id)
    assert _reads(world.involved_user, world.person).filter(flagged=True).count() == 4
    assert reviews.filter(subject_user=world.involved_user).count() == 1

    # Found not appropriate (her access itself stays: it came from her agency's work): the
    # next read is queued again.
    review_complete(
        review=reviews.get(subject_user=world.shared_user),
        by=admin_user,
        outcome="not_appropriate",
        notes="Told her manager",
    )
    person_get_for_user(user=world.shared_user, person_id=world.person.public_id)
    assert reviews.filter(subject_user=world.shared_user, reviewed_at__isnull=True).count() == 1


def test_named_users_of_a_restricted_staff_record_are_not_flagged(world):
    from harbour.people.models import AccessReview

    _staff_record(world)
    person_restrict(person=world.person, by=world.involved_user, reason="She is a colleague")
    person_get_for_user(user=world.involved_user, person_id=world.person.public_id)
    assert not _reads(world.involved_user, world.person).filter(flagged=True).exists()
    assert not AccessReview.objects.filter(kind=ReviewKind.STAFF_RECORD).exists()


def test_the_list_answer_to_who_may_read_agrees_with_the_one_record_answer(world, user_factory):
    """``people_readable_among`` (one query, for the duplicate check's candidates) gives the
    same answer as ``person_access_for_user`` for each user: involved, shared, uninvolved,
    emergency access, and restricted with and without being named."""
    from harbour.people.models import Person
    from harbour.people.queries import people_readable_among, person_access_for_user

    colleague = user_factory(role=world.involved_user.role, agency=world.involved_user.agency)
    users = [world.recorder, world.involved_user, world.uninvolved_user, colleague]

    def agree() -> None:
        person = Person.objects.only("id", "is_restricted", "works_for_partner_agency").get(
            pk=world.person.pk
        )
        for user in users:
            one = bool(person_access_for_user(user=user, person=person))
            among = world.person.pk in people_readable_among(
                user=user, person_ids=[world.person.pk]
            )
            assert among == one, user.username

    agree()
    emergency_access_grant(
        user=world.uninvolved_user, person_id=world.person.public_id, reason="A 999 call"
    )
    assert world.person.pk in people_readable_among(
        user=world.uninvolved_user, person_ids=[world.person.pk]
    )
    agree()
    person_restrict(person=world.person, by=world.involved_user, reason="He works in an agency")
    assert people_readable_among(user=colleague, person_ids=[world.person.pk]) == set()
    agree()
