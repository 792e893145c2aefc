"""An administrator resets a caseworker's sign-in; she follows the one-time link from her email,
chooses her own password and sets up a new authenticator. A new account asked for by one
administrator is approved by the other. axe-core checks every page on the way."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from harbour.accounts.models import User
from harbour.accounts.services import totp_current_code, totp_secret_base32
from harbour.audit.models import AccessLogEntry
from harbour.notifications.tests.helpers import run_worker
from tests.browser.pages import AccountPages, SignInPage

AXE = Axe()
NEW_PASSWORD = "Harbour-Lantern-Quarry-77"
LINK = re.compile(r"https?://[^/\s]+(/staff/account/link/[A-Za-z0-9_-]+/)")


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def emailed_link(to: str) -> str:
    links = [LINK.search(message.body) for message in mail.outbox if message.to == [to]]
    links = [found.group(1) for found in links if found]
    assert len(links) == 1, f"{len(links)} emails with a link to {to}"
    return links[0]


def test_a_reset_sends_a_link_and_she_sets_her_own_password_and_authenticator(
    page: Page, browser: Browser, server_url: str, demo
):
    priya = User.objects.get(username="idva.liverpool")
    old_key = TOTPDevice.objects.get(user=priya).bin_key

    SignInPage(page, server_url).sign_in("admin", demo.password)
    admin = AccountPages(page, server_url)
    admin.open_users()
    assert_accessible(page)
    admin.open_account("Priya Okafor")
    assert_accessible(page)
    admin.reset_sign_in()
    assert_accessible(page)
    admin.confirm_reset()
    history = page.locator("#history")
    expect(history).to_contain_text("sign-in reset")
    expect(history).to_contain_text("admin")
    assert_accessible(page)

    run_worker()  # the task worker sends the email
    path = emailed_link("idva.liverpool@example.org")

    # Priya, in her own browser, follows the link from her email.
    hers = browser.new_context().new_page()
    journey = AccountPages(hers, server_url)
    journey.open_link(server_url + path)
    expect(hers).to_have_url(f"{server_url}/staff/account/set-password/")  # no token in sight
    assert_accessible(hers)
    journey.choose_password("short")
    expect(hers.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(hers)
    journey.choose_password(NEW_PASSWORD)
    expect(hers.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    expect(hers.get_by_text("Your password is set.")).to_be_visible()
    assert_accessible(hers)
    device = TOTPDevice.objects.get(user=priya, confirmed=False)
    assert journey.shown_key() == totp_secret_base32(device)  # what her app would scan
    assert device.bin_key != old_key
    journey.set_up_authenticator(totp_current_code(device))
    expect(
        hers.get_by_text("Signed in as Priya Okafor, IDVA at Liverpool IDVA Service")
    ).to_be_visible()

    # The link worked once.
    again = browser.new_context().new_page()
    again.goto(server_url + path)
    expect(again.get_by_role("heading", name="This link does not work")).to_be_visible()
    assert_accessible(again)

    # Her old password no longer signs in; her new one passes the password step.
    other = browser.new_context().new_page()
    for password, answer in [
        (demo.password, other.get_by_text("Enter a correct username and password.").first),
        (NEW_PASSWORD, other.get_by_role("heading", name="Enter your code")),
    ]:
        other.goto(f"{server_url}/staff/sign-in/")
        other.get_by_label("Username").fill("idva.liverpool")
        other.get_by_label("Password").fill(password)
        other.get_by_role("button", name="Continue").click()
        expect(answer).to_be_visible()

    reasons = list(
        AccessLogEntry.objects.filter(record_id=priya.public_id)
        .order_by("at", "id")
        .values_list("username", "reason")
    )
    assert ("admin", "sign-in reset") in reasons
    assert ("idva.liverpool", "password set from a one-time link") in reasons


def test_one_administrator_asks_for_an_account_and_another_approves_it(
    page: Page, browser: Browser, server_url: str, demo
):
    SignInPage(page, server_url).sign_in("admin", demo.password)
    admin = AccountPages(page, server_url)
    admin.open_users()
    page.get_by_role("button", name="Ask for a new account").click()
    expect(page.get_by_role("heading", name="Ask for a new account")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("First name").fill("Rhys")
    page.get_by_label("Last name").fill("Fenwick")
    page.get_by_label("Username").fill("rhys.fenwick")
    page.get_by_label("Work email address").fill("rhys.fenwick@example.org")
    page.get_by_label("Agency").select_option(label="Merseyside Police")
    page.get_by_label("Role").select_option(label="IDVA")
    page.get_by_role("button", name="Ask for the account").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_text("IDVA is not a role at this kind of agency (Police force).").first
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Role").select_option(label="Police officer")
    page.get_by_role("button", name="Ask for the account").click()
    expect(page.get_by_text("waiting for another administrator's approval")).to_be_visible()
    expect(page.get_by_text("Waiting for approval").first).to_be_visible()
    assert_accessible(page)

    # The administrator who asked cannot approve it.
    page.get_by_role("link", name="New account").click()
    expect(
        page.get_by_text("You asked for this: another administrator must approve it.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    assert_accessible(page)

    second = browser.new_context().new_page()
    SignInPage(second, server_url).sign_in("second.admin", demo.password)
    expect(second.get_by_role("link", name="Account changes waiting for approval")).to_be_visible()
    second.get_by_role("link", name="Account changes waiting for approval").click()
    second.locator("#waiting tbody tr").filter(has_text="rhys.fenwick").get_by_role(
        "link", name="New account"
    ).click()
    expect(second.get_by_text("rhys.fenwick@example.org")).to_be_visible()
    assert_accessible(second)
    second.get_by_role("button", name="Approve").click()
    expect(second.get_by_text("Approved.")).to_be_visible()
    expect(second.locator("#history")).to_contain_text("account change approved")
    assert_accessible(second)
    assert User.objects.get(username="rhys.fenwick").is_active
