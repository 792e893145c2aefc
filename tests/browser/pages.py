"""Small page objects for Harbour's browser journeys."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from harbour.accounts.models import User
from harbour.accounts.services import totp_current_code, totp_device_confirmed


class SignInPage:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def sign_in(self, username: str, password: str) -> None:
        """Password step, then a code generated from the user's TOTP secret."""
        page = self.page
        page.goto(f"{self.base_url}/staff/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
        device = totp_device_confirmed(User.objects.get(username=username))
        page.get_by_label("Code from your authenticator app").fill(totp_current_code(device))
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Your work")).to_be_visible()

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
        expect(self.page.get_by_role("heading", name="Sign in to Harbour")).to_be_visible()


class FindSupportPage:
    """The public site: search by need and area, open a service, leave quickly."""

    NEED_QUESTION = "What kind of support are you looking for?"
    AREA_QUESTION = "Where do you live, or where do you need support?"

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open(self) -> None:
        self.page.goto(f"{self.base_url}/")
        expect(self.page.get_by_role("heading", name="Find support")).to_be_visible()

    def search(self, *, need: str, area: str, words: str = "") -> None:
        page = self.page
        page.get_by_role("group", name=self.NEED_QUESTION).get_by_label(need, exact=True).check()
        page.get_by_label(self.AREA_QUESTION).select_option(label=area)
        if words:
            page.get_by_label("Words to search for (optional)").fill(words)
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_role("heading", name=re.compile(r"\d+ services? found"))).to_be_visible()

    def result_names(self) -> list[str]:
        return self.page.locator(".harbour-result h2").all_inner_texts()

    def open_service(self, name: str) -> None:
        self.page.get_by_role("link", name=name, exact=True).click()
        expect(self.page.get_by_role("heading", name=name, level=1)).to_be_visible()

    def exit_with_button(self) -> None:
        self.page.get_by_role("button", name="Emergency Exit this page").first.click()

    def exit_with_shift_three_times(self) -> None:
        # The shortcut works once GOV.UK Frontend has started the component.
        self.page.locator(".govuk-exit-this-page[data-govuk-exit-this-page-init]").wait_for(
            state="attached"
        )
        for _ in range(3):
            self.page.keyboard.press("Shift")

    def browser_storage(self) -> dict:
        """What this site has left in the browser: cookies and both kinds of web storage."""
        return {
            "cookies": self.page.context.cookies(),
            "localStorage": self.page.evaluate("window.localStorage.length"),
            "sessionStorage": self.page.evaluate("window.sessionStorage.length"),
        }


class ReferralPages:
    """Making and deciding referrals, in the staff area."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def choose_radio(self, question: str, answer: str) -> None:
        self.page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()

    def fill_sharing(self, *, regime: str, basis: str) -> None:
        self.page.get_by_label("Regime").select_option(label=regime)
        self.page.get_by_label("Lawful basis").select_option(label=basis)

    def send(self) -> None:
        self.page.get_by_role("button", name="Send the referral").click()
        expect(self.page.get_by_text(re.compile(r"Referral \w{8} sent to"))).to_be_visible()

    def open_from_work_queue(self, title: re.Pattern) -> None:
        self.page.goto(f"{self.base_url}/staff/")
        self.page.get_by_role("link", name=title).click()
        expect(self.page.get_by_role("heading", name=re.compile("Referral from"))).to_be_visible()

    def accept(self) -> None:
        self.page.get_by_role("button", name="Accept the referral").click()
        expect(self.page.get_by_text("Referral accepted.")).to_be_visible()
