"""One door for her record: her encrypted fields are decrypted only through the getters and the
services that check access (``harbour.core.doors``); every other way around fails the test.

The root ``conftest.py`` runs every test under the guard. These tests open a guard of their own
(``doors.enforce()``) so that the refusals they provoke are theirs to inspect.
"""

from __future__ import annotations

import contextlib

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.core import doors
from harbour.incidents.factories import incident_make
from harbour.incidents.models import Incident
from harbour.incidents.queries import incident_get_for_user
from harbour.people.factories import person_make
from harbour.people.queries import person_get_for_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident():
    officer = UserFactory(role=Role.POLICE_OFFICER)
    victim = person_make(by=officer, given_name="Marisol", address="12 Guarded Close")
    made = incident_make(by=officer, victim=victim)
    return made, officer


def _refused(read) -> list[str]:
    """Run ``read`` under a guard of its own; the refusals it caused."""
    with doors.enforce() as found, pytest.raises(doors.DoorViolation):
        read()
    return found


def test_apps_get_model_is_refused(incident):
    made, _officer = incident
    model = apps.get_model("people", "Person")
    found = _refused(lambda: model.objects.get(pk=made.victim_id))
    assert found and "people.Person" in found[0]
    assert "tests/platform/test_one_door.py" in found[0]  # says where the read was


def test_a_lookup_through_another_models_foreign_key_is_refused(incident):
    made, _officer = incident
    found = _refused(lambda: list(Incident.objects.values("victim__address")))
    assert "people.Person.address" in found[0]
    found = _refused(lambda: Incident.objects.select_related("victim").get(pk=made.pk))
    assert found


def test_a_model_found_through_meta_related_model_is_refused(incident):
    made, _officer = incident
    model = Incident._meta.get_field("victim").related_model
    found = _refused(lambda: model.objects.filter(pk=made.victim_id).first())
    assert found


def test_attribute_access_is_refused(incident):
    made, _officer = incident
    fresh = Incident.objects.get(pk=made.pk)  # the incident's own fields are not hers
    # The link itself loads her without her details (her id, public id and flags)...
    assert fresh.victim.public_id == made.victim.public_id
    # ...and any of her details read through it is refused.
    found = _refused(lambda: fresh.victim.address)
    assert "people.Person.address" in found[0]
    found = _refused(lambda: Incident.objects.get(pk=made.pk).victim.display_name)
    assert "people.Person.given_name" in found[0]


def test_her_history_is_guarded_too(incident):
    found = _refused(lambda: list(apps.get_model("people", "HistoricalPerson").objects.all()))
    assert "people.HistoricalPerson" in found[0]


def test_a_refusal_swallowed_by_the_code_still_fails_the_test(incident):
    made, _officer = incident
    # contextlib.suppress stands for code under test that hides the error.
    with doors.enforce() as found, contextlib.suppress(Exception):
        Incident.objects.get(pk=made.pk).victim.address  # noqa: B018
    assert found  # the root fixture fails a test with any refusal, caught or not


def test_the_getters_are_the_door(incident):
    made, officer = incident
    with doors.enforce() as found:
        person = person_get_for_user(user=officer, person_id=made.victim.public_id)
        assert person.given_name == "Marisol"
        read = incident_get_for_user(user=officer, incident_id=made.public_id)
        assert read.victim.address == "12 Guarded Close"
    assert found == []


def test_a_door_opened_by_name_lets_a_service_or_a_test_read(incident):
    made, _officer = incident
    with doors.enforce() as found, doors.opened("test: what was stored"):
        assert Incident.objects.get(pk=made.pk).victim.given_name == "Marisol"
    assert found == []


def test_a_data_migrations_own_models_pass(incident):
    """Migrations read her record through the models of their own state, not live code."""
    made, _officer = incident
    executor = MigrationExecutor(connection)
    state = executor.loader.project_state(("people", "0005_restricted_index"))
    historical = state.apps.get_model("people", "Person")
    with doors.enforce() as found:
        assert historical.objects.get(pk=made.victim_id).given_name == "Marisol"
    assert found == []
