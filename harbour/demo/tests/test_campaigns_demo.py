"""The demo region's campaigns: one beside released quarters, one running now."""

import pytest

from harbour.campaigns.figures import campaign_quarters
from harbour.campaigns.models import Campaign


@pytest.mark.django_db
def test_demo_campaigns_are_set_against_released_figures(demo_region):
    done = Campaign.objects.get(name="Know the signs")
    rows = campaign_quarters(done)
    assert [row.during for row in rows] == [False, True]
    assert all(row.searches.region is not None for row in rows), "both quarters released"
    assert all(row.self_referrals.region is not None for row in rows)
    running = Campaign.objects.get(name="Sixteen days of action")
    assert campaign_quarters(running)[-1].searches.region is None, "the current quarter is not"
