"""The region dashboard in a real browser: an analyst opens it, filters to one area, and
downloads the CSV; no non-zero figure below the threshold appears on the page or in the file.
Accessibility is checked on every page."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.pages import SignInPage

AXE = Axe()
THRESHOLD = 5  # the demo's rules (statistics defaults)
# Every published count on the dashboard (shares and the directory's service counts are marked
# with data-figure: they are not counts of people).
COUNTS = "td.govuk-table__cell--numeric:not([data-figure])"


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def assert_no_small_figure(values) -> None:
    numbers = [int(v) for v in values if re.fullmatch(r"\d+", v.strip())]
    assert numbers, "no figures at all"
    small = [n for n in numbers if 0 < n < THRESHOLD]
    assert not small, small


def test_analyst_filters_the_dashboard_to_one_area_and_downloads_the_csv(
    page: Page, server_url: str, demo
):
    SignInPage(page, server_url).sign_in("analyst", demo.password)
    page.get_by_role("link", name="Region dashboard").first.click()
    expect(page.get_by_role("heading", name="Region dashboard")).to_be_visible()
    expect(page.locator('[data-chart="kind-chart"] canvas')).to_be_visible()
    assert_accessible(page)

    area = page.locator("#area option").nth(1)
    name = area.inner_text().strip()
    page.get_by_label("Area", exact=True).select_option(area.get_attribute("value"))
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("heading", name=f"Incidents in {name}, by kind")).to_be_visible()
    assert_no_small_figure(page.locator(COUNTS).all_inner_texts())
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Figures"
    figures = [row for row in rows if len(row) == 3 and row[0] == name]
    assert figures, rows
    assert_no_small_figure([row[2] for row in figures])


def test_analyst_reads_follow_ups_within_24_hours_and_the_indicators(
    page: Page, server_url: str, demo
):
    SignInPage(page, server_url).sign_in("analyst", demo.password)
    page.goto(f"{server_url}/staff/insights/")
    section = page.locator("#followups")
    expect(
        section.get_by_role("heading", name="Follow-ups within 24 hours, by area")
    ).to_be_visible()
    expect(page.locator('[data-chart="followups-area-chart"] canvas')).to_be_visible()
    table = page.locator("#followups-by-area")
    expect(table.get_by_role("rowheader", name="Knowsley")).to_be_visible()
    assert_no_small_figure(table.locator("td.govuk-table__cell--numeric").all_inner_texts())
    expect(page.locator("#indicators-table")).to_contain_text("Follow-ups within 24 hours")
    expect(page.locator("#marac-rates")).to_contain_text("Liverpool")
    assert_accessible(page)

    page.get_by_label("Area", exact=True).select_option(label="Knowsley")
    page.get_by_role("button", name="Show figures").click()
    expect(
        page.get_by_role("heading", name="Follow-ups within 24 hours in Knowsley")
    ).to_be_visible()
    rows = page.locator("#followups-by-area tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("rowheader")).to_have_text("Knowsley")
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["Follow-ups done within 24 hours"] in rows
    knowsley = [row for row in rows if len(row) == 6 and row[1] == "Knowsley"]
    assert knowsley, rows
    assert_no_small_figure([value for row in knowsley for value in row[2:5]])


def test_analyst_reads_referral_flows_and_service_gaps(page: Page, server_url: str, demo):
    SignInPage(page, server_url).sign_in("analyst", demo.password)
    page.goto(f"{server_url}/staff/insights/")
    flows = page.get_by_role("table", name=re.compile("by sending and receiving agency"))
    expect(flows).to_be_visible()
    expect(flows.get_by_role("rowheader", name="Merseyside Police")).to_be_visible()
    assert_no_small_figure(flows.locator("td").all_inner_texts())
    expect(page.locator('[data-chart="flows-received-chart"] canvas')).to_be_visible()
    expect(page.locator('[data-chart="referrals-band-chart"] canvas')).to_be_visible()
    # A gap in service coverage is said in words, not only by colour.
    gaps = page.locator("#coverage-gaps")
    expect(gaps).to_contain_text("Gaps: no open service")
    expect(page.locator("#coverage-table")).to_contain_text("None: a gap")
    assert_no_small_figure(page.locator(COUNTS).all_inner_texts())
    assert_accessible(page)

    area = page.locator("#area option").nth(1)
    name = area.inner_text().strip()
    page.get_by_label("Area", exact=True).select_option(area.get_attribute("value"))
    page.get_by_role("button", name="Show figures").click()
    expect(
        page.get_by_role("heading", name=f"Referrals in {name}, by kind of support")
    ).to_be_visible()
    expect(page.get_by_text("published for the whole region only")).to_be_visible()
    assert_no_small_figure(page.locator(COUNTS).all_inner_texts())
    assert_accessible(page)
