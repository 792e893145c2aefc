"""The demo region's dashboard has something in each section: the demo makes the releases
the sections read, and the action plan's indicators have figures and targets."""

import pytest

from harbour.insights.dashboard import dashboard_for
from harbour.marac.published_tables import marac_releases


@pytest.mark.django_db
def test_the_demo_dashboard_has_marac_follow_up_and_indicator_figures(demo_region):
    page = dashboard_for(with_sections=True)
    assert page.release is not None
    # The demo's completed MARAC year: its released counts, and rates withheld where fewer than
    # ten cases are behind them (the demo hears seven).
    assert page.marac.caption == marac_releases()[-1].label
    total = page.marac.rows[-1].figures
    assert total.cases.value and (total.rate.value is None) == (total.cases.value < 10)
    shares = [row.within_share.value for row in page.followups.rows]
    assert shares and all(value is not None for value in shares)
    rows = {row.label: row for row in page.indicators.rows}
    on_time = rows["Follow-ups within 24 hours in every area"]
    assert on_time.value.value is not None and on_time.on_track is not None
    assert rows["MARAC cases per 10,000 women"].period == page.marac.caption
