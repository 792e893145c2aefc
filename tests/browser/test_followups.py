"""The 24-hour follow-up in a real browser, each person in her own signed-in session: a police
officer records a domestic-abuse incident in a pilot area and what she told the survivor; the
area's IDVA sees the follow-up with its deadline in UK time, records the visit and the
survivor's decision; an incident in an area outside the pilot creates none. Accessibility is
checked on every follow-up page."""

from __future__ import annotations

import datetime
import re

from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from harbour.followups.models import Followup
from harbour.incidents.models import Incident
from tests.browser.pages import FollowupPages, PoliceIncidentPages, SignInPage

AXE = Axe()


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def typed(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def shown(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y, %H:%M}"


def record_incident(journey: PoliceIncidentPages, *, area: str, visited, victim: tuple) -> Incident:
    journey.start()
    journey.record_victim(given_name=victim[0], family_name=victim[1], date_of_birth=victim[2])
    journey.fill_incident(
        occurred=typed(visited - datetime.timedelta(minutes=40)),
        visited=typed(visited),
        area=area,
        offences=["Physical assault"],
    )
    journey.save_incident()
    journey.add_harmer(
        given_name="Darren",
        family_name=victim[1],
        date_of_birth="8/2/1988",
        relationship="Partner (an intimate personal relationship)",
    )
    journey.confirm_domestic_abuse()
    return Incident.objects.order_by("-id").first()


def test_pilot_incident_to_idva_visit_and_decision(
    page: Page, browser: Browser, server_url: str, demo
):
    # The police officer, in her own session.
    SignInPage(page, server_url).sign_in("police.officer", demo.password)
    police = PoliceIncidentPages(page, server_url)
    visited = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=4)
    incident = record_incident(
        police, area="Knowsley", visited=visited, victim=("Leona", "Marchetti", "4/9/1991")
    )
    followup = Followup.objects.get(incident=incident)
    assert followup.agency.name == "Knowsley IDVA Service"
    assert followup.due_at == visited + datetime.timedelta(hours=24)

    notice = FollowupPages(page, server_url)
    expect(page.get_by_role("heading", name="The 24-hour IDVA follow-up")).to_be_visible()
    notice.open_notice_from_work_queue(incident.label)
    deadline = page.locator("#followup")
    expect(deadline).to_contain_text(shown(visited + datetime.timedelta(hours=24)))
    expect(page.get_by_text("an IDVA from Knowsley IDVA Service contacts her")).to_be_visible()
    assert_accessible(page)
    notice.record_notice(
        answer="I told her, and she is happy for an IDVA to contact her", told=typed(visited)
    )
    # Her answer recorded, the checklist comes next; the notice page says the visit is due.
    page.goto(f"{server_url}/staff/followups/notice/{incident.public_id}/")
    expect(deadline).to_contain_text("Visit due")
    assert_accessible(page)

    # The Knowsley IDVA, in her own session.
    idva_context = browser.new_context()
    idva_page = idva_context.new_page()
    SignInPage(idva_page, server_url).sign_in("idva.knowsley", demo.password)
    idva = FollowupPages(idva_page, server_url)
    idva.open_list()
    row = idva_page.get_by_role("row", name="Leona Marchetti")
    expect(row).to_contain_text(shown(followup.due_at))
    assert_accessible(idva_page)
    idva.open_list("Overdue")
    expect(idva_page.get_by_role("link", name="Leona Marchetti")).to_have_count(0)
    assert_accessible(idva_page)
    idva.open_list()
    idva.open_followup("Leona Marchetti")
    expect(idva_page.locator("#deadline")).to_contain_text(
        shown(visited + datetime.timedelta(hours=24))
    )
    assert_accessible(idva_page)

    # An attempt first, with a mistake, then the visit.
    idva.start_visit()
    idva.fill_visit(when=typed(visited + datetime.timedelta(hours=2)), how="Phone call", spoke="No")
    idva.save_visit()
    expect(idva_page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(idva_page)
    idva_page.get_by_label("What happened (needed if you did not speak with her)").fill("No answer")
    idva.save_visit()
    expect(idva_page.get_by_text("The attempt has been recorded.")).to_be_visible()
    idva.start_visit()
    idva.fill_visit(
        when=typed(visited + datetime.timedelta(minutes=170)),
        how="In person",
        spoke="Yes",
        safety_plan="Yes",
        plan="Code word with her sister; spare keys with a neighbour.",
        referrals=("Domestic abuse outreach", "Housing options"),
        prosecution="She has not decided",
    )
    assert_accessible(idva_page)
    idva.save_visit()
    expect(idva_page.get_by_text("The visit has been recorded.")).to_be_visible()
    expect(idva_page.get_by_text("Visited within 24 hours").first).to_be_visible()
    expect(idva_page.locator("#visit")).to_contain_text("Housing options")
    assert_accessible(idva_page)
    idva.record_decision("Yes, she supports a prosecution", note="After talking it through")
    decisions = idva_page.locator("#decisions li")
    expect(decisions).to_have_count(2)
    expect(decisions.nth(1)).to_contain_text("Yes, she supports a prosecution")
    assert_accessible(idva_page)
    followup.refresh_from_db()
    assert followup.status == "visited" and followup.supports_prosecution == "yes"
    assert list(followup.decisions.values_list("value", flat=True)) == ["undecided", "yes"]
    idva_context.close()

    # Back with the officer: an incident outside the pilot creates none.
    before = Followup.objects.count()
    other = record_incident(
        police,
        area="Sefton",
        visited=visited - datetime.timedelta(hours=1),
        victim=("Roisin", "Callaghan", "2/2/1993"),
    )
    assert Followup.objects.count() == before
    assert not Followup.objects.filter(incident=other).exists()
    page.goto(f"{server_url}/staff/")
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile(f"Record what you told her.*{other.reference}"))
    ).to_have_count(0)


def test_figures_page_is_accessible(page: Page, server_url: str, demo):
    SignInPage(page, server_url).sign_in("analyst", demo.password)
    page.goto(f"{server_url}/staff/followups/figures/")
    expect(page.get_by_role("heading", name="The 24-hour IDVA follow-up: figures")).to_be_visible()
    expect(page.locator("#by-group")).to_contain_text("With a 24-hour follow-up")
    assert_accessible(page)


def test_an_idva_closes_a_follow_up_without_a_visit(page: Page, server_url: str, demo):
    followup = (
        Followup.objects.filter(status="open", agency__name__contains="Knowsley")
        .order_by("due_at")
        .first()
    )
    SignInPage(page, server_url).sign_in("idva.knowsley", demo.password)
    page.goto(f"{server_url}/staff/followups/{followup.public_id}/")
    page.get_by_role("link", name="Close without a visit").click()
    expect(page.get_by_role("heading", name="Close without a visit")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Close the follow-up").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("It is not safe to contact her").check()
    page.get_by_label("Note (needed for another reason)").fill(
        "Her sister says he reads her phone."
    )
    page.get_by_role("button", name="Close the follow-up").click()
    expect(page.get_by_text("The follow-up has been closed without a visit.")).to_be_visible()
    expect(page.locator("#closure")).to_contain_text("It is not safe to contact her")
    assert_accessible(page)
    followup.refresh_from_db()
    assert followup.status == "closed" and followup.close_reason == "not_safe"
