"""On a phone (390 x 844): she searches, opens a service, presses Back and sees her results; the
999 line is on screen without scrolling; a page not found still has Exit this page."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.pages import EXIT_SITE, FindSupportPage, intercept_exit

PHONE = {"width": 390, "height": 844}
DANGER = "If you are in danger now, call 999"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "has_touch": True, "is_mobile": True}


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def assert_999_above_the_fold(page: Page) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    line = page.get_by_text(DANGER)
    expect(line).to_be_visible()
    box = line.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"], box
    # Words for touch screens: nothing on the page asks a phone user only to press Shift.
    assert "or press Shift three times" not in page.content()


def test_back_from_a_service_shows_her_results_on_a_phone(page: Page, server_url: str, demo):
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(f"{request.url} {request.failure}"))
    find = FindSupportPage(page, server_url)

    find.open()
    assert_999_above_the_fold(page)
    assert_accessible(page)
    find.search(need="Domestic abuse", area="Liverpool")
    results_url = page.url
    assert re.fullmatch(rf"{server_url}/results/[A-Za-z0-9_-]{{22}}/", results_url)
    names = find.result_names()
    assert "Domestic abuse community outreach" in names
    assert_999_above_the_fold(page)
    assert_accessible(page)

    find.open_service("Domestic abuse community outreach")
    assert_999_above_the_fold(page)
    assert_accessible(page)

    response = page.go_back()
    # Her results again, fetched afresh: no "Confirm Form Resubmission", no ERR_CACHE_MISS.
    assert response is not None and response.status == 200
    assert page.url == results_url
    expect(page.get_by_role("heading", name=re.compile(r"\d+ services? found"))).to_be_visible()
    assert find.result_names() == names
    assert failed == []
    assert_accessible(page)
    assert find.browser_storage() == {"cookies": [], "localStorage": 0, "sessionStorage": 0}


def test_exit_forgets_the_search_so_back_shows_only_that_it_expired(
    page: Page, server_url: str, demo
):
    exits = intercept_exit(page)
    find = FindSupportPage(page, server_url)
    find.open()
    find.search(need="Rape and sexual assault", area="Sefton")
    results_url = page.url
    find.open_service("Sexual assault aftercare and counselling")
    find.exit_with_button()
    page.wait_for_url(f"{EXIT_SITE}**")
    assert exits == [f"{EXIT_SITE}weather"]

    # Someone else picks up the phone and presses Back, or opens the history entry.
    page.goto(results_url)
    expect(page.get_by_role("heading", name="This search has expired")).to_be_visible()
    assert "Sexual assault aftercare" not in page.content()
    assert_999_above_the_fold(page)
    assert_accessible(page)
    assert page.context.cookies() == []


def test_a_page_not_found_has_exit_this_page_on_a_phone(page: Page, server_url: str, demo):
    exits = intercept_exit(page)
    response = page.goto(f"{server_url}/services/aaaaaaaaaaaaaaaa/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page).to_have_title("Page not found – Local information")
    expect(page.get_by_role("link", name="Find support")).to_be_visible()
    assert_999_above_the_fold(page)
    assert_accessible(page)
    page.get_by_role("button", name="Emergency Exit this page").first.click()
    page.wait_for_url(f"{EXIT_SITE}**")
    assert exits == [f"{EXIT_SITE}weather"]
