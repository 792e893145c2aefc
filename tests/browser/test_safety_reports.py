"""Safety reports in a real browser: an anonymous report from a phone, an alert published by the
project, and the neutral notice and alert read by a vetted subscriber (an unvetted one gets
nothing). axe-core checks every page."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from harbour.safety_reports.choices import NoticeStatus
from harbour.safety_reports.models import SafetyReport, SubscriberNotice
from harbour.safety_reports.tasks import notice_send
from tests.browser.pages import FindSupportPage, SignInPage

AXE = Axe()
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
WARNING = "A man in a green van has robbed workers near the canal. Do not get in."


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def _sign_in_as_subscriber(page: Page, server_url: str, handle: str, passphrase: str) -> None:
    page.goto(f"{server_url}/safety/alerts/")
    page.get_by_label("Your name on this service").fill(handle)
    page.get_by_label("Passphrase").fill(passphrase)
    page.get_by_role("button", name="Sign in").click()


def test_a_report_from_a_phone_becomes_an_alert_a_vetted_subscriber_reads(
    browser: Browser, server_url: str, demo
):
    public = browser.new_context(**PHONE)
    page = public.new_page()
    page.goto(f"{server_url}/safety/report/")
    expect(page).to_have_title(re.compile("^Report form"))
    expect(page.get_by_role("button", name="Exit this page")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Street", exact=True).check()
    page.get_by_label("Area").select_option(label="Liverpool")
    page.get_by_label("Robbery or theft").check()
    page.get_by_label("Tell us what happened (optional)").fill("He took my phone and money.")
    page.get_by_label("Vehicle: make, model, colour (optional)").fill("Green van")
    page.get_by_label("Vehicle registrations (optional)").fill("xy99 zzz")
    page.get_by_label("Warn other workers, and pass anonymised information to the police").check()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", name="Report sent")).to_be_visible()
    assert_accessible(page)
    assert FindSupportPage(page, server_url).browser_storage() == {
        "cookies": [],
        "localStorage": 0,
        "sessionStorage": 0,
    }
    public.close()
    report = SafetyReport.objects.order_by("-received_at", "-id").first()
    assert report.registrations == ["xy99 zzz"]

    staff = browser.new_context().new_page()
    SignInPage(staff, server_url).sign_in("project.caseworker", demo.password)
    staff.get_by_role("link", name="Safety reports").first.click()
    staff.get_by_role("link", name=report.reference).click()
    expect(staff.get_by_role("heading", name="Safety report")).to_be_visible()
    assert_accessible(staff)
    staff.get_by_role("link", name="Publish an alert").click()
    staff.get_by_label("Warning").fill(WARNING)
    staff.get_by_label("Safeguarding of individuals at risk", exact=False).check()
    assert_accessible(staff)
    staff.get_by_role("button", name="Publish").click()
    expect(staff.get_by_role("heading", name="Safety alerts")).to_be_visible()
    expect(staff.get_by_text(WARNING)).to_be_visible()
    assert_accessible(staff)

    mail.outbox.clear()
    for notice in SubscriberNotice.objects.filter(status=NoticeStatus.QUEUED):
        notice_send.call(notice.pk)
    told = {m.to[0] for m in mail.outbox}
    assert "rosebud@example.org" in told
    assert "newcomer@example.org" not in told
    for message in mail.outbox:
        assert message.subject == "There is a new safety alert for you"
        assert "van" not in message.body and "canal" not in message.body

    worker = browser.new_context(**PHONE)
    page = worker.new_page()
    _sign_in_as_subscriber(page, server_url, "rosebud", demo.password)
    expect(page.get_by_role("heading", name="Safety alerts")).to_be_visible()
    expect(page.get_by_text(WARNING)).to_be_visible()
    assert_accessible(page)
    assert FindSupportPage(page, server_url).browser_storage()["cookies"] == []
    worker.close()

    stranger = browser.new_context(**PHONE).new_page()
    _sign_in_as_subscriber(stranger, server_url, "newcomer", demo.password)
    expect(stranger.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(stranger.get_by_text(WARNING)).to_have_count(0)
    assert_accessible(stranger)
