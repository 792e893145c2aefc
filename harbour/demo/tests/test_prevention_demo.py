"""The demo region's prevention: a relationship-abuse programme with sessions in schools, and
results that show the change in knowledge with its interval."""

import pytest

from harbour.prevention.models import Audience, Programme, Question
from harbour.prevention.results import knowledge_change, reach_table
from harbour.statistics.tables import TOTAL


@pytest.mark.django_db
def test_demo_programme_sessions_and_results(demo_region):
    programme = Programme.objects.get()
    assert programme.agency == demo_region.shared["agencies"]["education"]
    schools = programme.sessions.filter(audience=Audience.YOUNG_PEOPLE)
    assert schools.count() >= 12
    assert schools.values("area").distinct().count() == 6
    assert all(session.tallies.count() == 2 for session in programme.sessions.all())
    reach = reach_table(programme)
    assert reach.cell(TOTAL, TOTAL).value
    results = knowledge_change(programme, audience=Audience.YOUNG_PEOPLE)
    for result in results:
        assert result.question in Question.values
        assert result.difference.value is not None, "enough sessions to show the change"
        assert result.low.value > 0
