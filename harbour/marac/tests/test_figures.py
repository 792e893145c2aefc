"""MARAC figures: cases heard a year per 10,000 women aged 16 and over and the repeat rate, by
area, for completed reporting years only, through the statistics app's disclosure control; the
page for coordinators and analysts and its CSV download (formula-safe, logged)."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
import time_machine

from harbour.audit.models import AccessLogEntry, Action
from harbour.marac.choices import Criterion, HearingOutcome, Origin, ReferralStatus
from harbour.marac.figures import figures_csv, marac_figures
from harbour.marac.models import Hearing, MaracReferral, Meeting
from harbour.marac.published_tables import NAME, REPORTING_YEAR, marac_releases
from harbour.marac.rules import LONDON
from harbour.people.factories import person_make
from harbour.statistics.models import Release
from harbour.statistics.releases import releases_publish_due, revision_consider
from harbour.statistics.rules import Reason
from harbour.statistics.tables import TOTAL

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=LONDON)
IN_LAST_YEAR = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=LONDON)  # October 2025 to Sept 2026
IN_YEAR_BEFORE = datetime.datetime(2025, 2, 5, 10, 0, tzinfo=LONDON)
THIS_YEAR = datetime.datetime(2026, 10, 14, 10, 0, tzinfo=LONDON)  # not yet complete


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


def heard(world, *, area, when, repeats=0, others=0, outcome=HearingOutcome.NO_ACTIONS):
    """Cases of ``area`` heard at a meeting at ``when`` (arranged directly: what is counted is
    under test here, not how a case gets heard)."""
    marac = world.marac if area == world.area else world.far_marac
    meeting, _created = Meeting.objects.get_or_create(
        marac=marac, starts_at=when, defaults={"capacity": 30}
    )
    for n, repeat in enumerate([True] * repeats + [False] * others):
        referral = MaracReferral.objects.create(
            person=person_make(by=world.officer, local_authority=area),
            local_authority=area,
            marac=marac,
            origin=Origin.AUTOMATIC,
            referred_by_agency=world.police,
            referred_at=when - datetime.timedelta(days=10),
            criteria=[Criterion.REPEAT if repeat else Criterion.HIGH_RISK],
            is_repeat=repeat,
            status=ReferralStatus.CLOSED,
        )
        Hearing.objects.create(meeting=meeting, referral=referral, position=n + 1, outcome=outcome)


def publish():
    """Make the releases that are due, as the daily task does."""
    return releases_publish_due(names=[NAME])


def by_area(figures, year_index=-1):
    return {row.name if row.code else "total": row for row in figures.years[year_index].areas}


def test_rates_are_per_10000_women_aged_16_and_over_of_each_area(world):
    heard(world, area=world.area, when=IN_LAST_YEAR, repeats=5, others=7)
    heard(world, area=world.far, when=IN_LAST_YEAR, others=6)
    publish()
    figures = marac_figures()
    assert [y.label for y in figures.years] == ["October 2025 to September 2026"]
    rows = by_area(figures)
    liverpool, halton, total = rows["Liverpool"], rows["Halton"], rows["total"]
    assert (liverpool.cases.value, halton.cases.value, total.cases.value) == (12, 6, 18)
    # 12 cases among 200,000 women: 0.6; 18 among 250,000: 0.72. Halton's 6 cases are fewer
    # than the 10 a rate needs behind it: its rates are withheld though its count is shown.
    assert liverpool.rate.value == Decimal("0.6")
    assert halton.rate.value is None and halton.rate.reason == Reason.RATE
    assert total.rate.value == Decimal("0.7")
    assert liverpool.repeats.value == 5 and halton.repeats.value == 0
    assert liverpool.repeat_rate.value == Decimal("41.7")
    assert halton.repeat_rate.value is None
    assert total.repeat_rate.value == Decimal("27.8")


def test_small_counts_are_withheld_with_their_rates_and_cannot_be_worked_out(world):
    heard(world, area=world.area, when=IN_LAST_YEAR, repeats=6, others=9)
    heard(world, area=world.far, when=IN_LAST_YEAR, repeats=1, others=2)
    publish()
    rows = by_area(marac_figures())
    halton = rows["Halton"]
    assert halton.cases.value is None and halton.cases.marker == "[c]"
    assert halton.rate.value is None and halton.rate.reason == Reason.RATE
    assert halton.repeats.value is None and halton.repeat_rate.value is None
    # Secondary suppression: Halton's 3 cannot be had from Liverpool's count and the total.
    liverpool, total = rows["Liverpool"], rows["total"]
    assert liverpool.cases.value is None or total.cases.value is None
    text = figures_csv(marac_figures())
    for line in csv.reader(io.StringIO(text)):
        if len(line) > 1 and line[1] == "Halton":
            assert line[3:5] == ["[c]", "[c]"]


def test_only_completed_years_are_published_and_adjourned_cases_are_not_counted(world):
    heard(world, area=world.area, when=IN_YEAR_BEFORE, others=5)
    heard(world, area=world.area, when=IN_LAST_YEAR, others=5)
    heard(world, area=world.area, when=THIS_YEAR, others=8)
    heard(
        world,
        area=world.area,
        when=IN_LAST_YEAR + datetime.timedelta(days=7),
        others=4,
        outcome=HearingOutcome.ADJOURNED,
    )
    publish()
    figures = marac_figures()
    assert [y.key for y in figures.years] == ["2024-25", "2025-26"]
    assert [by_area(figures, i)["Liverpool"].cases.value for i in (0, 1)] == [5, 5]
    totals = [r.protected_tables()["by_area"].cell(TOTAL).value for r in marac_releases()]
    assert totals == [5, 5]


def test_no_figures_before_a_case_is_heard_in_a_completed_year(world):
    heard(world, area=world.area, when=THIS_YEAR, others=6)
    publish()
    assert marac_figures().years == []
    assert not Release.objects.exists()


def test_the_csv_is_safe_to_open_in_a_spreadsheet(world):
    world.area.name = '=HYPERLINK("http://example.org","Liverpool")'
    world.area.save(update_fields=["name"])
    heard(world, area=world.area, when=IN_LAST_YEAR, repeats=5, others=7)
    publish()
    rows = list(csv.reader(io.StringIO(figures_csv(marac_figures()))))
    assert rows[0] == ["Figures", "MARAC cases heard"]
    assert rows[1] == ["Period", "October 2025 to September 2026"]
    assert rows[2] == ["Published", "25 November 2026"]
    header = rows.index(next(r for r in rows if r and r[0] == "Year"))
    names = [row[1] for row in rows[header + 1 :] if len(row) > 1]
    assert '\'=HYPERLINK("http://example.org","Liverpool")' in names
    assert not any(cell.startswith("=") for row in rows for cell in row)
    assert rows[header][5:7] == ["Benchmark per 10,000", "National per 10,000"]
    assert rows[header + 1][5:7] == ["40", "47"] and rows[header + 1][9] == "31"


@pytest.mark.parametrize("who", ["coordinator", "analyst"])
def test_coordinators_and_analysts_read_and_download_the_figures(world, staff_client, who):
    heard(world, area=world.area, when=IN_LAST_YEAR, repeats=5, others=7)
    publish()
    client = staff_client(getattr(world, who))
    page = client.get("/staff/marac/figures/")
    assert page.status_code == 200
    assert "October 2025 to September 2026" in page.content.decode()
    assert "47" in page.content.decode() and "31%" in page.content.decode()
    refused = client.post("/staff/marac/figures/", {"reason": ""})
    assert refused.status_code == 400
    assert "Say why you are downloading the figures" in refused.content.decode()
    download = client.post("/staff/marac/figures/", {"reason": "Quarterly board report"})
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    entry = AccessLogEntry.objects.get(action=Action.EXPORT, record_type="marac.figures")
    assert entry.reason_ref.text == "Quarterly board report"  # in the reason store
    assert "Quarterly" not in entry.reason
    assert entry.user == getattr(world, who)


@pytest.mark.parametrize("who", ["officer", "outsider"])
def test_other_roles_are_refused_the_figures(world, staff_client, who):
    response = staff_client(getattr(world, who)).get("/staff/marac/figures/")
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(
        user=getattr(world, who), action=Action.DENIED, record_id="marac:figures"
    ).exists()


def test_a_page_view_shows_the_release_and_never_recounts(world, staff_client):
    heard(world, area=world.area, when=IN_LAST_YEAR, repeats=5, others=7)
    publish()
    client = staff_client(world.coordinator)
    before = client.get("/staff/marac/figures/").content.decode()
    # An outcome recorded late for the finished year: the published year does not move.
    heard(world, area=world.area, when=IN_LAST_YEAR, others=1)
    after = client.get("/staff/marac/figures/").content.decode()
    assert by_area(marac_figures())["Liverpool"].cases.value == 12
    assert "Published" in after and "25 November 2026" in after
    assert before.count(">12<") == after.count(">12<") >= 1
    assert Release.objects.count() == 1


def test_a_late_case_appears_only_in_a_revision_once_the_change_is_safe(world, staff_client):
    heard(world, area=world.area, when=IN_LAST_YEAR, repeats=5, others=7)
    heard(world, area=world.far, when=IN_LAST_YEAR, others=9)
    publish()
    year = REPORTING_YEAR.containing(IN_LAST_YEAR.date())
    heard(world, area=world.area, when=IN_LAST_YEAR, others=1)  # heard, recorded late
    held = revision_consider(name=NAME, period=year, force=True)
    assert held.status == "held back" and "fewer than 5" in held.why
    assert by_area(marac_figures())["Liverpool"].cases.value == 12
    heard(world, area=world.area, when=IN_LAST_YEAR, others=4)  # five late cases in all
    revised = revision_consider(
        name=NAME, period=year, force=True, reason="Outcomes recorded after the year closed."
    )
    assert revised.status == "published"
    figures = marac_figures()
    assert by_area(figures)["Liverpool"].cases.value == 17
    page = staff_client(world.coordinator).get("/staff/marac/figures/").content.decode()
    assert "Revised on 25 November 2026. Outcomes recorded after the year closed." in page
    assert "MARAC cases heard: 2 figures changed" in page
