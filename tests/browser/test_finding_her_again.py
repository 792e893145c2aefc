"""Finding her again by name, in a real browser: an officer types only the name of a woman her
force already knows, is offered her record on the same step, picks it, and the new incident
counts with her earlier call-outs; the man harming her is recognised the same way. Accessibility
is checked on each page."""

from __future__ import annotations

import datetime

from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from harbour.incidents.models import Incident
from harbour.incidents.queries import police_callouts_in_last
from tests.browser.pages import PoliceIncidentPages, SignInPage

AXE = Axe()


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def uk(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def test_an_officer_finds_her_by_name_and_her_call_outs_count(page: Page, server_url, demo):
    SignInPage(page, server_url).sign_in("police.officer", demo.password)
    journey = PoliceIncidentPages(page, server_url)
    journey.start()
    incidents = Incident.objects.count()

    # Only her name: the force's own records of her are offered, with what tells them apart.
    journey.type_name_only(given_name="Bethany", family_name="Cole")
    question = page.get_by_role("group", name="Is she one of these people?")
    expect(question).to_be_visible()
    offered = question.get_by_label("Bethany Cole", exact=True)
    expect(offered).to_be_visible()
    expect(question).to_contain_text("Knowsley")
    expect(question).to_contain_text("last contact")
    expect(question.get_by_label("None of these is her")).to_be_visible()
    expect(page.get_by_role("heading", name="Check the records of other agencies")).to_be_visible()
    assert_accessible(page)

    # Continuing without an answer is an error, shown accessibly; nothing is recorded.
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    journey.choose_record(question="Is she one of these people?", name="Bethany Cole")
    expect(page.get_by_role("heading", name="What happened?")).to_be_visible()
    expect(page.get_by_text("Bethany Cole").first).to_be_visible()

    now = timezone.now()
    journey.fill_incident(
        occurred=uk(now - datetime.timedelta(hours=3)),
        visited=uk(now - datetime.timedelta(hours=2)),
        area="Knowsley",
        offences=["Physical assault"],
    )
    journey.save_incident()
    incident = Incident.objects.order_by("-id").first()
    assert Incident.objects.count() == incidents + 1
    # The incident is on her record, beside her earlier call-outs (no new record was made), so
    # the MARAC escalation criterion (3 or more in 12 months) counts them all.
    earlier = Incident.objects.filter(victim_id=incident.victim_id).exclude(pk=incident.pk)
    assert earlier.count() >= 3
    assert police_callouts_in_last(incident.victim_id) == earlier.count() + 1

    # The man harming her, by name only too: the force knows him, so he is recognised.
    page.get_by_label("Given name").fill("Kieran")
    page.get_by_label("Family name").fill("Walsh")
    page.get_by_label("What is this person to her?").select_option(
        label="Former partner (an intimate personal relationship)"
    )
    page.get_by_role("group", name="Is this person aged 16 or over?").get_by_label(
        "Yes", exact=True
    ).check()
    page.get_by_role("button", name="Add this person").click()
    harmer_question = page.get_by_role("group", name="Is this person one of these?")
    expect(harmer_question.get_by_label("Kieran Walsh", exact=True)).to_be_visible()
    assert_accessible(page)
    harmer_question.get_by_label("Kieran Walsh", exact=True).check()
    page.get_by_role("button", name="Add this person").click()
    expect(page.get_by_text("The person harming her has been added.")).to_be_visible()
    card = page.locator(".govuk-summary-card").filter(has_text="Kieran Walsh")
    expect(card).to_contain_text("4, this one included (4 in the last 12 months)")
    expect(card.get_by_text("Harms several people")).to_be_visible()
    assert_accessible(page)
