"""Journeys through the person record, in a real browser, with accessibility checks."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from harbour.audit.models import AccessLogEntry, Action
from tests.browser.pages import SignInPage

AXE = Axe()


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_idva_opens_a_record_safe_contact_first_then_contact_details(
    page: Page, server_url: str, demo
):
    SignInPage(page, server_url).sign_in("idva.liverpool", demo.password)
    page.get_by_role("link", name="People", exact=True).click()
    expect(page.get_by_role("heading", name="People your agency works with")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Bethany Cole").click()
    panel = page.get_by_role("region", name="Before you contact her")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Phone call, Text message")
    expect(page.get_by_text("Example Street")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Show contact details").click()
    expect(page.get_by_text("Example Street")).to_be_visible()
    expect(page.get_by_role("region", name="Before you contact her")).to_be_visible()
    assert AccessLogEntry.objects.filter(
        username="idva.liverpool", action=Action.VIEW, detail__part="contact details"
    ).exists()


def test_recording_a_person_checks_for_an_existing_record(page: Page, server_url: str, demo):
    SignInPage(page, server_url).sign_in("hub.caseworker", demo.password)
    page.goto(f"{server_url}/staff/people/new/")
    assert_accessible(page)
    page.get_by_label("Given name").fill("Dorotha")
    page.get_by_label("Family name").fill("Nowak")
    page.get_by_label("Date of birth (optional)").fill("30/1/1979")
    page.get_by_role("button", name="Check and create the record").click()
    expect(page.get_by_text("She may already have a record")).to_be_visible()
    expect(page.get_by_text("Dorota")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Why is this the same person?").first.fill("Same woman: police referral")
    page.get_by_role("button", name="Link to this record").first.click()
    expect(page.get_by_role("region", name="Before you contact her")).to_be_visible()
    expect(page.get_by_role("heading", name="Dorota Nowak")).to_be_visible()


def test_bad_input_shows_the_error_summary(page: Page, server_url: str, demo):
    SignInPage(page, server_url).sign_in("police.officer", demo.password)
    page.goto(f"{server_url}/staff/people/new/")
    page.get_by_label("Given name").fill("Test")
    page.get_by_label("Date of birth (optional)").fill("31/2/1990")
    page.get_by_role("button", name="Check and create the record").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
