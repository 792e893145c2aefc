"""The dashboard's MARAC, follow-up and action-plan sections: every figure is a stored release's
cell, or worked out from published cells and withheld with them; filters pick published rows;
a page view counts nothing; the file has the same figures."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import re
from decimal import Decimal

import pytest
import time_machine

from harbour.action_plan.models import Direction, Indicator, Objective, Theme
from harbour.followups.figures import TABLE_SET as FOLLOWUPS
from harbour.insights.dashboard import dashboard_for
from harbour.insights.tests.plan import JULY, KNOWSLEY, LIVERPOOL, SEFTON, THRESHOLD
from harbour.insights.tests.test_dashboard import _numbers
from harbour.marac.published_tables import NAME as MARAC
from harbour.marac.published_tables import REPORTING_YEAR
from harbour.regions.models import LocalAuthority
from harbour.statistics.derived import ratio, share
from harbour.statistics.periods import QUARTER
from harbour.statistics.rates import rates_per_10000
from harbour.statistics.registry import TableSetRegistry, table_sets
from harbour.statistics.releases import release_make, releases_current
from harbour.statistics.rules import Reason
from harbour.statistics.tables import TOTAL

WOMEN = {LIVERPOOL: 200_000, KNOWSLEY: 60_000, SEFTON: 110_000}

# MARAC cases heard by reporting year (October to September): (not repeats, repeats). Knowsley's
# 2 repeats in the later year are a small count.
MARAC_PLAN = {
    datetime.date(2023, 10, 1): {LIVERPOOL: (30, 12), KNOWSLEY: (8, 6), SEFTON: (15, 6)},
    datetime.date(2024, 10, 1): {LIVERPOOL: (35, 14), KNOWSLEY: (9, 2), SEFTON: (16, 7)},
}
# Follow-ups by quarter, in the pilot areas (Liverpool, Knowsley): (within 24 hours, later, not
# visited); Sefton has incidents without a follow-up. Knowsley's 3 not visited in the first
# quarter are a small count.
FOLLOWUP_PLAN = {
    datetime.date(2026, 1, 1): {LIVERPOOL: (30, 10, 8), KNOWSLEY: (20, 6, 3)},
    datetime.date(2026, 4, 1): {LIVERPOOL: (28, 12, 6), KNOWSLEY: (25, 5, 5)},
}
SEFTON_INCIDENTS = 25


def _marac_counts(period):
    plan = MARAC_PLAN[period.start]
    counts = {}
    for area, (first, repeat) in plan.items():
        counts[(area, "first")] = first
        counts[(area, "repeat")] = repeat
    return counts


def _followup_counts(period):
    counts = {}
    for area, (within, later, not_visited) in FOLLOWUP_PLAN[period.start].items():
        for visit, n in (("within", within), ("later", later), ("not_visited", not_visited)):
            counts[(area, "pilot", visit, "yes", "yes", "yes")] = n
    counts[(SEFTON, "comparison", "none", "none", "yes", "yes")] = SEFTON_INCIDENTS
    return counts


def _followup_zeros(period):
    def is_zero(keys):
        if keys["group"] == "comparison":
            return keys["visit"] != "none" or keys["decision"] != "none"
        return keys["visit"] == "none" or keys["area"] not in (LIVERPOOL, KNOWSLEY)

    return is_zero


@pytest.fixture
def sections(released):
    """The incidents' quarters (``released``), and releases of the MARAC and follow-up sets made
    by their own specs from planned counts (what they count is their apps' tests' business)."""
    for code, women in WOMEN.items():
        LocalAuthority.objects.filter(gss_code=code).update(women_16_plus=women)
    registry = TableSetRegistry()
    registry.register(dataclasses.replace(table_sets.get(MARAC), counts=_marac_counts))
    registry.register(
        dataclasses.replace(
            table_sets.get(FOLLOWUPS), counts=_followup_counts, structural_zeros=_followup_zeros
        )
    )
    with time_machine.travel(JULY):
        for start in MARAC_PLAN:
            release_make(name=MARAC, period=REPORTING_YEAR.containing(start), registry=registry)
        for start in FOLLOWUP_PLAN:
            release_make(name=FOLLOWUPS, period=QUARTER.containing(start), registry=registry)
    objective = Objective.objects.create(theme=Theme.PROVISION, number=1, title="The same help")
    for title, table_set, measure, target, direction in [
        ("MARAC volume", MARAC, "marac.cases_per_10000", "2", Direction.AT_LEAST),
        ("MARAC repeats", MARAC, "marac.repeat_rate", "25", Direction.AT_MOST),
        ("Follow-ups on time", FOLLOWUPS, "followups.within_24_hours", "70", Direction.AT_LEAST),
        ("Named only", MARAC, "", None, Direction.AT_LEAST),
    ]:
        Indicator.objects.create(
            objective=objective,
            title=title,
            table_set=table_set,
            measure=measure,
            target=Decimal(target) if target else None,
            direction=direction,
        )
    return released


def _page(**filters):
    with time_machine.travel(JULY):
        return dashboard_for(with_sections=True, **filters)


def _get(client, url):
    with time_machine.travel(JULY):
        return client.get(url)


def _table(text: str, table_id: str) -> str:
    return text.split(f'id="{table_id}"')[1].split("</table>")[0]


def test_marac_rates_are_worked_out_from_the_released_cells(sections):
    latest = releases_current(name=MARAC)[-1]
    tables = latest.protected_tables()
    cases, split = tables["by_area"], tables["by_area_repeat"]
    rates = rates_per_10000(counts=cases, denominators=WOMEN, dimension="area")
    section = _page().marac
    assert section.caption == "October 2024 to September 2025" == latest.label
    assert [row.code for row in section.rows] == [KNOWSLEY, LIVERPOOL, SEFTON, ""]
    for row in section.rows:
        key = row.code or TOTAL
        assert row.figures.cases == cases.cell(key)
        assert row.figures.rate == rates.cell(key)
        assert row.figures.repeats == split.cell(key, "repeat")
        expected = ratio(split.cell(key, "repeat"), cases.cell(key), rules=cases.rules, per=100)
        assert row.figures.repeat_rate == expected
    liverpool = next(row.figures for row in section.rows if row.code == LIVERPOOL)
    # 49 cases among 200,000 women: 2.45 per 10,000, to one decimal 2.5; 14 of 49 repeats: 28.6 %.
    assert liverpool.rate.value == Decimal("2.5")
    assert liverpool.repeat_rate.value == Decimal("28.6")


def test_a_withheld_count_gives_a_withheld_rate(sections):
    section = _page().marac
    knowsley = next(row.figures for row in section.rows if row.code == KNOWSLEY)
    assert knowsley.repeats.value is None  # 2 repeats: a small count
    assert knowsley.repeat_rate.value is None and knowsley.repeat_rate.reason == Reason.RATE
    for row in section.rows:
        if row.figures.cases.value is None:
            assert row.figures.rate.value is None and row.figures.repeat_rate.value is None
        if row.figures.repeats.value is None:
            assert row.figures.repeat_rate.value is None
    followups = _page(period="2026-Q1").followups
    knowsley = next(row for row in followups.rows if row.code == KNOWSLEY)
    assert knowsley.not_visited.value is None  # 3 not visited
    assert knowsley.within_share.value is None and knowsley.within_share.reason == Reason.RATE


def test_follow_up_shares_are_the_quarters_published_cells(sections):
    for key in ("2026-Q1", "2026-Q2"):
        release = next(r for r in releases_current(name=FOLLOWUPS) if r.key == key)
        visits = release.protected_tables()["by_area_visit"]
        section = _page(period=key).followups
        assert section.release.key == key
        # Sefton has no follow-up: like is compared with like, so it is not shown.
        assert [row.code for row in section.rows] == [KNOWSLEY, LIVERPOOL, ""]
        for row in section.rows:
            area = row.code or TOTAL
            cells = [visits.cell(area, v) for v in ("within", "later", "not_visited")]
            assert [row.within, row.later, row.not_visited] == cells
            assert row.within_share == share(cells[0], cells, rules=visits.rules)
    liverpool = next(row for row in section.rows if row.code == LIVERPOOL)
    assert liverpool.within_share.value == Decimal(61)  # 28 of 46
    assert [row.label for row in section.trend] == ["January to March 2026", "April to June 2026"]


def test_the_area_filter_picks_published_rows(sections, staff_client):
    page = _page(period="2026-Q1", area=KNOWSLEY)
    assert [row.year for row in page.marac.rows] == [
        "October 2023 to September 2024",
        "October 2024 to September 2025",
    ]
    assert all(row.code == KNOWSLEY for row in page.marac.rows)
    assert [row.code for row in page.followups.rows] == [KNOWSLEY]
    assert len(page.followups.trend) == 2
    sefton = _page(area=SEFTON).followups
    assert sefton.rows == [] and sefton.trend == [] and not sefton.area_in_pilot
    text = _get(staff_client(sections.analyst), f"/staff/insights/?area={SEFTON}").content
    assert "Sefton had no 24-hour follow-up in this quarter." in text.decode()


def test_an_unknown_area_is_an_error_and_the_sections_show_the_region(sections, staff_client):
    response = _get(staff_client(sections.analyst), "/staff/insights/?area=E99999999")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Choose an area from the list" in text and "MARAC cases by area" in text


def test_the_page_shows_the_sections_with_no_small_count(sections, staff_client):
    response = _get(staff_client(sections.commissioner), "/staff/insights/?period=2026-Q1")
    assert response.status_code == 200
    text = response.content.decode()
    for table_id in ("marac-rates", "marac-repeats", "followups-by-area", "indicators-table"):
        assert f'id="{table_id}"' in text
    for chart_id in ("marac-rate-chart", "marac-repeat-chart", "followups-area-chart"):
        assert f'id="{chart_id}"' in text
    numbers = _numbers(text)
    assert numbers and all(n == 0 or n >= THRESHOLD for n in numbers)
    repeats = _table(text, "marac-repeats")
    knowsley = repeats.split("Knowsley")[1].split("</tr>")[0]
    assert knowsley.count("[c]") == 2  # repeats and the repeat rate
    assert "40" in _table(text, "marac-rates")  # SafeLives' recommended volume beside


def test_indicators_show_the_latest_published_figure_beside_the_target(sections, staff_client):
    rows = {row.label: row for row in _page().indicators.rows}
    assert set(rows) == {"MARAC volume", "MARAC repeats", "Follow-ups on time"}
    volume = rows["MARAC volume"]
    assert volume.period == "October 2024 to September 2025"
    assert volume.value.value == Decimal("2.2")  # 83 cases among 370,000 women
    assert volume.on_track is True and volume.status == "On track"
    repeats = rows["MARAC repeats"]  # 23 of 83: 27.7 %, more than at most 25
    assert repeats.value.value == Decimal("27.7") and repeats.on_track is False
    on_time = rows["Follow-ups on time"]  # the latest quarter: 53 of 81 within 24 hours, 65 %
    assert on_time.period == "April to June 2026"
    assert on_time.value.value == Decimal(65) and on_time.on_track is False
    knowsley = {row.label: row for row in _page(area=KNOWSLEY).indicators.rows}
    assert knowsley["MARAC repeats"].value.value is None
    assert knowsley["MARAC repeats"].on_track is None
    assert knowsley["MARAC repeats"].status == "Not known: the figure is withheld"
    sefton = {row.label: row for row in _page(area=SEFTON).indicators.rows}
    assert sefton["Follow-ups on time"].value is None
    assert sefton["Follow-ups on time"].status == "No figure published"
    text = _get(staff_client(sections.analyst), "/staff/insights/").content.decode()
    table = _table(text, "indicators-table")
    assert "On track" in table and "Not on track" in table and "at most 25" in table


def test_a_page_view_counts_nothing(sections, staff_client, monkeypatch):
    def counting(*args, **kwargs):
        raise AssertionError("a page view counted records")

    for name in (MARAC, FOLLOWUPS):
        spec = dataclasses.replace(table_sets.get(name), counts=counting)
        monkeypatch.setitem(table_sets._sets, name, spec)
    client = staff_client(sections.analyst)
    for url in ("/staff/insights/", f"/staff/insights/incidents.csv?area={KNOWSLEY}"):
        assert _get(client, url).status_code == 200


def test_the_file_has_the_sections_figures_as_published(sections, staff_client):
    response = _get(staff_client(sections.analyst), "/staff/insights/incidents.csv?period=2026-Q1")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["MARAC cases heard, per 10,000 women aged 16 and over"] in rows
    assert ["Follow-ups done within 24 hours"] in rows and ["Action plan indicators"] in rows
    knowsley = next(r for r in rows if r[:2] == ["October 2024 to September 2025", "Knowsley"])
    assert knowsley[6:8] == ["[c]", "[c]"] and knowsley[5] == "40"
    liverpool = next(r for r in rows if r[:2] == ["January to March 2026", "Liverpool"])
    release = next(r for r in releases_current(name=FOLLOWUPS) if r.key == "2026-Q1")
    visits = release.protected_tables()["by_area_visit"]
    cells = [visits.cell(LIVERPOOL, v) for v in ("within", "later", "not_visited")]
    assert liverpool[2:5] == [str(cell) for cell in cells]
    assert liverpool[2] == "30" and liverpool[5] == str(share(cells[0], cells, rules=visits.rules))
    # Every MARAC year's and the follow-up quarters' release says what it is, in the file too.
    assert ["Period", "October 2023 to September 2024"] in rows
    assert ["Period", "April to June 2026"] in rows
    periods = re.compile(r"(October|January|April) .* 20\d\d")
    figures = [row for row in rows if row and periods.fullmatch(row[0]) and len(row) > 4]
    counts = [
        int(value)
        for row in figures
        for value in row[2:]
        if re.fullmatch(r"\d+", value) and value not in ("40", "31")
    ]
    assert counts and all(n == 0 or n >= THRESHOLD for n in counts)
