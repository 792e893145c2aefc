"""The spine of Harbour, end to end: a police officer records a domestic-abuse incident for a new
person and the person harming her, completes the police checklist, sees high risk with its
reasons and refers her to the victim care hub; the hub accepts, assesses her needs and refers
her on to a harmful-practices service found in the directory; that service accepts and sees only
what the referral needs.

Each step is a different member of staff, signed in in a browser context of their own. axe-core
checks every page on the way.
"""

from __future__ import annotations

import datetime
import re

from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from harbour.referrals.models import Referral
from tests.browser.pages import PoliceIncidentPages, ReferralPages, SignInPage

AXE = Axe()

BACKGROUND = "He held her by the throat during an argument about her passport."
RISK_REASONS = "Strangulation; threats to take her abroad to marry; escalating."
REASON = "She wants help to stay safe and advice about pressure to marry."
ONWARD_REASON = "Wants advice and support about a forced marriage. Speaks Urdu."


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def _signed_in(browser: Browser, server_url: str, username: str, password: str) -> Page:
    page = browser.new_context().new_page()
    SignInPage(page, server_url).sign_in(username, password)
    return page


def uk(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def police_record_assess_and_refer(page: Page, server_url: str) -> str:
    """The officer records a domestic-abuse incident for a new person (safe contact first) and
    the person harming her, completes the police checklist, sees high risk with its reasons,
    and refers her to the hub. Returns her record's public id."""
    journey = PoliceIncidentPages(page, server_url)
    journey.start()
    # Who she is, with the details that find her record (the check runs on this page).
    page.get_by_label("Given name").fill("Yasmin")
    page.get_by_label("Family name").fill("Qureshi")
    page.get_by_label("Date of birth (optional)").fill("14/2/1996")
    page.get_by_label("Phone number (optional)").fill("07700 900432")
    page.get_by_label("Email address (optional)").fill("yasmin.q@example.org")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Her record")).to_be_visible()
    # Safe contact first, then the other question pages from the task list.
    page.locator(".govuk-task-list").get_by_role("link", name="Safe contact").click()
    page.get_by_label("Text message").check()
    page.get_by_label("Safe times to contact her").fill("Weekdays 9am to 11am")
    page.get_by_label("May a voicemail be left?").select_option(label="No")
    page.get_by_label("Code word", exact=True).fill("Swallow")
    page.get_by_role("button", name="Save and continue").click()
    journey.answer_section(
        "Address",
        {"Address (optional)": "5 Invented Road\nLiverpool", "Postcode (optional)": "L4 0ZZ"},
    )
    page.locator(".govuk-task-list").get_by_role("link", name="Needs and household").click()
    page.get_by_label("Local authority").select_option(label="Liverpool")
    page.get_by_label("Preferred language").fill("Urdu")
    page.get_by_label("Children in the household").fill("1")
    page.get_by_role("button", name="Save and continue").click()
    journey.create_record()
    now = timezone.now()
    journey.fill_incident(
        occurred=uk(now - datetime.timedelta(hours=3)),
        visited=uk(now - datetime.timedelta(hours=2)),
        area="Liverpool",
        offences=["Physical assault", "Non-fatal strangulation or suffocation"],
    )
    journey.save_incident()
    journey.add_harmer(
        given_name="Imran",
        family_name="Qureshi",
        date_of_birth="9/8/1991",
        relationship="Husband, wife or civil partner",
    )
    journey.confirm_domestic_abuse()
    for number, text in [
        (1, "Were you injured in the latest incident?"),
        (2, "Are you very frightened?"),
        (3, "Are you afraid that the person harming you will injure you or be violent again?"),
        (
            16,
            "Has the person harming you ever strangled, choked, suffocated or tried to drown you?",
        ),
    ]:
        journey.question(number, text).get_by_label("Yes", exact=True).check()
    journey.answer_all("No")
    journey.grade(level="High", reasons=RISK_REASONS)
    journey.save_checklist()
    expect(page.get_by_role("heading", name="High risk", level=1)).to_be_visible()
    expect(page.locator("#reasons")).to_contain_text(RISK_REASONS)
    refer = page.get_by_role("link", name="Refer to the victim care hub")
    person_id = re.search(r"person=([0-9a-z]{16})", refer.get_attribute("href")).group(1)

    pages = ReferralPages(page, server_url)
    refer.click()
    expect(page.get_by_role("heading", name="Make a referral")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^From incident \w{8}$"))).to_be_visible()
    expect(
        page.get_by_role("group", name="Refer her to").get_by_label(
            "Merseyside Victim Care Hub (Victim care hub)"
        )
    ).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Kind of support she needs (optional)").select_option(label="Domestic abuse")
    page.get_by_label("Why are you referring her").fill(REASON)
    page.get_by_label("Background for triage (optional)").fill(BACKGROUND)
    pages.choose_radio("Risk level from her latest risk assessment", "High")
    page.get_by_label("Reasons for the risk level (optional)").fill(RISK_REASONS)
    pages.continue_()
    assert_accessible(page)
    pages.share_because("To protect her from further offences (a law-enforcement purpose)")
    pages.check_answers()
    assert_accessible(page)
    pages.send()
    assert_accessible(page)
    page.get_by_role("link", name="View the referral").click()
    expect(
        page.get_by_role("heading", name="Referral to Merseyside Victim Care Hub")
    ).to_be_visible()
    expect(page.get_by_text(re.compile(r"^From incident \w{8}$"))).to_be_visible()
    assert_accessible(page)
    return person_id


def hub_accepts_assesses_and_refers_on(page: Page, server_url: str, hub_referral) -> None:
    pages = ReferralPages(page, server_url)
    pages.open_from_work_queue(
        re.compile(f"Decide on referral {hub_referral.reference} from Merseyside Police")
    )
    expect(page.get_by_text(BACKGROUND)).to_be_visible()
    expect(page.get_by_text(RISK_REASONS)).to_be_visible()
    expect(page.get_by_role("region", name="Before you contact her")).to_contain_text("Swallow")
    assert_accessible(page)
    pages.accept()

    page.get_by_role("link", name="Assess her needs").click()
    expect(page.get_by_role("heading", name="Needs assessment")).to_be_visible()
    assert_accessible(page)
    levels = {
        "Safety": "High",
        "Health": "None",
        "Housing": "Medium",
        "Money": "Low",
        "Legal and court": "Medium",
        "Children": "Low",
        "Emotional wellbeing": "High",
    }
    for area, level in levels.items():
        pages.choose_radio(f"{area}: level of need", level)
    page.get_by_label("Safety: notes (optional)").fill("Safety plan agreed; code word set.")
    page.get_by_role("group", name="Specialist support she needs").get_by_label(
        "Forced marriage", exact=True
    ).check()
    page.get_by_role("button", name="Save the needs assessment").click()
    expect(page.get_by_text("Needs assessment saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Refer her on")).to_be_visible()
    assert_accessible(page)

    page.get_by_role(
        "button", name="Refer to Forced marriage and honour-based abuse casework"
    ).click()
    expect(
        page.get_by_role(
            "heading", name="Refer her to Forced marriage and honour-based abuse casework"
        )
    ).to_be_visible()
    expect(page.get_by_label("Background for triage (optional)")).to_have_count(0)
    assert_accessible(page)
    # Filled in from her needs assessment.
    expect(
        page.get_by_role("group", name="Kind of support she needs").get_by_label(
            "Forced marriage", exact=True
        )
    ).to_be_checked()
    page.get_by_label("Why are you referring her").fill(ONWARD_REASON)
    pages.choose_radio("Risk level from her latest risk assessment", "High")
    pages.continue_()
    pages.share_because("Her case is going to a MARAC")
    assert_accessible(page)
    pages.confirm_preconditions()
    pages.send()
    page.get_by_role("link", name="View the referral").click()
    expect(
        page.get_by_role("heading", name="Referral to Safe Voices Harmful Practices Service")
    ).to_be_visible()


def specialist_accepts_and_sees_only_what_the_referral_needs(
    page: Page, server_url: str, onward, person_id: str
) -> None:
    pages = ReferralPages(page, server_url)
    pages.open_from_work_queue(
        re.compile(f"Decide on referral {onward.reference} from Merseyside Victim Care Hub")
    )
    summary = page.locator("#referral-summary")
    # Shown: who she is, how to reach her safely, why, for what, how serious.
    expect(summary).to_contain_text("Yasmin Qureshi")
    expect(summary).to_contain_text(ONWARD_REASON)
    expect(summary).to_contain_text("Forced marriage")
    expect(summary).to_contain_text("Urdu")
    expect(page.get_by_text("Risk:")).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="High")).to_be_visible()
    safe = page.get_by_role("region", name="Before you contact her")
    expect(safe).to_contain_text("Text message")
    expect(safe).to_contain_text("Weekdays 9am to 11am")
    expect(safe).to_contain_text("Swallow")
    # Not shown: what happened, the risk reasons, the first referral's words, her date of
    # birth, her children, her address.
    for hidden in (BACKGROUND, RISK_REASONS, REASON, "14 February 1996", "1996", "Invented Road"):
        expect(page.get_by_text(hidden)).to_have_count(0)
    expect(page.get_by_text("Children in the household")).to_have_count(0)
    assert_accessible(page)
    pages.accept()
    page.get_by_role("button", name="Show contact details").click()
    contact = page.locator("#contact-details")
    expect(contact).to_contain_text("07700 900432")
    expect(page.get_by_text("Invented Road")).to_have_count(0)
    expect(page.get_by_text("yasmin.q@example.org")).to_have_count(0)
    assert_accessible(page)
    # Her full record is refused to the service.
    response = page.goto(f"{server_url}/staff/people/{person_id}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Record not found")).to_be_visible()
    expect(page.get_by_text("Yasmin")).to_have_count(0)


def test_spine(browser: Browser, server_url: str, demo):
    officer = _signed_in(browser, server_url, "police.officer", demo.password)
    person_id = police_record_assess_and_refer(officer, server_url)
    officer.context.close()
    hub_referral = Referral.objects.get(person__public_id=person_id)
    assert hub_referral.status == "sent" and hub_referral.risk_level == "high"
    assert hub_referral.source.startswith("incidents.incident:")

    hub = _signed_in(browser, server_url, "hub.caseworker", demo.password)
    hub_accepts_assesses_and_refers_on(hub, server_url, hub_referral)
    hub.context.close()
    onward = Referral.objects.get(onward_from=hub_referral)
    assert onward.receiving_view == "service"

    specialist = _signed_in(browser, server_url, "specialist.caseworker", demo.password)
    specialist_accepts_and_sees_only_what_the_referral_needs(
        specialist, server_url, onward, person_id
    )
    specialist.context.close()
    onward.refresh_from_db()
    assert onward.status == "accepted"
    assert onward.share.involvement is None
