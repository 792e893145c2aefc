"""An officer records an incident through step 1's question pages in a pilot area, the 24-hour
follow-up a step of the journey: who she is (an error first), the task list, a page answered,
left and found again as she said it, her record created; what happened, the person harming
her, domestic abuse; what she was told about the follow-up; the checklist saved as a draft and
resumed. Accessibility is checked on every page, error states included."""

from __future__ import annotations

import datetime

from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from harbour.followups.models import Followup
from harbour.incidents.models import Incident, VictimDraft
from harbour.risk.models import ChecklistDraft
from tests.browser.pages import FollowupPages, PoliceIncidentPages, SignInPage

AXE = Axe()


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def typed(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day}/{local.month}/{local.year} {local:%H:%M}"


def test_question_pages_in_a_pilot_area_with_the_follow_up_step(page: Page, server_url: str, demo):
    SignInPage(page, server_url).sign_in("police.officer", demo.password)
    police = PoliceIncidentPages(page, server_url)
    police.start()
    expect(page.locator(".harbour-steps")).to_contain_text("The 24-hour IDVA follow-up")
    assert_accessible(page)

    # An error names its field, and the title says so.
    page.get_by_label("Given name").fill("Imogen")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter her family name")
    assert page.title().startswith("Error:")
    assert_accessible(page)

    page.get_by_label("Family name").fill("Featherstonehaugh")
    page.get_by_label("Date of birth (optional)").fill("14/5/1994")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Her record")).to_be_visible()
    expect(page.locator(".govuk-task-list")).to_contain_text("Safe contact")
    assert_accessible(page)
    assert VictimDraft.objects.count() == 1

    # Creating her record before safe contact is answered: an error naming the page.
    page.get_by_role("button", name="Create her record and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("safe contact")
    assert page.title().startswith("Error:")
    assert_accessible(page)

    police.answer_section("Address", {"Postcode (optional)": "L36 4QX"})
    # Going back to the page shows what she said.
    page.locator(".govuk-task-list").get_by_role("link", name="Address").click()
    expect(page.get_by_label("Postcode (optional)", exact=True)).to_have_value("L36 4QX")
    assert_accessible(page)
    page.get_by_role("link", name="Back to the list of questions").click()
    police.answer_section(
        "Safe contact", {"Safe times to contact her": "After 6pm", "Code word": "heron"}
    )
    expect(page.locator("#task-safe-contact-status")).to_contain_text("Completed")
    assert_accessible(page)
    police.create_record()
    assert VictimDraft.objects.count() == 0

    visited = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=3)
    police.fill_incident(
        occurred=typed(visited - datetime.timedelta(minutes=30)),
        visited=typed(visited),
        area="Knowsley",
        offences=["Physical assault"],
    )
    police.save_incident()
    expect(page.locator(".harbour-steps")).to_contain_text("The 24-hour IDVA follow-up")
    police.add_harmer(
        given_name="Callum",
        family_name="Featherstonehaugh",
        date_of_birth="3/3/1990",
        relationship="Partner (an intimate personal relationship)",
    )
    page.get_by_role("link", name="Confirm whether this is domestic abuse").click()
    expect(page.get_by_text("Knowsley takes part in the 24-hour follow-up")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes, this is domestic abuse").check()
    page.get_by_role("button", name="Confirm").click()

    # The follow-up step: nothing shared until her answer is recorded (decision 0017).
    expect(page.get_by_role("heading", name="The 24-hour IDVA follow-up")).to_be_visible()
    incident = Incident.objects.order_by("-id").first()
    followup = Followup.objects.get(incident=incident)
    assert followup.status == "awaiting_notice" and followup.share_id is None
    told = page.get_by_label("When did you tell her?")
    expect(told).to_have_value(typed(incident.visited_at))  # the hint's format
    page.get_by_role("button", name="Record her answer").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert page.title().startswith("Error:")
    assert_accessible(page)
    FollowupPages(page, server_url).record_notice(
        answer="I told her, and she is happy for an IDVA to contact her", told=typed(visited)
    )
    followup.refresh_from_db()
    assert followup.status == "open" and followup.share_id is not None

    # The checklist comes next: saved as a draft, resumed.
    expect(page.get_by_role("heading", name="Police domestic abuse risk checklist")).to_be_visible()
    page.locator("fieldset").first.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save as a draft to finish later").click()
    expect(page.locator("#draft")).to_be_visible()
    expect(page.locator("fieldset").first.get_by_label("Yes", exact=True)).to_be_checked()
    assert ChecklistDraft.objects.count() == 1
    assert_accessible(page)
    police.answer_all("No")
    police.grade(level="Standard", reasons="Synthetic reasons for the grade.")
    police.save_checklist()
    expect(page.get_by_text("The checklist has been saved.")).to_be_visible()
    assert ChecklistDraft.objects.count() == 0
    assert_accessible(page)
