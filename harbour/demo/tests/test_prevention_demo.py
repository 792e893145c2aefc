"""The demo region's prevention: a relationship-abuse programme with sessions in schools, and
results, released by school year, that show the change in knowledge with its interval."""

import pytest

from harbour.prevention.models import Audience, Programme, Question
from harbour.prevention.published_tables import NAME
from harbour.prevention.results import programme_reach, stored_knowledge
from harbour.statistics.releases import releases_current
from harbour.statistics.tables import TOTAL


@pytest.mark.django_db
def test_demo_programme_sessions_and_results(demo_region):
    programme = Programme.objects.get()
    assert programme.agency == demo_region.shared["agencies"]["education"]
    schools = programme.sessions.filter(audience=Audience.YOUNG_PEOPLE)
    assert schools.count() >= 12
    assert schools.values("area").distinct().count() == 6
    assert all(session.tallies.count() == 2 for session in programme.sessions.all())
    # The last school year released holds the demo's sessions but the two most recent.
    release = releases_current(name=NAME)[-1]
    key = str(programme.public_id)
    assert release.estimates["sessions"][key] == programme.sessions.count() - 2
    reach = programme_reach(release, key)
    assert reach.cell(TOTAL, TOTAL).value
    results = stored_knowledge(release, key, Audience.YOUNG_PEOPLE)
    for result in results:
        assert result.question in Question.values
        assert result.difference.value is not None, "enough sessions to show the change"
        assert result.low.value > 0
