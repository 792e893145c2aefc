"""The dashboard's sections beyond incidents (decision 0054): referrals by kind of support and
time to accept, risk-level mix, referral flows between agencies, service coverage. Each is read
from its own released table set; counts are checked against synthetic records, small counts are
withheld on the page and in the file, filters choose published rows, a page view counts nothing,
and the reader-model check runs on every release."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import Counter

import numpy as np
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from harbour.accounts.factories import AgencyFactory
from harbour.accounts.roles import AgencyKind
from harbour.directory.choices import ServiceStatus
from harbour.directory.factories import ServiceFactory
from harbour.directory.published_tables import COVERAGE, coverage_counts
from harbour.insights.published_tables import INCIDENTS
from harbour.insights.tests.plan import FEBRUARY, JULY, KNOWSLEY, LIVERPOOL, MAY, SEFTON, THRESHOLD
from harbour.people.factories import person_make
from harbour.referrals.factories import referral_make
from harbour.referrals.published_tables import (
    ACCEPTED_1_2,
    ACCEPTED_3_7,
    ACCEPTED_SAME_DAY,
    DECLINED,
    FLOWS,
    NOT_RECORDED,
    REFERRALS,
    SELF,
    UNDECIDED,
    flow_counts,
    referral_counts,
)
from harbour.risk.factories import assessment_make
from harbour.risk.published_tables import LEVELS, level_counts
from harbour.statistics.models import Release
from harbour.statistics.periods import QUARTER
from harbour.statistics.releases import StoredRelease, releases_due, releases_publish_due
from harbour.statistics.suppression import protection_need
from harbour.statistics.tests.checker import reader_view

Q1 = QUARTER.containing(FEBRUARY.date())
Q2 = QUARTER.containing(MAY.date())
DAY = datetime.timedelta(days=1)
SETS = [INCIDENTS, REFERRALS, FLOWS, LEVELS, COVERAGE]

# Referrals sent in the first quarter: (area, need, sender, receiver, outcome, how many).
# Knowsley's 3 housing referrals from the police to the IDVA service are a small count, and so
# is the flow they make.
REFERRAL_PLAN = [
    (LIVERPOOL, "domestic-abuse", "police", "hub", ACCEPTED_SAME_DAY, 7),
    (LIVERPOOL, "domestic-abuse", "police", "hub", ACCEPTED_1_2, 5),
    (LIVERPOOL, "forced-marriage", "hub", "idva", ACCEPTED_3_7, 6),
    (LIVERPOOL, "domestic-abuse", "police", "hub", DECLINED, 6),
    (KNOWSLEY, "housing", "police", "idva", ACCEPTED_SAME_DAY, 3),
    (KNOWSLEY, "domestic-abuse", "hub", "idva", ACCEPTED_3_7, 8),
    (SEFTON, None, "self", "hub", UNDECIDED, 7),
    (SEFTON, "domestic-abuse", "hub", "idva", DECLINED, 6),
]
ACCEPT_AFTER = {ACCEPTED_SAME_DAY: 0, ACCEPTED_1_2: 2, ACCEPTED_3_7: 5}
# Risk assessments in the first quarter: Liverpool's 2 high-risk assessments are a small count.
RISK_PLAN = {
    LIVERPOOL: {"standard": 10, "medium": 6, "high": 2},
    KNOWSLEY: {"standard": 7, "medium": 0, "high": 8},
    SEFTON: {"standard": 0, "medium": 12, "high": 0},
}


def _get(client, url):
    with time_machine.travel(JULY):
        return client.get(url)


@pytest.fixture
def world(released):
    areas = {a.gss_code: a for a in released.areas}
    agencies = {
        "police": released.officer.agency,
        "hub": AgencyFactory(name="Victim care hub", kind=AgencyKind.VICTIM_CARE_HUB),
        "idva": AgencyFactory(name="IDVA service", kind=AgencyKind.IDVA_SERVICE),
    }
    people = {
        code: person_make(by=released.officer, local_authority=a) for code, a in areas.items()
    }
    for area, need, sender, receiver, outcome, n in REFERRAL_PLAN:
        for i in range(n):
            sent = FEBRUARY + datetime.timedelta(hours=i)
            referral_make(
                person=people[area],
                from_agency=None if sender == "self" else agencies[sender],
                to_agency=agencies[receiver],
                need=need,
                sent_at=sent,
                accepted_at=sent + ACCEPT_AFTER[outcome] * DAY if outcome in ACCEPT_AFTER else None,
                declined_at=sent + DAY if outcome == DECLINED else None,
            )
    # One referral in the second quarter, so that quarter has a release too.
    referral_make(person=people[LIVERPOOL], from_agency=agencies["police"],
                  to_agency=agencies["hub"], need="housing", sent_at=MAY)  # fmt: skip
    for area, levels in RISK_PLAN.items():
        for level, n in levels.items():
            for i in range(n):
                assessment_make(
                    person=people[area],
                    by=released.officer,
                    level=level,
                    assessed_at=FEBRUARY + datetime.timedelta(hours=i),
                )
    assessment_make(person=people[SEFTON], by=released.officer, level="high", assessed_at=MAY)
    everywhere = list(areas.values())
    ServiceFactory(needs=["domestic-abuse"], areas=everywhere)
    ServiceFactory(needs=["domestic-abuse", "housing"], areas=[areas[LIVERPOOL]])
    ServiceFactory(needs=["forced-marriage"], areas=[areas[KNOWSLEY]])  # under harmful practices
    ServiceFactory(
        needs=["sexual-violence"], areas=everywhere, status=ServiceStatus.DEFUNCT
    )  # closed: no coverage
    released.world = {"agencies": agencies, "people": people, "areas": areas}
    return released


@pytest.fixture
def published(world):
    with time_machine.travel(JULY):
        summary = releases_publish_due(names=SETS)
    assert not summary.failed, summary.failed
    return world


def _expected_referrals() -> Counter:
    expected: Counter = Counter()
    for area, need, _sender, _receiver, outcome, n in REFERRAL_PLAN:
        need = "harmful-practices" if need == "forced-marriage" else need or NOT_RECORDED
        expected[(area, need, outcome)] += n
    return expected


def test_the_referral_sets_count_the_quarters_referrals(world):
    assert referral_counts(Q1) == _expected_referrals()
    ids = {name: agency.public_id for name, agency in world.world["agencies"].items()}
    expected: Counter = Counter()
    for _area, _need, sender, receiver, _outcome, n in REFERRAL_PLAN:
        expected[(SELF if sender == "self" else ids[sender], ids[receiver])] += n
    assert flow_counts(Q1) == expected
    assert sum(referral_counts(Q2).values()) == sum(flow_counts(Q2).values()) == 1


def test_the_risk_set_counts_assessments_by_area_and_level(world):
    expected = Counter(
        {(area, level): n for area, levels in RISK_PLAN.items() for level, n in levels.items() if n}
    )
    assert level_counts(Q1) == expected
    assert level_counts(Q2) == Counter({(SEFTON, "high"): 1})


def test_coverage_counts_open_services_and_only_for_the_last_quarter_due(world):
    with time_machine.travel(JULY):
        assert coverage_counts(Q2) == Counter(
            {
                ("domestic-abuse", LIVERPOOL): 2,
                ("domestic-abuse", KNOWSLEY): 1,
                ("domestic-abuse", SEFTON): 1,
                ("housing", LIVERPOOL): 1,
                ("harmful-practices", KNOWSLEY): 1,
            }
        )
        assert [p.key for p in releases_due(name=COVERAGE)] == ["2026-Q2"]
        with pytest.raises(ValueError, match="only the last quarter due"):
            coverage_counts(Q1)


def test_each_set_is_released_per_quarter_with_small_counts_withheld(published):
    keys = {
        name: list(Release.objects.filter(table_set=name).values_list("period_key", flat=True))
        for name in SETS
    }
    assert keys[REFERRALS] == keys[FLOWS] == keys[LEVELS] == ["2026-Q1", "2026-Q2"]
    assert keys[COVERAGE] == ["2026-Q2"]  # the directory has no history to count earlier ones
    q1 = {
        name: StoredRelease(
            release=Release.objects.get(table_set=name, period_key="2026-Q1"),
            spec=None,
            period=None,
        ).protected_tables()
        for name in (REFERRALS, FLOWS, LEVELS)
    }
    assert str(q1[REFERRALS]["by_area_need"].cell(KNOWSLEY, "housing")) == "[c]"
    assert q1[REFERRALS]["by_area_need"].cell(LIVERPOOL, "domestic-abuse").value == 18
    assert str(q1[LEVELS]["by_area_level"].cell(LIVERPOOL, "high")) == "[c]"
    agencies = published.world["agencies"]
    police, idva = agencies["police"].public_id, agencies["idva"].public_id
    assert str(q1[FLOWS]["by_sender_receiver"].cell(police, idva)) == "[c]"


def _table(text: str, table_id: str) -> str:
    return text.split(f'id="{table_id}"')[1].split("</table>")[0]


def _column(table: str, index: int) -> list[str]:
    """The text of the ``index``-th data cell (after the row header) of each body row."""
    values = []
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S):
        cells = re.findall(r'govuk-table__cell--numeric"[^>]*>\s*(.*?)\s*</td>', row, re.S)
        if len(cells) > index:
            values.append(cells[index])
    return values


COUNT_COLUMNS = [  # (table, column) of every count on the page; shares and services apart
    ("referrals-by-need", 0),
    ("referrals-time-to-accept", 0),
    ("risk-by-level", 0),
    ("risk-by-area", 0),
    ("flows-received", 0),
]


def _small(values: list[str]) -> list[int]:
    numbers = [int(v.replace(",", "")) for v in values if v.replace(",", "").isdigit()]
    return [n for n in numbers if 0 < n < THRESHOLD]


@pytest.mark.parametrize("who", ["analyst", "commissioner"])
def test_the_sections_show_only_published_figures(published, staff_client, who):
    page = _get(staff_client(getattr(published, who)), "/staff/insights/?period=2026-Q1")
    assert page.status_code == 200
    text = page.content.decode()
    for table_id, column in COUNT_COLUMNS:
        values = _column(_table(text, table_id), column)
        assert values and not _small(values), table_id
    matrix = _table(text, "flows-matrix")
    assert not _small(re.findall(r'numeric"[^>]*>\s*([^<]*?)\s*</td>', matrix))
    assert "[c]" in matrix  # the police's 3 referrals to the IDVA service
    # Liverpool's high-risk share is withheld with its count; Sefton's are worked out.
    liverpool = _table(text, "risk-by-area").split("Liverpool")[1].split("</tr>")[0]
    assert liverpool.count("[c]") >= 2
    sefton = _table(text, "risk-by-area").split("Sefton")[1].split("</tr>")[0]
    assert re.findall(r'numeric"[^>]*>\s*([^<]*?)\s*</td>', sefton) == ["12", "0", "100", "0"]
    # Coverage is from the quarter just ended: not published for the first quarter.
    assert "Service coverage has not been published for this quarter" in text
    for chart_id in ("referrals-need-chart", "risk-level-chart", "flows-received-chart"):
        assert f'id="{chart_id}"' in text


def test_acceptance_and_time_to_accept_come_from_published_counts(published, staff_client):
    client = staff_client(published.analyst)
    text = _get(client, "/staff/insights/?period=2026-Q1").content.decode()
    acceptance = text.split('id="referrals-acceptance"')[1].split("</dl>")[0]
    # The region: 10 + 5 + 14 accepted, 12 declined: 29 of 41 decided, 71 %, and the median
    # (the 15th of 29) in the band "1 to 2 days".
    assert re.findall(r'__value">([^<]*)<', acceptance) == [
        "29",
        "12",
        "71%",
        "Accepted in 1 to 2 days",
    ]
    text = _get(client, f"/staff/insights/?period=2026-Q1&area={KNOWSLEY}").content.decode()
    acceptance = text.split('id="referrals-acceptance"')[1].split("</dl>")[0]
    # Knowsley's same-day count is withheld, so neither the total accepted nor the rate is shown.
    assert re.findall(r'__value">([^<]*)<', acceptance) == ["[c]", "0", "[c]", "[c]"]
    text = _get(client, f"/staff/insights/?period=2026-Q1&area={SEFTON}").content.decode()
    acceptance = text.split('id="referrals-acceptance"')[1].split("</dl>")[0]
    # Sefton: none accepted, 6 declined: fewer than 10 decided, so no rate.
    assert re.findall(r'__value">([^<]*)<', acceptance) == ["0", "6", "[c]", "[c]"]


def test_coverage_gaps_are_said_in_words(published, staff_client):
    text = _get(staff_client(published.analyst), "/staff/insights/").content.decode()
    gaps = text.split('id="coverage-gaps"')[1].split("</div>\n</div>")[0]
    assert "for Rape and sexual assault in Knowsley, Liverpool, Sefton" in gaps
    assert "for Housing and a safe place to live in Knowsley, Sefton" in gaps
    table = _table(text, "coverage-table")
    assert table.count("None: a gap") >= 5 and "govuk-tag" in table
    text = _get(staff_client(published.analyst), f"/staff/insights/?area={KNOWSLEY}").content
    assert "Services in Knowsley, for each kind of support" in text.decode()


def test_the_area_filter_picks_published_rows(published, staff_client):
    client = staff_client(published.analyst)
    text = _get(client, f"/staff/insights/?period=2026-Q1&area={KNOWSLEY}").content.decode()
    assert "Referrals in Knowsley, by kind of support" in text
    assert "Risk assessments in Knowsley, by level" in text
    by_need = _table(text, "referrals-by-need")
    assert "Housing" in by_need and "[c]" in by_need
    assert _column(_table(text, "risk-by-level"), 0) == ["[c]", "0", "[c]", "15"]
    assert "risk-by-area" not in text
    assert "published for the whole region only" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [("area=E99999999", "Choose an area from the list"), ("period=1999-Q1", "Choose a quarter")],
)
def test_an_unknown_filter_is_refused(published, staff_client, query, message):
    page = _get(staff_client(published.analyst), f"/staff/insights/?{query}")
    assert page.status_code == 400 and message in page.content.decode()
    assert (
        _get(staff_client(published.analyst), f"/staff/insights/incidents.csv?{query}").status_code
        == 400
    )


def test_a_page_view_reads_no_record_and_a_late_record_changes_nothing(published, staff_client):
    client = staff_client(published.analyst)
    url = f"/staff/insights/?period=2026-Q1&area={LIVERPOOL}"
    _get(client, url)  # the session and the user, read once before counting
    with CaptureQueriesContext(connection) as queries:
        before = _get(client, url).content
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    for raw in ("referrals_referral", "risk_assessment", "directory_service", "incidents_incident"):
        assert f'"{raw}"' not in tables, raw
    people, agencies = published.world["people"], published.world["agencies"]
    for i in range(3):  # late records for the released quarter
        late = FEBRUARY + (i + 1) * DAY
        referral_make(
            person=people[LIVERPOOL],
            from_agency=agencies["police"],
            to_agency=agencies["hub"],
            need="domestic-abuse",
            sent_at=late,
            accepted_at=late,
        )
        assessment_make(
            person=people[LIVERPOOL], by=published.officer, level="high", assessed_at=late
        )
    ServiceFactory(needs=["sexual-violence"], areas=[published.world["areas"][LIVERPOOL]])
    after = _get(client, url).content
    for table_id in ("referrals-by-need", "referrals-acceptance", "risk-by-level", "flows-matrix"):
        pattern = re.compile(rf'id="{table_id}".*?</(table|dl)>'.encode(), re.S)
        assert pattern.search(before).group() == pattern.search(after).group(), table_id


def _csv_counts(rows: list[list[str]]) -> list[str]:
    """Every count in the sections' part of the file (shares, rates and services apart): the
    columns headed "Referrals" or "Assessments", and every figure of the flows table."""
    values: list[str] = []
    columns: list[int] = []
    width = 0
    for row in rows:
        if row[:1] == ["Referred by"]:
            columns, width = list(range(1, len(row))), len(row)
        elif "Referrals" in row or "Assessments" in row:
            columns = [i for i, name in enumerate(row) if name in ("Referrals", "Assessments")]
            width = len(row)
        elif len(row) != width:
            columns, width = [], 0
        else:
            values.extend(row[i] for i in columns)
    return values


@pytest.mark.parametrize("area", ["", KNOWSLEY, LIVERPOOL])
def test_the_csv_has_the_sections_and_no_small_count(published, staff_client, area):
    query = "period=2026-Q1" + (f"&area={area}" if area else "")
    response = _get(staff_client(published.analyst), f"/staff/insights/incidents.csv?{query}")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    flat = [cell for row in rows for cell in row]
    for title in ("Referrals by area, kind of support and outcome", "Referrals between agencies",
                  "Risk assessments by area and level"):  # fmt: skip
        assert title in flat
    counts = _csv_counts(rows)
    assert len(counts) > 30 and not _small(counts)
    assert "[c]" in counts
    assert any(row[1:] == ["Acceptance rate", "71", "%"] for row in rows) or area


def test_open_data_shows_the_sections_tables(published, client):
    with time_machine.travel(JULY):
        page = client.get("/open-data/")
        response = client.get("/open-data/incidents.csv")
    assert page.status_code == 200
    text = page.content.decode()
    for title in (
        "Referrals by area and kind of support",
        "Referrals between agencies",
        "Risk assessments by area and level",
        "Open services by kind of support and area",
    ):
        assert title in text
    body = response.content.decode()
    assert "Referrals between agencies" in body and "Open services by kind of support" in body


@pytest.mark.parametrize("name", [REFERRALS, FLOWS, LEVELS, COVERAGE])
def test_a_reader_of_every_section_release_learns_no_small_count(published, name):
    releases = Release.objects.filter(table_set=name)
    assert releases.exists()
    for release in releases:
        stored = StoredRelease(release=release, spec=None, period=None)
        dimensions = stored.dimensions
        shape = tuple(d.size for d in dimensions)
        counts = np.array(release.true_counts.counts, dtype=np.int64).reshape(shape)
        view = reader_view(
            counts,
            stored.protected_tables().values(),
            [d.name for d in dimensions],
            zeros_shown=not stored.rules.suppress_zeros,
            all_withheld=release.all_withheld,
        )
        assert view.derivable() == set()
        assert view.narrower_than(protection_need(stored.rules)) == set(), release
        assert view.pinned() == set()
