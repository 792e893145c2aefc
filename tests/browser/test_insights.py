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
    assert_no_small_figure(page.locator("td.govuk-table__cell--numeric").all_inner_texts())
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Figures"
    figures = [row for row in rows if len(row) == 3 and row[0] == name]
    assert figures, rows
    assert_no_small_figure([row[2] for row in figures])
