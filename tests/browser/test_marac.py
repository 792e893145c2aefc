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


PHONE = {"width": 390, "height": 844}


def assert_fits_the_phone(page: Page) -> None:
    """No horizontal scrolling at 390 pixels wide."""
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ), "the page scrolls sideways at 390 pixels wide"


def test_a_coordinator_runs_a_meeting_case_by_case_prints_the_agenda_and_cancels_one(
    browser: Browser, server_url: str, demo
):
    from harbour.accounts.models import Agency
    from harbour.audit.models import AccessLogEntry, Action
    from harbour.marac.models import Invitation, Meeting

    meeting = (
        Meeting.objects.filter(starts_at__gt=timezone.now(), cancelled_at__isnull=True)
        .order_by("starts_at")
        .first()
    )
    cases = list(
        Hearing.objects.filter(meeting=meeting, removed_at__isnull=True).order_by("position")
    )
    assert len(cases) == 2
    invited = Invitation.objects.filter(hearing=cases[0], ended_at__isnull=True).values("agency")
    newcomer = (
        Agency.objects.filter(kind="specialist_service", is_active=True)
        .exclude(pk__in=invited)
        .order_by("name")
        .first()
    )

    page = browser.new_context(viewport=PHONE).new_page()
    SignInPage(page, server_url).sign_in("marac.coordinator", demo.password)

    # The agenda on a phone: one card per case, no sideways scrolling.
    page.goto(f"{server_url}/staff/marac/meetings/{meeting.public_id}/")
    expect(page.locator("#agenda > li")).to_have_count(2)
    assert_fits_the_phone(page)
    assert_accessible(page)

    # Printing asks why; an empty reason is an error naming its field.
    page.get_by_role("link", name="Print the agenda").click()
    expect(page.get_by_role("heading", name="Print the agenda or minutes")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Show the page to print").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_role("link", name="Enter why you are printing it")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Merseyside Police").check()
    page.get_by_label("Why are you printing it?").fill("Copy for the police representative")
    page.get_by_role("button", name="Show the page to print").click()
    expect(page.get_by_role("heading", name="Agenda")).to_be_visible()
    expect(
        page.get_by_text("Merseyside Police: only the cases it is invited to hear")
    ).to_be_visible()
    expect(page.locator("#print-cases > li")).to_have_count(2)
    assert_fits_the_phone(page)
    assert_accessible(page)
    export = AccessLogEntry.objects.get(action=Action.EXPORT, record_id=meeting.public_id)
    assert export.reason_ref.text == "Copy for the police representative"
    assert sorted(export.detail["hearings"]) == sorted(h.public_id for h in cases)

    # The meeting, case by case: an action for an agency not yet hearing the first case goes
    # through the invitation step, which shows the basis.
    page.get_by_role("link", name="The meeting").click()
    page.get_by_role("link", name="Run the meeting case by case").click()
    expect(page.get_by_text(re.compile(r"Case 1 of 2"))).to_be_visible()
    assert_fits_the_phone(page)
    assert_accessible(page)
    due = timezone.localdate() + datetime.timedelta(days=28)
    page.get_by_role("button", name="Record the action").click()
    expect(page).to_have_title(re.compile("^Error: Case 1 of 2"))
    expect(page.get_by_role("link", name="Choose the agency that owns the action")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Which agency owns the action?").select_option(label=newcomer.name)
    page.get_by_label("What is the action?").fill("Offer her a place on the outreach programme")
    page.get_by_label("Due by").fill(f"{due:%d/%m/%Y}")
    page.get_by_role("button", name="Record the action").click()
    expect(
        page.get_by_role("heading", name=f"Invite {newcomer.name} to hear the case")
    ).to_be_visible()
    expect(page.locator("#basis")).to_contain_text("Until the case closes")
    assert_accessible(page)
    page.get_by_role("button", name="Invite and record the action").click()
    expect(
        page.get_by_text(f"{newcomer.name} has been invited to hear the case, and the action")
    ).to_be_visible()
    expect(page.locator("#action-list")).to_contain_text("Offer her a place")
    assert_accessible(page)
    invitation = Invitation.objects.get(hearing=cases[0], agency=newcomer, ended_at__isnull=True)
    assert MaracAction.objects.filter(hearing=cases[0], agency=newcomer).exists()

    # Her sharing page records the invitation and the access it gives.
    person = cases[0].referral.person
    page.goto(f"{server_url}/staff/people/{person.public_id}/sharing/")
    shared = page.get_by_role("row").filter(has_text=newcomer.name)
    expect(shared).to_contain_text(f"Invited to hear case {cases[0].reference}")
    expect(shared).to_contain_text("until the case closes")
    expect(shared).to_contain_text("Gives the agency access to her record: MARAC hearing")
    assert_accessible(page)
    assert invitation.share.is_active
    page.go_back()

    # Next case; the meeting starts, and the outcome is recorded on the same page.
    page.goto(f"{server_url}/staff/marac/hearings/{cases[0].public_id}/run/")
    page.get_by_role("link", name=re.compile("Next case")).click()
    expect(page.get_by_text(re.compile(r"Case 2 of 2"))).to_be_visible()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=30)
    )
    page.reload()
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_role("link", name="Choose the outcome")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Heard: no actions needed").check()
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_text("The outcome has been recorded.")).to_be_visible()
    expect(page.get_by_text("This is the last case on the agenda.")).to_be_visible()
    assert_accessible(page)
    assert Hearing.objects.get(pk=cases[1].pk).outcome == "no_actions"

    # Another meeting, with Aisha's waiting referral on its agenda, is cancelled with a reason.
    aisha = MaracReferral.objects.get(person=demo.shared["people"]["Aisha Rahman"])
    day = timezone.localdate() + datetime.timedelta(days=35)
    page.goto(f"{server_url}/staff/marac/meetings/new/")
    MaracPages(page, server_url).schedule(starts=f"{day:%d/%m/%Y} 10:00")
    page.get_by_role("button", name="Build the agenda").click()
    expect(page.locator("#agenda > li").filter(has_text="Aisha Rahman")).to_be_visible()
    assert_fits_the_phone(page)
    page.get_by_role("link", name="Cancel the meeting").click()
    expect(page.locator("#cases-back")).to_contain_text(
        "1 case on its agenda goes back to waiting for a meeting."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Cancel the meeting").click()
    expect(page).to_have_title(re.compile("^Error: Cancel the meeting"))
    expect(page.get_by_role("link", name="Enter why the meeting is cancelled")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why is the meeting cancelled?").fill("The venue is closed that day.")
    page.get_by_role("button", name="Cancel the meeting").click()
    expect(page.get_by_text("The meeting has been cancelled.")).to_be_visible()
    expect(page.get_by_text("The venue is closed that day.")).to_be_visible()
    assert_accessible(page)
    aisha.refresh_from_db()
    assert aisha.status == "open"
    cancelled = Meeting.objects.get(cancelled_at__isnull=False, cancel_reason__isnull=False)
    assert cancelled.cancel_reason.text == "The venue is closed that day."
