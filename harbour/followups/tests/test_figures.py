"""Published figures: one protected table set, shares from published counts, analysts only."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from harbour.followups.figures import TABLE_SET, cube_counts, period
from harbour.statistics.registry import table_set_publish
from harbour.statistics.tables import TOTAL


def test_counts_cover_complete_months_only_and_both_groups(base):
    with time_machine.travel(datetime.datetime(2026, 5, 20, 12, tzinfo=datetime.UTC)):
        april = timezone.now() - datetime.timedelta(days=30)
        base.followup(occurred_at=april - datetime.timedelta(hours=1), visited_at=april)
        base.incident(
            local_authority=base.other_area,
            occurred_at=april - datetime.timedelta(hours=1),
            visited_at=april,
        )
        base.followup()  # this month: not published yet
        start, end = period()
        assert start == datetime.datetime(2026, 1, 1, tzinfo=start.tzinfo)
        assert end == datetime.datetime(2026, 5, 1, tzinfo=end.tzinfo)
        counts = cube_counts()
    assert sum(counts.values()) == 2
    assert {key[1] for key in counts} == {"pilot", "comparison"}
    pilot = next(key for key in counts if key[1] == "pilot")
    assert pilot[0] == base.pilot_area.gss_code and pilot[2] == "not_visited"


def test_small_counts_are_withheld_in_every_table(base):
    with time_machine.travel(datetime.datetime(2026, 5, 20, 12, tzinfo=datetime.UTC)):
        april = timezone.now() - datetime.timedelta(days=30)
        base.followup(occurred_at=april - datetime.timedelta(hours=1), visited_at=april)
        tables = table_set_publish(name=TABLE_SET)
    cell = tables["by_area_group"].cell(base.pilot_area.gss_code, "pilot")
    assert cell.value is None and cell.marker == "[c]"
    assert tables["by_area_visit"].cell(base.pilot_area.gss_code, TOTAL).value is None


@pytest.mark.parametrize("who", ["idva", "officer"])
def test_only_analysts_see_the_figures_page(base, staff_client, who):
    assert staff_client(getattr(base, who)).get("/staff/followups/figures/").status_code == 403


def test_the_figures_page_says_how_to_read_the_comparison(base, staff_client):
    page = staff_client(base.analyst).get("/staff/followups/figures/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "they do not prove that the follow-up caused a difference" in text
    assert "uses the police&#x27;s record in both" in text or "police's record in both" in text
