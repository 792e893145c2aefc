from playwright.sync_api import Page, expect

from harbour.audit.models import AccessLogEntry, Action
from tests.browser.pages import SignInPage


def test_demo_user_signs_in_with_password_and_code_and_the_log_shows_it(
    page: Page, server_url: str, demo
):
    pages = SignInPage(page, server_url)
    pages.sign_in("police.officer", demo.password)
    expect(
        page.get_by_text("Signed in as Dana Whitfield, Police officer at Merseyside Police")
    ).to_be_visible()
    assert AccessLogEntry.objects.filter(action=Action.SIGN_IN, username="police.officer").exists()
    pages.sign_out()

    # The administrator finds that sign-in in the access log.
    pages.sign_in("admin", demo.password)
    page.get_by_role("link", name="Access log").click()
    page.get_by_label("Username").fill("police.officer")
    page.get_by_label("Action").select_option(label="Signed in")
    page.get_by_role("button", name="Search").click()
    table = page.get_by_role("table")
    expect(table.get_by_role("cell", name="police.officer")).to_be_visible()
    expect(table.get_by_role("cell", name="Merseyside Police")).to_be_visible()


def test_wrong_password_keeps_the_staff_area_closed(page: Page, server_url: str, demo):
    page.goto(f"{server_url}/staff/sign-in/")
    page.get_by_label("Username").fill("police.officer")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Enter a correct username and password.").first).to_be_visible()
    page.goto(f"{server_url}/staff/")
    expect(page.get_by_role("heading", name="Sign in to Harbour")).to_be_visible()
