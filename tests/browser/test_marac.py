"""MARAC in a real browser: the coordinator schedules a meeting for her area and finds the
referral on the agenda; an invited agency records what it knows; the coordinator records an
action for an agency with a due date. axe-core checks every page on the way."""

from __future__ import annotations

import datetime
import re

from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from harbour.marac.models import Hearing, Information, MaracAction, MaracReferral
from tests.browser.pages import MaracPages, SignInPage

AXE = Axe()


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_meeting_is_scheduled_heard_with_research_and_given_an_action(
    browser: Browser, server_url: str, demo
):
    aisha = demo.shared["people"]["Aisha Rahman"]
    referral = MaracReferral.objects.get(person=aisha)
    assert referral.status == "open"
    day = timezone.localdate() + datetime.timedelta(days=21)

    # The coordinator schedules a meeting of the Liverpool MARAC and builds its agenda.
    coordinator = browser.new_context().new_page()
    SignInPage(coordinator, server_url).sign_in("marac.coordinator", demo.password)
    marac = MaracPages(coordinator, server_url)
    marac.open_home()
    expect(coordinator.get_by_role("link", name=referral.reference)).to_be_visible()
    assert_accessible(coordinator)
    coordinator.get_by_role("link", name="Schedule a meeting").click()
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Schedule the meeting").click()
    expect(coordinator.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(coordinator)
    marac.schedule(starts=f"{day:%d/%m/%Y} 14:00")
    expect(
        coordinator.get_by_role("heading", name=re.compile("^Meeting on .* 14:00$"))
    ).to_be_visible()
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Build the agenda").click()
    expect(marac.agenda_row("Aisha Rahman")).to_contain_text("Visible high risk")
    coordinator.get_by_role("button", name="Invite agencies").click()
    expect(coordinator.get_by_text(re.compile(r"Invitations sent: \d+"))).to_be_visible()
    assert_accessible(coordinator)
    hearing = Hearing.objects.get(referral=referral, removed_at__isnull=True)
    assert timezone.localtime(hearing.meeting.starts_at).hour == 14

    # The Liverpool IDVA service, invited, records what it knows from its work queue.
    idva = browser.new_context().new_page()
    SignInPage(idva, server_url).sign_in("idva.liverpool", demo.password)
    idva.get_by_role(
        "link", name=re.compile(f"Record what your agency knows for case {hearing.reference}")
    ).click()
    expect(idva.get_by_role("heading", name="Aisha Rahman")).to_be_visible()
    assert_accessible(idva)
    idva.get_by_role("link", name="Record what your agency knows").click()
    idva.get_by_role("button", name="Record and share").click()
    expect(idva.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(idva)
    MaracPages(idva, server_url).record_information(
        "She has an IDVA; she wants to stay at home with a safety plan. Her family are watching "
        "the house."
    )
    expect(idva.locator("#information")).to_be_visible()
    expect(idva.get_by_text("Her family are watching the house.", exact=False)).to_be_visible()
    assert_accessible(idva)
    information = Information.objects.get(hearing=hearing)
    assert information.share.basis.code == "gdpr-6-1-e-public-task"

    # The coordinator records an action for the police with a due date.
    coordinator.goto(f"{server_url}/staff/marac/hearings/{hearing.public_id}/")
    expect(
        coordinator.get_by_text("Her family are watching the house.", exact=False)
    ).to_be_visible()
    coordinator.get_by_role("link", name="Record an action").click()
    assert_accessible(coordinator)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    marac.record_action(
        agency="Merseyside Police", description="Flag the address", due=f"{yesterday:%d/%m/%Y}"
    )
    expect(coordinator.get_by_text("The due date must be today or later")).to_have_count(2)
    assert_accessible(coordinator)
    due = day + datetime.timedelta(days=14)
    marac.record_action(
        agency="Merseyside Police",
        description="Flag the address for an urgent response",
        due=f"{due:%d/%m/%Y}",
    )
    expect(coordinator.get_by_text("The action has been recorded.")).to_be_visible()
    expect(coordinator.locator("#actions ~ table")).to_contain_text("Merseyside Police")
    assert_accessible(coordinator)
    action = MaracAction.objects.get(hearing=hearing)
    assert action.due_on == due and action.agency.name == "Merseyside Police"

    # The figures page, with the benchmark and national figures beside the area's.
    coordinator.get_by_role("link", name="MARAC figures").click()
    expect(coordinator.get_by_role("heading", name="MARAC figures")).to_be_visible()
    expect(
        coordinator.get_by_text(re.compile("National, October 2023 to September 2024"))
    ).to_be_visible()
    assert_accessible(coordinator)


def test_an_agency_not_hearing_a_case_finds_nothing(page: Page, server_url: str, demo):
    hearing = Hearing.objects.filter(removed_at__isnull=True, outcome="").first()
    SignInPage(page, server_url).sign_in("specialist.caseworker", demo.password)
    page.goto(f"{server_url}/staff/marac/hearings/{hearing.public_id}/")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    assert_accessible(page)
