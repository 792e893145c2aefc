"""Campaigns in a real browser: the commissioner opens a campaign of the demo region and finds
its quarters set against Find support's searches and the hub's self-referrals as released, with
a chart of each beside the table. Accessibility is checked on every page."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.pages import SignInPage

AXE = Axe()


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_commissioner_reads_a_campaign_against_released_figures(page: Page, server_url: str, demo):
    SignInPage(page, server_url).sign_in("commissioner", demo.password)
    page.get_by_role("link", name="Campaigns").first.click()
    expect(page.get_by_role("heading", name="Awareness campaigns")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Know the signs").click()
    expect(page.get_by_role("heading", name="Know the signs")).to_be_visible()
    quarters = page.locator("#quarters tbody tr")
    expect(quarters.first).to_be_visible()
    expect(page.locator("#quarters")).to_contain_text("Campaign")
    expect(page.locator('[data-chart="searches-chart"] canvas')).to_be_visible()
    expect(page.locator('[data-chart="self-referrals-chart"] canvas')).to_be_visible()
    assert_accessible(page)
