"""Published figures: one protected table set, shares from published counts, analysts only."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from harbour.followups.figures import TABLE_SET, cube_counts
from harbour.statistics.models import Release
from harbour.statistics.periods import QUARTER
from harbour.statistics.releases import releases_current, releases_publish_due
from harbour.statistics.tables import TOTAL

JULY = datetime.datetime(2026, 7, 20, 12, tzinfo=datetime.UTC)  # the second quarter is due


def test_counts_cover_one_quarter_and_both_groups(base):
    with time_machine.travel(JULY):
        april = timezone.now() - datetime.timedelta(days=100)
        base.followup(occurred_at=april - datetime.timedelta(hours=1), visited_at=april)
        base.incident(
            local_authority=base.other_area,
            occurred_at=april - datetime.timedelta(hours=1),
            visited_at=april,
        )
        base.followup()  # this quarter: not released yet
        counts = cube_counts(QUARTER.containing(april.date()))
    assert sum(counts.values()) == 2
    assert {key[1] for key in counts} == {"pilot", "comparison"}
    pilot = next(key for key in counts if key[1] == "pilot")
    assert pilot[0] == base.pilot_area.gss_code and pilot[2] == "not_visited"


def test_each_quarter_is_released_once_with_small_counts_withheld_and_zeros_by_design(base):
    with time_machine.travel(JULY):
        april = timezone.now() - datetime.timedelta(days=100)
        base.followup(occurred_at=april - datetime.timedelta(hours=1), visited_at=april)
        releases_publish_due(names=[TABLE_SET])
        releases_publish_due(names=[TABLE_SET])  # made once: nothing more is due
        releases = releases_current(name=TABLE_SET)
    assert [r.key for r in releases] == ["2026-Q1", "2026-Q2"]
    assert Release.objects.count() == 2
    tables = releases[-1].protected_tables()
    cell = tables["by_area_group"].cell(base.pilot_area.gss_code, "pilot")
    assert cell.value is None and cell.marker == "[c]"
    assert tables["by_area_visit"].cell(base.pilot_area.gss_code, TOTAL).value is None
    # An area outside the pilot has no follow-ups by design: published as such, not withheld.
    outside = tables["by_area_group"].cell(base.other_area.gss_code, "pilot")
    assert outside.structural and outside.value == 0 and str(outside) == "[z]"


@pytest.mark.parametrize("who", ["idva", "officer"])
def test_only_analysts_see_the_figures_page(base, staff_client, who):
    assert staff_client(getattr(base, who)).get("/staff/followups/figures/").status_code == 403


def test_the_figures_page_says_how_to_read_the_comparison(base, staff_client):
    with time_machine.travel(JULY):
        april = timezone.now() - datetime.timedelta(days=100)
        base.followup(occurred_at=april - datetime.timedelta(hours=1), visited_at=april)
        releases_publish_due(names=[TABLE_SET])
        page = staff_client(base.analyst).get("/staff/followups/figures/")
        text = page.content.decode()
        assert "April to June 2026" in text and "Information lost" in text
        assert "[z]" in text
        earlier = staff_client(base.analyst).get("/staff/followups/figures/?period=2026-Q1")
        assert "January to March 2026" in earlier.content.decode()
        both = staff_client(base.analyst).get("/staff/followups/figures/?period=all")
        assert "add up the released quarters" in both.content.decode()
    assert page.status_code == 200
    text = page.content.decode()
    assert "they do not prove that the follow-up caused a difference" in text
    assert "uses the police&#x27;s record in both" in text or "police's record in both" in text
