"""Prevention in a real browser: the education provider records a session in a school with its
before/after questionnaires, and the results page shows the reach and the change in knowledge
with its interval from the last school year released; the new session waits for its own year's
release, which the daily releases task (run here as the deployment's scheduled task runs it)
makes only once that year is over. The commissioner reads the same results. Accessibility is
checked on every page."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from harbour.prevention.models import Session
from harbour.statistics.tasks import releases_publish
from tests.browser.pages import SignInPage

AXE = Axe()


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_education_provider_records_a_session_and_reads_the_results(
    page: Page, browser: Browser, server_url: str, demo
):
    SignInPage(page, server_url).sign_in("education.provider", demo.password)
    page.get_by_role("link", name="Education programmes").first.click()
    assert_accessible(page)
    page.get_by_role(
        "link", name="Healthy relationships: theatre and workshops", exact=True
    ).click()
    page.get_by_role("link", name="Record a session").click()
    assert_accessible(page)
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    page.get_by_label("Date of the session").fill(f"{yesterday:%d/%m/%Y}")
    page.get_by_label("School or venue").fill("Mersey View Academy")
    page.get_by_label("Area").select_option(label="Sefton")
    page.get_by_label("Young people", exact=True).check()
    page.get_by_label("How many attended?").fill("29")
    page.get_by_label("Questionnaires returned before the session").fill("28")
    page.get_by_label("Before: how many said they can recognise the forms abuse takes").fill("11")
    page.get_by_label("Before: how many said they know where to get help").fill("9")
    page.get_by_label("Questionnaires returned after the session").fill("27")
    page.get_by_label("After: how many said they can recognise the forms abuse takes").fill("30")
    page.get_by_label("After: how many said they know where to get help").fill("22")
    page.get_by_role("button", name="Record the session").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("More said yes than returned")
    assert_accessible(page)
    assert not Session.objects.filter(venue="Mersey View Academy").exists()
    page.get_by_label("After: how many said they can recognise the forms abuse takes").fill("21")
    page.get_by_role("button", name="Record the session").click()
    expect(page.locator("#sessions")).to_contain_text("Mersey View Academy")
    assert_accessible(page)

    releases_publish.call()  # the daily releases task: nothing of this school year is due
    page.get_by_role("link", name="Results", exact=True).click()
    expect(page.get_by_role("heading", name="Results")).to_be_visible()
    expect(page.locator("#not-released")).to_contain_text("are not released yet")
    expect(page.locator(".harbour-release")).to_contain_text("Published")
    expect(page.locator("table").first).to_contain_text("Sefton")
    change = page.locator("#change-1")
    expect(change).to_contain_text("I know where to get help")
    expect(change).to_contain_text(" to ")  # an interval is shown
    expect(page.locator('[data-chart="reach-chart"] canvas')).to_be_visible()
    expect(page.locator('[data-chart="change-chart-1"] canvas')).to_be_visible()
    assert_accessible(page)

    reader_context = browser.new_context()
    reader = reader_context.new_page()
    SignInPage(reader, server_url).sign_in("commissioner", demo.password)
    reader.goto(page.url)
    expect(reader.locator("#change-1")).to_contain_text("I can recognise")
    assert_accessible(reader)
    reader_context.close()
