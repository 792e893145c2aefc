"""Other capabilities hear about confirmed domestic abuse and people named as harming her."""

import pytest

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.incidents import signals
from harbour.incidents.factories import incident_make
from harbour.people.factories import person_make


@pytest.fixture
def heard():
    received = {"domestic_abuse": [], "harmer": []}

    def on_domestic_abuse(sender, incident, by, **kwargs):
        received["domestic_abuse"].append(incident)

    def on_harmer(sender, incident, harmer, by, **kwargs):
        received["harmer"].append(harmer)

    signals.domestic_abuse_confirmed.connect(on_domestic_abuse)
    signals.harmer_named.connect(on_harmer)
    yield received
    signals.domestic_abuse_confirmed.disconnect(on_domestic_abuse)
    signals.harmer_named.disconnect(on_harmer)


@pytest.mark.django_db
def test_confirmed_domestic_abuse_and_harmers_are_announced(heard):
    police = UserFactory(role=Role.POLICE_OFFICER)
    incident = incident_make(by=police, harmers=[person_make(by=police)])
    assert heard["domestic_abuse"] == [incident]
    assert [h.incident for h in heard["harmer"]] == [incident]


@pytest.mark.django_db
def test_not_domestic_abuse_is_not_announced(heard):
    police = UserFactory(role=Role.POLICE_OFFICER)
    incident_make(by=police, harmers=[person_make(by=police)], domestic_abuse=False)
    assert heard["domestic_abuse"] == []
    assert len(heard["harmer"]) == 1
