"""Other capabilities hear about recorded risk checklists and the MARAC criteria they meet."""

import pytest

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.people.factories import person_make
from harbour.risk import signals
from harbour.risk.definitions import Answer
from harbour.risk.queries import risk_tool_current
from harbour.risk.services import assessment_record


@pytest.fixture
def heard():
    received = []

    def on_assessment(sender, assessment, by, **kwargs):
        received.append(assessment)

    signals.assessment_recorded.connect(on_assessment)
    yield received
    signals.assessment_recorded.disconnect(on_assessment)


@pytest.mark.django_db
def test_recorded_assessments_are_announced_with_their_criteria(heard):
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
    assert heard == [assessment]
    assert "high_risk" in heard[0].marac_criteria
