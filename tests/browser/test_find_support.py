"""A survivor finds support on the public site, then leaves it quickly, without a trace."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.pages import EXIT_SITE, FindSupportPage, intercept_exit


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_search_open_a_service_and_leave_quickly(page: Page, server_url: str, demo):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    exits = intercept_exit(page)
    find = FindSupportPage(page, server_url)

    find.open()
    assert_accessible(page)
    find.search(need="Domestic abuse", area="Liverpool")
    # The search is not in the address: an opaque one the server forgets.
    assert re.fullmatch(rf"{server_url}/results/[A-Za-z0-9_-]{{22}}/", page.url)
    names = find.result_names()
    assert "Domestic abuse community outreach" in names
    assert "Changing Ways behaviour change programme" not in names
    assert_accessible(page)

    find.open_service("Domestic abuse community outreach")
    expect(page).to_have_title("Service details – Local information")
    expect(page.get_by_text("0151 496 0030")).to_be_visible()
    assert_accessible(page)
    assert find.browser_storage() == {"cookies": [], "localStorage": 0, "sessionStorage": 0}

    find.exit_with_button()
    page.wait_for_url(f"{EXIT_SITE}**")
    assert exits == [f"{EXIT_SITE}weather"]
    # Nothing was fetched from anywhere but Harbour itself (the exit site was the visitor's
    # own choice to leave).
    elsewhere = [url for url in requested if not url.startswith((server_url, EXIT_SITE))]
    assert elsewhere == []
    assert page.context.cookies() == []
    assert page.context.storage_state()["origins"] == []


def test_shift_three_times_leaves_the_page(page: Page, server_url: str, demo):
    exits = intercept_exit(page)
    find = FindSupportPage(page, server_url)
    find.open()
    find.search(need="Rape and sexual assault", area="Sefton")
    find.open_service("Sexual assault aftercare and counselling")
    find.exit_with_shift_three_times()
    page.wait_for_url(f"{EXIT_SITE}**")
    assert exits == [f"{EXIT_SITE}weather"]
    assert page.context.cookies() == []


def test_safe_browsing_page_and_an_empty_search_are_accessible(page: Page, server_url: str, demo):
    find = FindSupportPage(page, server_url)
    find.open()
    page.get_by_role("link", name="How to browse more safely").click()
    expect(page.get_by_role("heading", name="Browsing safely", level=1)).to_be_visible()
    assert_accessible(page)
    find.open()
    find.search(need="Programmes for people who harm", area="Halton")
    expect(page.get_by_text("No services match your search.")).to_be_visible()
    assert_accessible(page)


def test_a_member_of_the_public_reports_an_out_of_date_entry(page: Page, server_url: str, demo):
    """A real browser's post (Origin: null, Sec-Fetch-Site: same-origin) is accepted."""
    find = FindSupportPage(page, server_url)
    find.open()
    find.search(need="Support for sex workers", area="Wirral")
    find.open_service("Sex worker outreach and safety")
    page.get_by_role("link", name="Report a problem with this entry").click()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("link", name="Select what is wrong with this entry.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("The opening times are wrong").check()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", name="Report sent")).to_be_visible()
    assert find.browser_storage() == {"cookies": [], "localStorage": 0, "sessionStorage": 0}
