"""The action plan in a real browser: the education provider's action plan lead (her agency
leads an action) sees its commitments on the home page and updates a milestone; a member of the
partnership board, in her own session, finds it on the progress page and the printable report.
Accessibility is checked on every page."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.pages import SignInPage

AXE = Axe()


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_an_agency_lead_updates_a_milestone_and_the_board_sees_it(
    page: Page, browser: Browser, server_url: str, demo
):
    SignInPage(page, server_url).sign_in("plan.lead", demo.password)
    expect(page.get_by_text("Your agency's action plan commitments")).to_be_visible()
    page.get_by_role(
        "link", name="Sessions for teachers and youth workers in every area"
    ).first.click()
    assert_accessible(page)
    page.get_by_label("Done", exact=True).check()
    note = "Sessions held in all six areas; 96 staff attended."
    page.get_by_label("Progress", exact=True).fill(note)
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_role("heading", name="Action plan: progress")).to_be_visible()
    assert_accessible(page)

    board_context = browser.new_context()
    board = board_context.new_page()
    SignInPage(board, server_url).sign_in("board.member", demo.password)
    board.get_by_role("link", name="Action plan").first.click()
    row = board.locator("tr", has_text="Sessions for teachers and youth workers")
    expect(row).to_contain_text("Done")
    expect(row).to_contain_text("96 staff attended")
    expect(board.locator("#summary")).to_contain_text("Late")
    # The chart of the summary is drawn (its script is Harbour's own, under the strict policy).
    expect(board.locator('[data-chart="progress-chart"] canvas')).to_be_visible()
    assert_accessible(board)
    board.get_by_role("link", name="The report for the board's meeting (to print)").click()
    expect(board.locator("tr", has_text="Sessions for teachers")).to_contain_text("96 staff")
    assert_accessible(board)
    board_context.close()
