"""The police part of the journey, in a real browser: a police officer records a domestic-abuse
incident for a new person and the person harming her, completes the police checklist and sees
high risk with its reasons. Accessibility is checked on every form and on the result."""

from __future__ import annotations

import datetime

from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from harbour.audit.models import AccessLogEntry, Action
from harbour.incidents.models import Incident
from harbour.risk.models import Assessment
from tests.browser.pages import PoliceIncidentPages, SignInPage

AXE = Axe()


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def uk(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def test_officer_records_an_incident_and_sees_high_risk(page: Page, server_url: str, demo):
    SignInPage(page, server_url).sign_in("police.officer", demo.password)
    journey = PoliceIncidentPages(page, server_url)
    journey.start()
    assert_accessible(page)
    journey.record_victim(given_name="Marnie", family_name="Ashcroft", date_of_birth="12/5/1994")

    # The incident form: bad input first, then the incident.
    incidents = Incident.objects.count()
    now = timezone.now()
    journey.fill_incident(
        occurred=uk(now - datetime.timedelta(hours=2)),
        visited=uk(now - datetime.timedelta(hours=3)),  # before it happened
        area="Sefton",
        offences=["Physical assault", "Non-fatal strangulation or suffocation"],
        children_present="Yes",
        children_in_household="Yes",
    )
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name="The visit must be after the incident happened")
    ).to_be_visible()
    assert Incident.objects.count() == incidents
    assert_accessible(page)
    page.get_by_label("When did the police first visit her?").fill(
        uk(now - datetime.timedelta(hours=1))
    )
    page.get_by_role("group", name="Does she support police action?").get_by_label(
        "Yes, she supports police action"
    ).check()
    journey.save_incident()
    assert_accessible(page)
    journey.add_harmer(
        given_name="Wayne",
        family_name="Ashcroft",
        date_of_birth="3/11/1990",
        relationship="Husband, wife or civil partner",
    )
    expect(page.get_by_text("Wayne Ashcroft")).to_be_visible()
    expect(
        page.get_by_role(
            "cell", name="Notice to the child's school (Operation Encompass)", exact=True
        )
    ).to_be_visible()
    journey.confirm_domestic_abuse()

    # The police checklist: the stalking question opens its follow-on questions in place.
    assert_accessible(page)
    follow_on = journey.question(1, "Are you very frightened by the contact or following?")
    expect(follow_on).to_be_hidden()
    stalking = journey.question(
        9, "Does the person harming you keep contacting, following, watching or harassing you?"
    )
    stalking.get_by_label("Yes", exact=True).first.check()
    expect(follow_on).to_be_visible()
    for number, text in [
        (1, "Were you injured in the latest incident?"),
        (2, "Are you very frightened?"),
        (3, "Are you afraid that the person harming you will injure you or be violent again?"),
        (
            6,
            "Have you separated, or tried to separate, from the person harming you in the past "
            "year?",
        ),
        (
            15,
            "Has the person harming you ever threatened to kill you or someone else, and did you "
            "believe them?",
        ),
        (
            16,
            "Has the person harming you ever strangled, choked, suffocated or tried to drown you?",
        ),
    ]:
        journey.question(number, text).get_by_label("Yes", exact=True).check()
    journey.answer_all("No")  # the visible follow-on questions too: they do not change the count
    journey.grade(
        level="High",
        reasons="Strangulation tonight, threats to kill, and she has just left him.",
    )
    assert_accessible(page)
    journey.save_checklist()

    expect(page.get_by_role("heading", name="High risk", level=1)).to_be_visible()
    reasons = page.locator("#reasons")
    expect(reasons).to_contain_text(
        "Graded high risk by the officer: Strangulation tonight, threats to kill"
    )
    expect(reasons).to_contain_text("7 of 27 questions answered yes")
    expect(page.get_by_text("This case meets the criteria for a MARAC referral")).to_be_visible()
    assert_accessible(page)

    assessment = Assessment.objects.order_by("-id").first()
    assert assessment.level == "high" and assessment.incident.victim_id == assessment.person_id
    assert assessment.answers["st_frightened"] == "no"
    assert AccessLogEntry.objects.filter(
        username="police.officer", action=Action.CREATE, record_id=assessment.public_id
    ).exists()
