"""Making a referral as a journey, in a real browser: an IDVA completes a risk checklist, sees
high risk and refers her to the victim care hub straight away. The risk level is filled in; she
relies on her agreement, records it without leaving the referral (an error first), and checks
her answers before anything goes to the hub. axe-core checks every page, error states included.
"""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from harbour.people.models import Agreement
from harbour.referrals.models import Referral, ReferralDraft
from tests.browser.pages import PoliceIncidentPages, ReferralPages, SignInPage

AXE = Axe()

REASON = "Wants help to plan for her safety and to talk about court."
BACKGROUND = "Harassment by an ex-partner has started again since the court date."


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_caseworker_refers_her_straight_after_a_high_checklist(page: Page, server_url: str, demo):
    # Her last referral to the hub was closed: she can be referred again.
    # (The referrals demo's, seeded before the insights demo adds closed referrals of its own.)
    person = (
        Referral.objects.filter(status="closed", receiving_view="triage").order_by("pk").first()
    ).person
    pages = ReferralPages(page, server_url)
    SignInPage(page, server_url).sign_in("idva.liverpool", demo.password)

    page.goto(f"{server_url}/staff/risk/practitioner-checklist/{person.public_id}/")
    checklist = PoliceIncidentPages(page, server_url)
    checklist.answer_all("Yes")
    checklist.answer_all("No")  # any follow-on question the yeses opened
    checklist.save_checklist()
    expect(page.get_by_role("heading", name="High risk", level=1)).to_be_visible()
    page.get_by_role("link", name="Refer to the victim care hub").click()

    # Where to and why: the hub chosen, the risk level filled in from the checklist.
    expect(page.get_by_role("heading", name="Make a referral")).to_be_visible()
    expect(
        page.get_by_role("group", name="Risk level from her latest risk assessment").get_by_label(
            "High", exact=True
        )
    ).to_be_checked()
    expect(page.get_by_text(re.compile("^Filled in from her risk checklist"))).to_be_visible()
    assert_accessible(page)
    pages.continue_()
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.get_by_role("alert")).to_contain_text("Say why you are referring her.")
    assert_accessible(page)
    page.get_by_label("Why are you referring her").fill(REASON)
    page.get_by_label("Background for triage (optional)").fill(BACKGROUND)
    pages.continue_()

    # Why her information can be shared: from the situation.
    expect(
        page.get_by_role("heading", name=re.compile("^Why can her information be shared"))
    ).to_be_visible()
    expect(page.get_by_label("Her case is going to a MARAC")).to_be_visible()  # high risk
    assert_accessible(page)
    pages.continue_()
    expect(page).to_have_title(re.compile("^Error:"))
    assert_accessible(page)
    pages.share_because("She has agreed to this referral")

    # No agreement on record naming the hub: record it without leaving the referral.
    expect(
        page.get_by_text(re.compile("There is no current agreement on her record"))
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record her agreement").click()
    expect(page.get_by_role("heading", name="Record her agreement")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record her agreement and continue").click()
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.get_by_role("alert")).to_contain_text("Choose how she agreed.")
    assert_accessible(page)
    page.get_by_label("Spoken, by phone").check()
    page.get_by_label(re.compile("She agreed explicitly")).check()
    page.get_by_role("button", name="Record her agreement and continue").click()
    expect(page.get_by_text("Her agreement has been recorded.")).to_be_visible()
    agreement = Agreement.objects.get(
        person=person, explicit=True, agencies__kind="victim_care_hub"
    )
    page.get_by_role("group", name="Her agreement").get_by_role("radio").first.check()
    assert_accessible(page)
    pages.continue_()

    # Check your answers: everything entered before the agreement is still there.
    pages.check_answers()
    answers = page.locator("#check-referral")
    expect(answers).to_contain_text(REASON)
    expect(answers).to_contain_text(BACKGROUND)
    expect(answers).to_contain_text("High")
    expect(answers).to_contain_text("Wirral")
    expect(page.locator("#check-sharing")).to_contain_text("She has agreed to this referral")
    expect(page.locator("#check-shared")).to_contain_text("Background")
    assert not Referral.objects.filter(person=person, status="sent").exists()
    assert_accessible(page)
    pages.send()
    assert_accessible(page)

    referral = Referral.objects.get(person=person, status="sent")
    assert referral.risk_level == "high"
    assert referral.reason == REASON
    assert referral.share.agreement == agreement
    assert not ReferralDraft.objects.exists()
