"""The parts of the contract later apps rely on: involvement by source, timeline events,
counting for statistics."""

import datetime

import pytest

from harbour.accounts.factories import AgencyFactory
from harbour.people.events import EventType, register_event_type
from harbour.people.models import InvolvementKind
from harbour.people.queries import (
    PersonNotFound,
    equality_counts,
    person_get_for_user,
    person_timeline_for_user,
)
from harbour.people.services import (
    involvement_add,
    involvement_end_for_source,
    person_event_add,
    person_update,
)

pytestmark = pytest.mark.django_db


def test_an_involvement_from_a_source_ends_with_it(world):
    # Any model instance can be a source; here, the share stands in for a referral.
    source = world.agreement
    hub = world.uninvolved_user.agency
    first = involvement_add(
        person=world.person,
        agency=hub,
        kind=InvolvementKind.REFERRAL,
        source=source,
        by=world.recorder,
    )
    again = involvement_add(
        person=world.person,
        agency=hub,
        kind=InvolvementKind.REFERRAL,
        source=source,
        by=world.recorder,
    )
    assert first.pk == again.pk
    person_get_for_user(user=world.uninvolved_user, person_id=world.person.public_id)
    assert (
        involvement_end_for_source(source=source, by=world.recorder, reason="Referral closed") == 1
    )
    with pytest.raises(PersonNotFound):
        person_get_for_user(user=world.uninvolved_user, person_id=world.person.public_id)


def test_timeline_events_are_typed_and_filtered_by_audience(world):
    register_event_type(EventType("tests.visit", "Visited by %(agency)s", ("agency",)))
    person_event_add(
        person=world.person,
        type="tests.visit",
        by=world.involved_user,
        parameters={"agency": "an IDVA"},
        audience_agency=world.involved_user.agency,
    )
    with pytest.raises(KeyError):
        person_event_add(person=world.person, type="tests.unregistered")
    mine = [e.text for e in person_timeline_for_user(user=world.involved_user, person=world.person)]
    theirs = [e.text for e in person_timeline_for_user(user=world.recorder, person=world.person)]
    assert "Visited by an IDVA" in mine
    assert "Visited by an IDVA" not in theirs
    assert any(text.startswith("Record created by") for text in theirs)
    with pytest.raises(PersonNotFound):
        person_timeline_for_user(user=world.uninvolved_user, person=world.person)


def test_timeline_parameters_hold_no_values_of_encrypted_fields(world):
    person_update(
        person=world.person, by=world.involved_user, reason="New phone", phone="07700 900999"
    )
    for event in world.person.events.all():
        assert "900999" not in str(event.parameters)
        assert "Quennell" not in str(event.parameters)


def test_equality_counts_by_area(world, area):
    from harbour.people.factories import person_make

    other_area = area.__class__.objects.create(gss_code="E08000011", name="Knowsley")
    person_make(ethnicity="white_irish", local_authority=area)
    person_make(ethnicity="white_irish", local_authority=other_area)
    person_make(local_authority=area, date_of_birth=datetime.date(2010, 1, 1))
    counts = equality_counts(field_name="ethnicity")
    assert counts[("E08000012", "white_irish")] == 1
    assert counts[("E08000011", "white_irish")] == 1
    assert counts[("E08000012", "")] == 2  # her, and one not recorded
    ages = equality_counts(field_name="age_band", on=datetime.date(2026, 6, 1))
    assert ages[("E08000012", "16-17")] == 1
    with pytest.raises(ValueError):
        equality_counts(field_name="family_name")


def test_agencies_other_than_the_involved_ones_see_nothing_in_the_agency_list(world):
    from harbour.people.queries import people_for_user

    outsider_agency = AgencyFactory(name="Elsewhere", kind="specialist_service")
    assert outsider_agency.pk != world.involved_user.agency_id
    names = [p.name for p in people_for_user(user=world.shared_user)]
    assert names == ["Harriet Quennell"]
