"""A consultation in a real browser: an analyst builds it, a survivor answers on a phone-sized
screen leaving nothing in her browser, a spreadsheet of answers is imported, and the analyst
runs the theme analysis (a background task) and renames a theme. Accessibility is checked on
every page of the journey."""

from __future__ import annotations

import csv
import datetime
import io

from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from harbour.consultations.models import Consultation, Response
from harbour.core.testing import run_worker
from tests.browser.pages import SignInPage

AXE = Axe()
PHONE = {"width": 375, "height": 667}
QUESTION = "What would make the biggest difference?"
IMPORTED = [
    "More money for refuges and longer contracts",
    "Funding for specialist services keeps being cut",
    "Teach consent and healthy relationships in schools",
    "Schools should train teachers to spot abuse",
    "Posters and adverts on buses so people know where to go",
    "Campaigns on social media for young people",
]


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def _day(offset: int) -> str:
    day = timezone.localdate() + datetime.timedelta(days=offset)
    return f"{day.day}/{day.month}/{day.year}"


def _spreadsheet() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["audience", QUESTION])
    for n in range(60):
        writer.writerow(["Members of the public", f"{IMPORTED[n % len(IMPORTED)]} ({n})"])
    return buffer.getvalue().encode()


def test_build_answer_import_analyse_and_rename(page: Page, browser: Browser, server_url, demo):
    # The analyst builds a consultation.
    SignInPage(page, server_url).sign_in("analyst", demo.password)
    page.goto(f"{server_url}/staff/consultations/")
    assert_accessible(page)
    page.get_by_role("link", name="Start a consultation").click()
    page.get_by_label("Title").fill("Support in the region")
    who = page.get_by_role("group", name="Who is it for?")
    who.get_by_label("Victims and survivors").check()
    who.get_by_label("Members of the public").check()
    page.get_by_label("Opens on").fill(_day(-1))
    page.get_by_label("Closes on").fill(_day(30))
    page.get_by_label("Topics (optional)").fill("Services\nFunding")
    assert_accessible(page)
    page.get_by_role("button", name="Create the consultation").click()
    expect(page.get_by_role("heading", name="Support in the region", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Question", exact=True).fill(QUESTION)
    page.get_by_role("group", name="How is it answered?").get_by_label("Free text").check()
    assert_accessible(page)
    page.get_by_role("button", name="Add the question").click()
    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Kind of question").select_option(label="About you: Area")
    page.get_by_role("button", name="Add the question").click()
    expect(page.get_by_role("cell", name="About you: Area")).to_be_visible()
    consultation = Consultation.objects.get(title="Support in the region")

    # A survivor answers on her phone.
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    survivor = phone.new_page()
    survivor.goto(f"{server_url}/have-your-say/{consultation.public_id}/")
    expect(survivor.get_by_role("heading", name="Support in the region")).to_be_visible()
    expect(survivor.get_by_role("button", name="Emergency Exit this page").first).to_be_visible()
    assert_accessible(survivor)
    survivor.get_by_role("group", name="Which of these describes you best?").get_by_label(
        "Victims and survivors"
    ).check()
    survivor.get_by_label(QUESTION).fill("My IDVA Sarah listened. More refuge places please.")
    survivor.get_by_role("button", name="Send your answers").click()
    expect(survivor.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_accessible(survivor)
    assert phone.cookies() == []
    assert phone.storage_state()["origins"] == []
    assert survivor.evaluate("localStorage.length + sessionStorage.length") == 0
    phone.close()
    answer = Response.objects.get(consultation=consultation, route="public").answers.get()
    assert answer.redacted_text == "My IDVA [name] listened. More refuge places please."

    # A spreadsheet of answers arrives.
    page.get_by_role("link", name="Import answers from a spreadsheet").click()
    assert_accessible(page)
    page.get_by_label("Spreadsheet of answers").set_input_files(
        files=[{"name": "answers.csv", "mimeType": "text/csv", "buffer": _spreadsheet()}]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Answers imported")).to_be_visible()
    assert_accessible(page)
    assert Response.objects.filter(consultation=consultation, route="import").count() == 60

    # The analyst runs the theme analysis, in the background, and renames a theme.
    page.get_by_role("link", name="Back to the consultation").click()
    page.get_by_role("link", name=f"Themes of {QUESTION}").click()
    assert_accessible(page)
    page.get_by_role("button", name="Run the analysis").click()
    expect(page.get_by_role("status")).to_contain_text("The analysis is running")
    run_worker()
    page.reload()
    expect(page.get_by_role("heading", name="Themes", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Other")).to_be_visible()
    assert_accessible(page)
    page.locator("table a").first.click()
    assert_accessible(page)
    page.get_by_label("New name").fill("Refuges and funding")
    page.get_by_role("button", name="Rename").click()
    expect(page.get_by_role("heading", name="Refuges and funding", level=1)).to_be_visible()
    assert_accessible(page)
