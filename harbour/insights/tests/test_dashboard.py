"""The region dashboard: figures from stored releases only, small counts withheld on the page
and in the file, filters that choose among published tables, analysts and commissioners only."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import Counter

import numpy as np
import pytest
import time_machine
from django.db.models import Count

from harbour.incidents.models import Incident
from harbour.insights.published_tables import INCIDENTS, incident_counts
from harbour.insights.tests.plan import (
    FEBRUARY,
    JULY,
    KNOWSLEY,
    LIVERPOOL,
    POLICE,
    THRESHOLD,
)
from harbour.statistics.models import Release
from harbour.statistics.periods import QUARTER
from harbour.statistics.releases import StoredRelease, releases_current, releases_publish_due
from harbour.statistics.suppression import protection_need
from harbour.statistics.tests.checker import reader_view


def _numbers(text: str) -> list[int]:
    cells = re.findall(r'govuk-table__cell--numeric">\s*([^<]*?)\s*<', text)
    return [int(value) for value in cells if value.isdigit()]


def _get(client, url):
    with time_machine.travel(JULY):
        return client.get(url)


def test_a_release_counts_from_the_summary_what_a_raw_group_by_counts(released):
    period = QUARTER.containing(datetime.date(2026, 2, 1))
    raw = Counter(
        {
            (row["local_authority__gss_code"], row["kind"]): row["n"]
            for row in Incident.objects.filter(
                occurred_at__gte=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
                occurred_at__lt=datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC),
            )
            .values("local_authority__gss_code", "kind")
            .annotate(n=Count("id"))
        }
    )
    assert incident_counts(period) == raw
    assert raw[(KNOWSLEY, POLICE)] == 2


def test_each_quarter_is_released_once_with_the_small_count_withheld(released):
    with time_machine.travel(JULY):
        releases_publish_due(names=[INCIDENTS])  # nothing more is due
    releases = releases_current(name=INCIDENTS)
    assert [r.key for r in releases] == ["2026-Q1", "2026-Q2"]
    assert Release.objects.filter(table_set=INCIDENTS).count() == 2
    tables = releases[0].protected_tables()
    small = tables["by_area_kind"].cell(KNOWSLEY, POLICE)
    assert small.value is None and str(small) == "[c]"
    assert tables["by_area_kind"].cell(LIVERPOOL, POLICE).value == 12


@pytest.mark.parametrize("who", ["analyst", "commissioner"])
def test_analysts_and_commissioners_see_only_published_figures(released, staff_client, who):
    page = _get(staff_client(getattr(released, who)), "/staff/insights/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "April to June 2026" in text and "Information lost" in text
    numbers = _numbers(text)
    assert numbers and all(n == 0 or n >= THRESHOLD for n in numbers)
    assert "[c]" in text
    # The page reads its charts' figures from the same cells as its tables.
    assert 'id="kind-chart"' in text and 'id="trend-chart"' in text


def test_a_caseworker_is_refused_the_dashboard(released, staff_client):
    assert _get(staff_client(released.officer), "/staff/insights/").status_code == 403
    assert _get(staff_client(released.officer), "/staff/insights/incidents.csv").status_code == 403


def test_the_area_filter_picks_a_row_of_a_published_table(released, staff_client):
    client = staff_client(released.analyst)
    page = _get(client, f"/staff/insights/?period=2026-Q1&area={KNOWSLEY}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Incidents in Knowsley, by kind" in text
    by_kind = text.split('id="by-kind"')[1].split("</table>")[0]
    assert "[c]" in by_kind  # her area's two police incidents stay withheld
    assert all(n == 0 or n >= THRESHOLD for n in _numbers(text))


def test_a_page_view_counts_nothing(released, staff_client):
    client = staff_client(released.analyst)
    before = _get(client, f"/staff/insights/?period=2026-Q1&area={LIVERPOOL}").content
    for i in range(3):  # late records for the released quarter
        released.incident(occurred_at=FEBRUARY + datetime.timedelta(days=1, hours=i))
    after = _get(client, f"/staff/insights/?period=2026-Q1&area={LIVERPOOL}").content
    table = re.compile(rb'id="by-kind".*?</table>', re.S)
    assert table.search(before).group() == table.search(after).group()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("area=E99999999", "Choose an area from the list"),
        ("period=2031-Q9", "Choose a quarter from the list"),
    ],
)
def test_an_unknown_filter_is_an_error_naming_it(released, staff_client, query, message):
    page = _get(staff_client(released.analyst), f"/staff/insights/?{query}")
    assert page.status_code == 400
    text = page.content.decode()
    assert "<title>Error:" in text and message in text
    field = query.split("=")[0]
    assert f'href="#{field}"' in text and f'id="{field}-error"' in text
    csv_file = _get(staff_client(released.analyst), f"/staff/insights/incidents.csv?{query}")
    assert csv_file.status_code == 400


@pytest.mark.parametrize("area", ["", KNOWSLEY])
def test_the_csv_has_no_non_zero_count_below_the_threshold(released, staff_client, area):
    query = "period=2026-Q1" + (f"&area={area}" if area else "")
    response = _get(staff_client(released.analyst), f"/staff/insights/incidents.csv?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Figures" and ["Period", "January to March 2026"] in rows
    figures = [row[-1] for row in rows if len(row) >= 2 and row[0] not in ("Figures", "Period")]
    numbers = [int(value) for value in figures if value.isdigit()]
    assert numbers and all(n == 0 or n >= THRESHOLD for n in numbers)
    if area:  # her area's two police incidents stay withheld
        assert "[c]" in figures and ["Knowsley", "Police-recorded incident", "[c]"] in rows


def test_no_figures_yet(base, staff_client):
    page = _get(staff_client(base.analyst), "/staff/insights/")
    assert page.status_code == 200
    assert "No figures have been published yet" in page.content.decode()


def test_a_reader_of_every_dashboard_release_learns_no_small_count(released):
    """The reader-model check of the releases (harbour.statistics.tests.checker): from all the
    tables of each release, no withheld cell is derivable or confined to fewer values than the
    promise."""
    for release in Release.objects.filter(table_set=INCIDENTS):
        stored = StoredRelease(release=release, spec=None, period=None)
        dimensions = stored.dimensions
        shape = tuple(d.size for d in dimensions)
        counts = np.array(release.true_counts.counts, dtype=np.int64).reshape(shape)
        structural = np.array(release.true_counts.structural, dtype=bool).reshape(shape)
        view = reader_view(
            counts,
            stored.protected_tables().values(),
            [d.name for d in dimensions],
            zeros_shown=not stored.rules.suppress_zeros,
            all_withheld=release.all_withheld,
            structural=structural,
        )
        assert view.derivable() == set()
        assert view.narrower_than(protection_need(stored.rules)) == set(), release
        assert view.pinned() == set()
