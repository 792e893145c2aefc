"""Other capabilities hear about confirmed domestic abuse and people named as harming her."""

import pytest

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.incidents import signals
from harbour.incidents.factories import incident_make
from harbour.people.factories import person_make
from harbour.risk import signals as risk_signals


@pytest.fixture
def heard():
    received = {"domestic_abuse": [], "harmer": [], "assessment": []}

    def on_domestic_abuse(sender, incident, by, **kwargs):
        received["domestic_abuse"].append(incident)

    def on_harmer(sender, incident, harmer, by, **kwargs):
        received["harmer"].append(harmer)

    def on_assessment(sender, assessment, by, **kwargs):
        received["assessment"].append(assessment)

    signals.domestic_abuse_confirmed.connect(on_domestic_abuse)
    signals.harmer_named.connect(on_harmer)
    risk_signals.assessment_recorded.connect(on_assessment)
    yield received
    signals.domestic_abuse_confirmed.disconnect(on_domestic_abuse)
    signals.harmer_named.disconnect(on_harmer)
    risk_signals.assessment_recorded.disconnect(on_assessment)


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


@pytest.mark.django_db
def test_recorded_assessments_are_announced_with_their_criteria(heard):
    from harbour.risk.definitions import Answer
    from harbour.risk.queries import risk_tool_current
    from harbour.risk.services import assessment_record

    police = UserFactory(role=Role.POLICE_OFFICER)
    victim = person_make(by=police)
    definition = risk_tool_current(key="police-checklist").definition
    answers = {q.id: Answer.NO for q in definition.questions}
    assessment = assessment_record(
        by=police,
        person=victim,
        tool_key="police-checklist",
        answers=answers,
        officer_level="high",
        officer_reasons="Threats to kill.",
    )
    assert heard["assessment"] == [assessment]
    assert "high_risk" in heard["assessment"][0].marac_criteria
