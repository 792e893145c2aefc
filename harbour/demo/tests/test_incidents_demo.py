"""The demo region's incidents show what the pages are for."""

import pytest

from harbour.core.queues import work_for
from harbour.incidents.models import Incident
from harbour.incidents.queries import harmers_of_several_victims, repeat_pairs
from harbour.risk.definitions import Level
from harbour.risk.models import Assessment


@pytest.mark.django_db
def test_demo_incidents_cover_areas_repeats_and_harmful_practices(demo_region):
    ctx = demo_region
    assert Incident.objects.values("local_authority").distinct().count() >= 5
    assert Assessment.objects.filter(level=Level.HIGH).count() >= 3
    assert Assessment.objects.filter(tool_version__tool__key="practitioner-checklist").exists()
    assert Assessment.objects.filter(potential_escalation=True).exists()
    # Bethany Cole's three call-outs and Esther Adeyemi's two incidents (later seeders, such
    # as MARAC's, may add repeat pairs of their own).
    people = ctx.shared["people"]
    pairs = {victim: n for victim, _h, n in repeat_pairs()}
    assert pairs[people["Bethany Cole"].pk] == 3
    assert pairs[people["Esther Adeyemi"].pk] == 2
    assert [victims for _harmer, victims in harmers_of_several_victims()] == [2]
    forced = Incident.objects.get(offences__code="forced_marriage")
    assert forced.harmers.count() == 3
    assert Incident.objects.filter(outcome__code="16").exists()
    officer = ctx.shared["users"]["police.officer"]
    titles = [str(item.title) for item in work_for(officer)]
    assert any("children's social care" in t for t in titles)
    assert any("is domestic abuse" in t for t in titles)
