"""Small page objects for Harbour's browser journeys."""

from __future__ import annotations

import re

from playwright.sync_api import Page, Route, expect

from harbour.accounts.models import User
from harbour.accounts.services import totp_current_code, totp_device_confirmed


class SignInPage:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def sign_in(self, username: str, password: str) -> None:
        """Password step, then a code generated from the user's TOTP secret."""
        page = self.page
        page.goto(f"{self.base_url}/staff/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
        device = totp_device_confirmed(User.objects.get(username=username))
        page.get_by_label("Code from your authenticator app").fill(totp_current_code(device))
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Your work")).to_be_visible()

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
        expect(self.page.get_by_role("heading", name="Sign in to Harbour")).to_be_visible()


EXIT_SITE = "https://www.bbc.co.uk/"
FORGET_AND_EXIT = re.compile(r".*/results/[A-Za-z0-9_-]{22}/exit/$")


def intercept_exit(page: Page) -> list[str]:
    """Answer the exit site's address here, so the test never leaves this machine; the
    addresses asked for are returned.

    From a search's pages, Exit this page goes through Harbour (which forgets the search) and is
    redirected to the exit site. Playwright does not route the target of a redirect, so that
    redirect is checked and then followed here as a navigation of its own."""
    asked: list[str] = []

    def to_exit_site(route: Route) -> None:
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>")

    def forget_then_leave(route: Route) -> None:
        response = route.fetch(max_redirects=0)  # Harbour forgets the search here
        assert response.status == 302, response.status
        location = response.headers["location"]
        assert location.startswith(EXIT_SITE), location
        refresh = f'<meta http-equiv="refresh" content="0;url={location}">'
        route.fulfill(status=200, content_type="text/html", body=refresh)

    page.route(f"{EXIT_SITE}**", to_exit_site)
    page.route(FORGET_AND_EXIT, forget_then_leave)
    return asked


class FindSupportPage:
    """The public site: search by need and area, open a service, leave quickly."""

    NEED_QUESTION = "What kind of support are you looking for?"
    AREA_QUESTION = "Where do you live, or where do you need support?"

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open(self) -> None:
        self.page.goto(f"{self.base_url}/")
        expect(self.page.get_by_role("heading", name="Find support")).to_be_visible()

    def search(self, *, need: str, area: str, words: str = "") -> None:
        page = self.page
        page.get_by_role("group", name=self.NEED_QUESTION).get_by_label(need, exact=True).check()
        page.get_by_label(self.AREA_QUESTION).select_option(label=area)
        if words:
            page.get_by_label("Words to search for (optional)").fill(words)
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_role("heading", name=re.compile(r"\d+ services? found"))).to_be_visible()

    def result_names(self) -> list[str]:
        return self.page.locator(".harbour-result h2").all_inner_texts()

    def open_service(self, name: str) -> None:
        self.page.get_by_role("link", name=name, exact=True).click()
        expect(self.page.get_by_role("heading", name=name, level=1)).to_be_visible()

    def exit_with_button(self) -> None:
        self.page.get_by_role("button", name="Emergency Exit this page").first.click()

    def exit_with_shift_three_times(self) -> None:
        # The shortcut works once GOV.UK Frontend has started the component.
        self.page.locator(".govuk-exit-this-page[data-govuk-exit-this-page-init]").wait_for(
            state="attached"
        )
        for _ in range(3):
            self.page.keyboard.press("Shift")

    def browser_storage(self) -> dict:
        """What this site has left in the browser: cookies and both kinds of web storage."""
        return {
            "cookies": self.page.context.cookies(),
            "localStorage": self.page.evaluate("window.localStorage.length"),
            "sessionStorage": self.page.evaluate("window.sessionStorage.length"),
        }


class PoliceIncidentPages:
    """A police officer recording an incident: who was harmed, what happened, the person
    harming her, the domestic-abuse decision, the police checklist and its result."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def start(self) -> None:
        self.page.get_by_role("link", name="Incidents", exact=True).click()
        self.page.get_by_role("link", name="Record an incident").click()
        expect(self.page.get_by_role("heading", name="Who was harmed?")).to_be_visible()

    def record_victim(
        self,
        *,
        given_name: str,
        family_name: str,
        date_of_birth: str,
        safe_times: str = "Weekday mornings",
    ) -> None:
        """Step 1's question pages: who she is (checked for a record first: none here), safe
        contact from the task list, then her record is created."""
        page = self.page
        page.get_by_label("Given name").fill(given_name)
        page.get_by_label("Family name").fill(family_name)
        page.get_by_label("Date of birth (optional)").fill(date_of_birth)
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", name="Her record")).to_be_visible()
        self.answer_section("Safe contact", {"Safe times to contact her": safe_times})
        self.create_record()

    def answer_section(self, title: str, answers: dict[str, str]) -> None:
        """Open a question page from the task list, type into its fields, save it."""
        page = self.page
        page.locator(".govuk-task-list").get_by_role("link", name=title).click()
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
        for label, value in answers.items():
            page.get_by_label(label, exact=True).fill(value)
        page.get_by_role("button", name="Save and continue").click()
        expect(page.get_by_role("heading", name="Her record")).to_be_visible()

    def create_record(self) -> None:
        self.page.get_by_role("button", name="Create her record and continue").click()
        expect(self.page.get_by_role("heading", name="What happened?")).to_be_visible()

    def type_name_only(self, *, given_name: str, family_name: str, button: str = "Continue"):
        page = self.page
        page.get_by_label("Given name").fill(given_name)
        page.get_by_label("Family name").fill(family_name)
        page.get_by_role("button", name=button).click()

    def choose_record(self, *, question: str, name: str, button: str = "Continue") -> None:
        """Pick one of the records her agency already works with, offered by name."""
        self.page.get_by_role("group", name=question).get_by_label(name, exact=True).check()
        self.page.get_by_role("button", name=button).click()

    def fill_incident(
        self,
        *,
        occurred: str,
        visited: str,
        area: str,
        offences: list[str],
        children_present: str = "No",
        children_in_household: str = "No",
        supports: str = "Yes, she supports police action",
    ) -> None:
        page = self.page
        page.get_by_label("When did it happen?").fill(occurred)
        page.get_by_label("When did the police first visit her?").fill(visited)
        page.get_by_label("Area").select_option(label=area)
        offences_group = page.get_by_role("group", name="Offences")
        for offence in offences:
            offences_group.get_by_label(offence, exact=True).check()
        page.get_by_role("group", name="Were children present?").get_by_label(
            children_present, exact=True
        ).check()
        page.get_by_role("group", name="Do children live in the household?").get_by_label(
            children_in_household, exact=True
        ).check()
        page.get_by_role("group", name="Does she support police action?").get_by_label(
            supports
        ).check()

    def save_incident(self) -> None:
        self.page.get_by_role("button", name="Save and continue").click()
        expect(self.page.get_by_role("heading", name="Add the person harming her")).to_be_visible()

    def add_harmer(
        self, *, given_name: str, family_name: str, date_of_birth: str, relationship: str
    ) -> None:
        page = self.page
        page.get_by_label("Given name").fill(given_name)
        page.get_by_label("Family name").fill(family_name)
        page.get_by_label("Date of birth (optional)").fill(date_of_birth)
        page.get_by_label("What is this person to her?").select_option(label=relationship)
        page.get_by_role("button", name="Add this person").click()
        expect(page.get_by_text("The person harming her has been added.")).to_be_visible()

    def confirm_domestic_abuse(self) -> None:
        page = self.page
        page.get_by_role("link", name="Confirm whether this is domestic abuse").click()
        expect(page.get_by_text("On what is recorded, the test says: Yes")).to_be_visible()
        page.get_by_label("Yes, this is domestic abuse").check()
        page.get_by_role("button", name="Confirm").click()
        # In a pilot area the 24-hour follow-up comes next, elsewhere the checklist.
        expect(
            page.get_by_role(
                "heading",
                name=re.compile(
                    "^(Police domestic abuse risk checklist|The 24-hour IDVA follow-up)$"
                ),
            )
        ).to_be_visible()

    def question(self, number: int, text: str):
        return self.page.get_by_role("group", name=f"{number}. {text}", exact=True)

    def answer_all(self, answer: str = "No") -> None:
        """Answer every visible checklist question still unanswered, follow-ons included (by
        clicking, as an officer would)."""
        questions = self.page.locator("fieldset").filter(
            has=self.page.locator(":scope > .govuk-radios input[value=not_known]")
        )
        for index in range(questions.count()):
            question = questions.nth(index)
            radios = question.locator(":scope > .govuk-radios > .govuk-radios__item")
            if not question.is_visible() or radios.locator("input:checked").count():
                continue
            radios.get_by_label(answer, exact=True).check()

    def grade(self, *, level: str, reasons: str) -> None:
        page = self.page
        page.get_by_role("group", name="Your grading of the risk").get_by_label(
            level, exact=True
        ).check()
        page.get_by_label("Your reasons").fill(reasons)

    def save_checklist(self) -> None:
        self.page.get_by_role("button", name="Save and see the level").click()


class ReferralPages:
    """Making and deciding referrals, in the staff area."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def choose_radio(self, question: str, answer: str) -> None:
        self.page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()

    def continue_(self) -> None:
        self.page.get_by_role("button", name="Continue").click()

    def share_because(self, situation: str) -> None:
        """Why her information can be shared: the situation, then Continue."""
        self.page.get_by_role(
            "group", name=re.compile("Why can her information be shared")
        ).get_by_label(situation, exact=True).check()
        self.continue_()

    def confirm_preconditions(self) -> None:
        """Tick each condition the page shows, then Continue."""
        group = self.page.get_by_role("group", name="Confirm that each of these holds")
        boxes = group.get_by_role("checkbox")
        for index in range(boxes.count()):
            boxes.nth(index).check()
        self.continue_()

    def check_answers(self) -> None:
        expect(
            self.page.get_by_role("heading", name="Check your answers before sending the referral")
        ).to_be_visible()

    def send(self) -> None:
        """From "Check your answers": send, and see the confirmation."""
        self.check_answers()
        self.page.get_by_role("button", name="Send the referral").click()
        expect(self.page.get_by_role("heading", name="Referral sent")).to_be_visible()

    def open_from_work_queue(self, title: re.Pattern) -> None:
        self.page.goto(f"{self.base_url}/staff/")
        self.page.get_by_role("link", name=title).click()
        expect(self.page.get_by_role("heading", name=re.compile("Referral from"))).to_be_visible()

    def accept(self) -> None:
        self.page.get_by_role("button", name="Accept the referral").click()
        expect(self.page.get_by_text("Referral accepted.")).to_be_visible()


class FollowupPages:
    """The 24-hour follow-up: the officer records what she told the survivor; the IDVA opens
    her service's follow-ups, records the visit and the survivor's decision."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open_notice_from_work_queue(self, reference: str) -> None:
        page = self.page
        page.goto(f"{self.base_url}/staff/")
        page.get_by_role("link", name="Record what you told her").filter(has_text=reference).click()
        expect(page.get_by_role("heading", name="The 24-hour IDVA follow-up")).to_be_visible()

    def record_notice(self, *, answer: str, told: str) -> None:
        page = self.page
        page.get_by_label(answer).check()
        page.get_by_label("When did you tell her?").fill(told)
        page.get_by_role("button", name="Record her answer").click()
        expect(page.get_by_text("What she was told has been recorded.")).to_be_visible()

    def open_list(self, show: str | None = None) -> None:
        page = self.page
        page.get_by_role("link", name="Follow-ups", exact=True).click()
        expect(page.get_by_role("heading", name="24-hour follow-ups")).to_be_visible()
        if show:
            page.get_by_role("link", name=re.compile(f"^{show} ")).click()

    def open_followup(self, name: str) -> None:
        self.page.get_by_role("link", name=name, exact=True).click()
        expect(self.page.get_by_role("heading", name=f"Follow-up for {name}")).to_be_visible()

    def start_visit(self) -> None:
        self.page.get_by_role("link", name="Record a visit or an attempt").click()
        expect(
            self.page.get_by_role("heading", name="Record a visit or an attempt")
        ).to_be_visible()

    def fill_visit(
        self,
        *,
        when: str,
        how: str,
        spoke: str,
        safety_plan: str = "",
        plan: str = "",
        referrals: tuple[str, ...] = (),
        prosecution: str = "",
        note: str = "",
    ) -> None:
        page = self.page
        page.get_by_label("When did you contact her, or try to?").fill(when)
        page.get_by_role("group", name="How?").get_by_label(how, exact=True).check()
        # Its "Yes" reveals the questions asked only if she was reached (nested radios).
        page.get_by_label(spoke, exact=True).and_(page.locator('[name="contact_made"]')).check()
        if note:
            page.get_by_label("What happened (needed if you did not speak with her)").fill(note)
        if safety_plan:
            page.get_by_role("group", name="Did you complete a safety plan with her?").get_by_label(
                safety_plan, exact=True
            ).check()
        if plan:
            page.get_by_label("The safety plan, briefly").fill(plan)
        for service in referrals:
            page.get_by_role("group", name="Services you referred her to").get_by_label(
                service, exact=True
            ).check()
        if prosecution:
            page.get_by_role("group", name="Does she support a prosecution?").get_by_label(
                prosecution
            ).check()

    def save_visit(self) -> None:
        self.page.get_by_role("button", name="Save").click()

    def record_decision(self, prosecution: str, note: str = "") -> None:
        page = self.page
        page.get_by_role("link", name="Record a change in her decision").click()
        page.get_by_role("group", name="Does she support a prosecution?").get_by_label(
            prosecution
        ).check()
        if note:
            page.get_by_label("Note (optional)").fill(note)
        page.get_by_role("button", name="Record her decision").click()
        expect(page.get_by_text("Her decision has been recorded.")).to_be_visible()


class MaracPages:
    """A MARAC coordinator's and an invited agency's pages."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open_home(self) -> None:
        self.page.get_by_role("link", name="MARAC", exact=True).click()
        expect(self.page.get_by_role("heading", name="MARAC", exact=True)).to_be_visible()

    def schedule(self, *, starts: str) -> None:
        page = self.page
        page.get_by_label("When does the meeting start?").fill(starts)
        page.get_by_role("button", name="Schedule the meeting").click()
        expect(page.get_by_text("The meeting has been scheduled.")).to_be_visible()

    def agenda_row(self, name: str):
        return self.page.locator("#agenda > li").filter(has_text=name)

    def record_information(self, text: str) -> None:
        """On the form: what the agency knows, shared with the agencies hearing the case."""
        page = self.page
        page.get_by_label("What does your agency know?").fill(text)
        page.get_by_role("button", name="Record and share").click()
        expect(
            page.get_by_text("What your agency knows has been recorded and shared.")
        ).to_be_visible()

    def record_action(self, *, agency: str, description: str, due: str) -> None:
        page = self.page
        page.get_by_label("Which agency owns the action?").select_option(label=agency)
        page.get_by_label("What is the action?").fill(description)
        page.get_by_label("Due by").fill(due)
        page.get_by_role("button", name="Record the action").click()


class AccountPages:
    """An administrator's pages for users, and the pages a one-time link opens."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open_users(self) -> None:
        self.page.get_by_role("link", name="Users", exact=True).click()
        expect(self.page.get_by_role("heading", name="Users", exact=True)).to_be_visible()

    def open_account(self, name: str) -> None:
        self.page.get_by_role("link", name=name, exact=True).click()
        expect(self.page.get_by_role("heading", name=re.compile(name))).to_be_visible()

    def reset_sign_in(self) -> None:
        page = self.page
        page.get_by_role("link", name="Reset sign-in").click()
        expect(page.get_by_role("heading", name="Reset sign-in")).to_be_visible()

    def confirm_reset(self) -> None:
        self.page.get_by_role("button", name="Reset sign-in and email the link").click()
        expect(self.page.get_by_text("Their sign-in is reset.")).to_be_visible()

    def open_link(self, address: str) -> None:
        self.page.goto(address)

    def choose_password(self, password: str) -> None:
        page = self.page
        expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
        page.get_by_label("New password", exact=True).fill(password)
        page.get_by_label("Type the new password again").fill(password)
        page.get_by_role("button", name="Set my password").click()

    def set_up_authenticator(self, code: str) -> None:
        page = self.page
        page.get_by_label("Code from your authenticator app").fill(code)
        page.get_by_role("button", name="Finish and sign in").click()
        expect(page.get_by_role("heading", name="Your work")).to_be_visible()

    def shown_key(self) -> str:
        text = self.page.get_by_text(re.compile("^Key:")).inner_text()
        return text.split(":", 1)[1].strip()
