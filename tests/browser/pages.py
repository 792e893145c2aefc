"""Small page objects for Harbour's browser journeys."""

from __future__ import annotations

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
