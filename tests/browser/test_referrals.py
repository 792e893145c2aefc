"""Referral journeys in a real browser: a survivor's self-referral, triaged by the hub; and a
specialist service working from its view of a referral. axe-core checks every page."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from harbour.core import doors
from harbour.referrals.models import Referral, SelfReferral
from tests.browser.pages import FindSupportPage, ReferralPages, SignInPage

AXE = Axe()


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_survivor_asks_for_help_and_the_hub_triages_it(browser: Browser, server_url: str, demo):
    public = browser.new_context()
    page = public.new_page()
    page.goto(f"{server_url}/")
    page.get_by_role("link", name="Ask for someone to contact you").click()
    expect(page).to_have_title(re.compile("^Contact form"))
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Text message").check()
    page.get_by_label("Phone number (if we may call or text)").fill("07700 900654")
    page.get_by_label("When is it safe to contact you? (optional)").fill("Mornings")
    page.get_by_role("group", name="Can we leave a voicemail? (optional)").get_by_label(
        "No"
    ).check()
    page.get_by_label("A code word (optional)").fill("Lantern")
    page.get_by_label("What should we call you? (optional)").fill("Mira Stone")
    page.get_by_label("Somewhere safe to live").check()
    page.get_by_label("Where do you live? (optional)").select_option(label="Liverpool")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Message sent")).to_be_visible()
    expect(page).to_have_title(re.compile("^Message sent"))
    expect(page.get_by_text("Mira")).to_have_count(0)
    assert_accessible(page)
    assert FindSupportPage(page, server_url).browser_storage() == {
        "cookies": [],
        "localStorage": 0,
        "sessionStorage": 0,
    }
    public.close()
    saved = SelfReferral.objects.order_by("-received_at", "-id").first()
    assert saved.code_word == "Lantern"

    hub = browser.new_context().new_page()
    SignInPage(hub, server_url).sign_in("hub.caseworker", demo.password)
    hub.get_by_role("link", name=f"Triage a self-referral ({saved.public_id[:8].upper()})").click()
    expect(hub.get_by_role("region", name="Before you contact her")).to_contain_text("Lantern")
    assert_accessible(hub)
    hub.get_by_label("Given name").fill("Mira")
    hub.get_by_label("Family name").fill("Stone")
    hub.get_by_role("button", name="Check and triage").click()
    expect(hub.get_by_text("Self-referral triaged")).to_be_visible()
    expect(hub.get_by_role("heading", name="Self-referral")).to_be_visible()
    assert_accessible(hub)
    referral = Referral.objects.get(self_referral=saved)
    assert referral.status == "accepted"
    with doors.opened("test: what was stored"):
        assert referral.person.code_word == "Lantern"


def test_a_specialist_service_works_from_its_view_of_a_referral(page: Page, server_url: str, demo):
    referral = Referral.objects.get(receiving_view="service", status="accepted")
    SignInPage(page, server_url).sign_in("specialist.caseworker", demo.password)
    page.get_by_role("link", name="Referrals", exact=True).click()
    expect(page.get_by_role("heading", name="Referrals", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=referral.reference).click()
    expect(page.get_by_role("region", name="Before you contact her")).to_be_visible()
    expect(page.get_by_text("Aisha Rahman")).to_be_visible()
    expect(page.get_by_text("Disclosed threats from relatives")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Show contact details").click()
    expect(page.locator("#contact-details")).to_contain_text("07700")
    expect(page.get_by_text("Example Street")).to_have_count(0)
    page.get_by_role("link", name="What each agency sees of a referral").click()
    assert_accessible(page)
    page.goto(f"{server_url}/staff/people/{referral.person.public_id}/")
    expect(page.get_by_role("heading", name="Record not found")).to_be_visible()


def test_the_hub_refers_on_from_its_needs_assessment(page: Page, server_url: str, demo):
    referral = Referral.objects.filter(
        receiving_view="triage", status="accepted", assessments__isnull=False
    ).first()
    pages = ReferralPages(page, server_url)
    SignInPage(page, server_url).sign_in("hub.caseworker", demo.password)
    page.goto(f"{server_url}/staff/referrals/{referral.public_id}/refer-on/")
    expect(page.get_by_role("heading", name="Refer her on")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Find another service by need and area").click()
    page.get_by_label("Kind of support she needs").select_option(label="Rape and sexual assault")
    page.get_by_role("button", name="Find services").click()
    expect(page.get_by_role("heading", name=re.compile(r"\d+ services? found"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Refer to Sexual assault aftercare and counselling").click()
    expect(page.get_by_role("heading", name=re.compile("^Refer her to "))).to_be_visible()
    assert_accessible(page)
    # The service offers one kind of support: it is chosen, not an empty list.
    expect(
        page.get_by_role("group", name="Kind of support she needs").get_by_label(
            "Rape and sexual assault", exact=True
        )
    ).to_be_checked()
    pages.continue_()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile("^Error:"))
    assert_accessible(page)
    page.get_by_label("Why are you referring her").fill("Wants counselling.")
    pages.choose_radio("Risk level from her latest risk assessment", "Medium")
    pages.continue_()
    pages.share_because("Another lawful basis")
    page.get_by_label("Lawful basis").select_option(label="UK GDPR Article 6(1)(e): Public task")
    pages.continue_()
    # A public task alone does not cover what a referral tells the service: refused, in words.
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.get_by_role("alert")).to_contain_text("Public task alone is not enough")
    assert_accessible(page)
    page.get_by_label("Condition for offence information").select_option(
        label=(
            "UK GDPR Article 9(2)(g) and 10; DPA 2018 Schedule 1 paragraph 6: "
            "Statutory and government purposes"
        )
    )
    pages.continue_()
    pages.confirm_preconditions()
    pages.send()
    assert_accessible(page)


def test_the_hub_declines_with_a_reason_and_the_officer_sees_why(
    browser: Browser, server_url: str, demo
):
    referral = Referral.objects.get(status="sent", receiving_view="triage")
    hub = browser.new_context().new_page()
    SignInPage(hub, server_url).sign_in("hub.caseworker", demo.password)
    hub.get_by_role("link", name="Self-referrals").click()
    expect(hub.get_by_role("heading", name="Self-referrals")).to_be_visible()
    assert_accessible(hub)
    ReferralPages(hub, server_url).open_from_work_queue(
        re.compile(f"Decide on referral {referral.reference}")
    )
    hub.get_by_role("link", name="Decline").click()
    expect(hub.get_by_role("heading", name="Decline the referral")).to_be_visible()
    assert_accessible(hub)
    hub.get_by_role("button", name="Decline the referral").click()
    expect(hub.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(hub)
    hub.get_by_label("Another reason").check()
    hub.get_by_label("More about the decision (optional)").fill("Already supported by Knowsley.")
    hub.get_by_role("button", name="Decline the referral").click()
    expect(hub.get_by_text("Referral declined.")).to_be_visible()
    expect(hub.get_by_text("Bethany Cole")).to_have_count(0)
    hub.context.close()

    officer = browser.new_context().new_page()
    SignInPage(officer, server_url).sign_in("police.officer", demo.password)
    officer.get_by_role(
        "link", name=re.compile(f"Referral {referral.reference} was declined")
    ).click()
    expect(officer.get_by_text("Already supported by Knowsley.")).to_be_visible()
    assert_accessible(officer)
    officer.get_by_role("button", name="Mark as dealt with").click()
    expect(officer.get_by_text("Marked as dealt with.")).to_be_visible()


def test_the_hub_dismisses_a_flood_of_flagged_messages(page: Page, server_url: str, demo):
    from harbour.referrals.services import self_referral_submit

    flood = [
        self_referral_submit(
            safe_channels=["text_message"], phone="07700 900111", flagged_surge=True
        )
        for _ in range(3)
    ]
    SignInPage(page, server_url).sign_in("hub.caseworker", demo.password)
    page.goto(f"{server_url}/staff/referrals/self-referrals/")
    expect(page.get_by_role("heading", name="Flagged by the flood limits")).to_be_visible()
    assert_accessible(page)
    keep = flood[0].public_id[:8].upper()
    page.get_by_label(f"Dismiss {keep}").uncheck()
    page.get_by_role("button", name="Dismiss the ticked messages").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(f"Dismiss {keep}").uncheck()
    page.get_by_label("I have checked these messages").check()
    page.get_by_role("button", name="Dismiss the ticked messages").click()
    expect(page.get_by_text("2 flagged messages dismissed.")).to_be_visible()
    assert_accessible(page)
    statuses = {
        s.public_id: s.status for s in SelfReferral.objects.filter(pk__in=[s.pk for s in flood])
    }
    assert statuses == {
        flood[0].public_id: "new",
        flood[1].public_id: "closed",
        flood[2].public_id: "closed",
    }
