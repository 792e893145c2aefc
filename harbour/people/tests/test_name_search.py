"""Name search over every record: need-to-know in the query, few records read, no silent cap."""

from __future__ import annotations

import datetime

import pytest

from harbour.audit.models import AccessLogEntry, Action
from harbour.core import doors
from harbour.people.models import InvolvementKind, MatchKey
from harbour.people.queries import people_search_for_user
from harbour.people.services import involvement_add, people_rehash, person_create

pytestmark = pytest.mark.django_db


def search(user, **typed):
    return people_search_for_user(user=user, **typed)


def names(found) -> list[str]:
    return [s.name for s in found.results]


@pytest.mark.parametrize(
    ("given", "family"),
    [
        ("Harriet", "Quennell"),
        ("Harriet", "Quenell"),  # a slip
        ("Quennell", "Harriet"),  # swapped
        ("Harriet", "Brooke"),  # a previous name she is known by
        ("Харриет", "Кеннелл"),  # typed in Cyrillic (K for Q: a slip on top)
    ],
)
def test_her_agency_finds_her_by_name(world, given, family):
    found = search(world.involved_user, given_name=given, family_name=family)
    assert names(found) == ["Harriet Quennell"], (given, family)
    assert found.decrypted <= 5


def test_short_forms_and_other_spellings(world):
    person_create(by=world.recorder, given_name="Elizabeth", family_name="Okonkwo-Abara")
    person_create(by=world.recorder, given_name="Mohammed", family_name="Hussain")
    for given, family in [("Liz", "Okonkwo"), ("Beth", "Abara"), ("Lizzie", "Okonkwo Abara")]:
        found = search(world.recorder, given_name=given, family_name=family)
        assert names(found) == ["Elizabeth Okonkwo-Abara"], (given, family)
    for name in ["Muhammad Hussein", "محمد Hussain", "Hussain Mohamed"]:
        assert names(search(world.recorder, name=name)) == ["Mohammed Hussain"], name


def test_records_her_agency_cannot_read_are_never_found_or_counted(world, settings):
    settings.HARBOUR_PEOPLE_SEARCH_READ_LIMIT = 1
    for _ in range(3):
        person_create(by=world.uninvolved_user, given_name="Harriet", family_name="Quennell")
    found = search(world.involved_user, given_name="Harriet", family_name="Quennell")
    assert names(found) == ["Harriet Quennell"] and not found.limited
    assert found.results[0].public_id == world.person.public_id
    nothing = search(world.shared_user, given_name="Nobody", family_name="Quennell")
    assert nothing.results == [] and nothing.matched == 0


def test_too_many_alike_asks_for_more_instead_of_reading_them(world, settings):
    settings.HARBOUR_PEOPLE_SEARCH_READ_LIMIT = 2
    for _ in range(3):
        person_create(by=world.involved_user, given_name="Sarah", family_name="Smith")
    found = search(world.involved_user, given_name="Sarah", family_name="Smith")
    assert found.too_many and found.limited and found.results == [] and found.decrypted == 0
    # A date of birth narrows it to a few records read.
    person_create(
        by=world.involved_user,
        given_name="Sarah",
        family_name="Smith",
        date_of_birth=datetime.date(1990, 1, 2),
    )
    narrowed = search(
        world.involved_user,
        given_name="Sarah",
        family_name="Smith",
        date_of_birth=datetime.date(1990, 1, 2),
    )
    assert len(narrowed.results) == 1 and not narrowed.too_many


def test_more_matches_than_shown_says_so(world):
    for _ in range(4):
        person_create(by=world.involved_user, given_name="Sarah", family_name="Smith")
    found = search(world.involved_user, given_name="Sarah", family_name="Smith", limit=2)
    assert len(found.results) == 2 and found.matched == 4 and found.limited


def test_a_changed_family_name_is_found_with_her_date_of_birth(world):
    typed = {"given_name": "Harriet", "family_name": "Marlowe"}
    assert search(world.involved_user, **typed).results == []
    found = search(world.involved_user, **typed, date_of_birth=datetime.date(1988, 4, 11))
    assert names(found) == ["Harriet Quennell"]
    # Day and month swapped is still her; another birthday is not.
    found = search(world.involved_user, **typed, date_of_birth=datetime.date(1988, 11, 4))
    assert names(found) == ["Harriet Quennell"]
    assert not search(
        world.involved_user, **typed, date_of_birth=datetime.date(1988, 4, 12)
    ).results


def test_what_tells_them_apart(world):
    [summary] = search(world.involved_user, name="Harriet Quennell").results
    assert summary.local_authority == "Liverpool"
    assert summary.age_band and summary.last_contact is not None


def test_the_search_is_logged_without_its_terms(world):
    search(world.involved_user, given_name="Harriet", family_name="Quennell")
    entry = AccessLogEntry.objects.filter(user=world.involved_user, action=Action.SEARCH).latest(
        "at"
    )
    assert "Quennell" not in str(entry.detail) and "Harriet" not in str(entry.detail)
    assert entry.detail["results"] == 1


def test_roles_that_never_read_people_find_nobody(world, admin_user):
    assert search(admin_user, given_name="Harriet", family_name="Quennell").results == []


def test_restricted_records_are_found_only_by_named_users(world):
    from harbour.accounts.factories import UserFactory
    from harbour.accounts.roles import Role
    from harbour.people.services import person_restrict

    colleague = UserFactory(role=Role.IDVA, agency=world.involved_user.agency)
    assert names(search(colleague, name="Harriet Quennell")) == ["Harriet Quennell"]
    person_restrict(person=world.person, by=world.involved_user, reason="Staff")
    assert search(colleague, name="Harriet Quennell").results == []
    assert names(search(world.involved_user, name="Harriet Quennell")) == ["Harriet Quennell"]


def test_rehash_rebuilds_the_name_buckets(world, settings):
    involvement_add(
        person=world.person, agency=world.uninvolved_user.agency, kind=InvolvementKind.REFERRAL
    )
    MatchKey.objects.all().delete()
    assert search(world.uninvolved_user, name="Harriet Quennell").results == []
    assert people_rehash() == 1
    assert names(search(world.uninvolved_user, name="Harriet Quennell")) == ["Harriet Quennell"]
    assert MatchKey.objects.filter(kind="name_pair").exists()


def test_the_search_statement_applies_the_same_need_to_know_as_the_one_door(world):
    """Name search reads through one hand-written statement (``harbour.people.candidates``);
    for every kind of access it must find exactly the people ``_readable_people`` allows."""
    from django.utils import timezone

    from harbour.accounts.factories import AgencyFactory, UserFactory
    from harbour.accounts.roles import Role
    from harbour.keys.hashes import hash_keys_in_use
    from harbour.people.matching import name_buckets
    from harbour.people.models import Involvement, Person, RestrictedAccess
    from harbour.people.services import involvement_end, person_restrict

    other_agency = AgencyFactory(name="Another Service")
    outsider = UserFactory(role=Role.IDVA, agency=other_agency)
    colleague = UserFactory(role=Role.IDVA, agency=world.involved_user.agency)
    own = world.involved_user.agency

    def namesake(agency):
        person = person_create(by=world.recorder, given_name="Harriet", family_name="Quennell")
        if agency is not None:
            involvement_add(person=person, agency=agency, kind=InvolvementKind.REFERRAL)
        return person

    namesake(own)  # read through her agency
    ended = namesake(own)  # her agency's involvement ended
    for involvement in Involvement.objects.filter(person=ended, agency=own):
        involvement_end(involvement=involvement, reason="Case closed")
    namesake(other_agency)  # another agency's only
    named_here = namesake(other_agency)  # restricted, naming her (another agency's record)
    RestrictedAccess.objects.create(person=named_here, user=world.involved_user, added_by=outsider)
    Person.objects.filter(pk=named_here.pk).update(is_restricted=True)
    removed = namesake(other_agency)  # restricted, naming her, then removed
    RestrictedAccess.objects.create(
        person=removed, user=world.involved_user, added_by=outsider, removed_at=timezone.now()
    )
    Person.objects.filter(pk=removed.pk).update(is_restricted=True)
    hidden = namesake(own)  # restricted to a colleague: her agency's involvement is not enough
    person_restrict(person=hidden, by=colleague, reason="Staff")
    erased = namesake(own)  # erased (its keys kept here, to test the statement's own check)
    Person.objects.filter(pk=erased.pk).update(erased_at=timezone.now())

    digests = [
        key.digest
        for key in name_buckets([("harriet", "quennell")], hash_keys=hash_keys_in_use()).pair
    ]
    everyone = set(Person.objects.values_list("pk", flat=True))
    with doors.opened("test: the statement beside the door"):
        _same_people_as_the_door(world, digests, everyone, [colleague, outsider])


def _same_people_as_the_door(world, digests, everyone, others):
    from harbour.people.candidates import read_candidates
    from harbour.people.queries import _readable_people

    for user in [world.involved_user, *others, world.uninvolved_user]:
        expected = set(_readable_people(user).filter(pk__in=everyone).values_list("pk", flat=True))
        found, more = read_candidates(user, digests, exclude=set(), cap=50, all_or_none=False)
        assert {p.pk for p in found} == expected, user.username
        assert not more
    # Cut off at the cap: reads the cap (or nobody, all or none) and says there were more.
    found, more = read_candidates(
        world.involved_user, digests, exclude=set(), cap=1, all_or_none=False
    )
    assert len(found) == 1 and more
    assert read_candidates(
        world.involved_user, digests, exclude=set(), cap=1, all_or_none=True
    ) == ([], True)
