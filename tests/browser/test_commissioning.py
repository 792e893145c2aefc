"""Commissioning in a real browser, each person in their own signed-in session: a commissioner
adds a funder and a fund and sets up a contract with a provider of the directory; the provider's
returns officer uploads a quarterly return from a spreadsheet (a bad file first: nothing
imported, every problem named); the contract shows the return and the figures page shows spend
against budget at once. People supported and the costs per person come from the quarters'
releases: the daily releases task runs (as the deployment's scheduled task does), and the
return, made after its quarter was released, waits for a revision; the released figures show
the cost per person withheld where its count is small. Accessibility is checked on every
page."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from harbour.commissioning.models import Contract, QuarterlyReturn, financial_year_of
from harbour.statistics.tasks import releases_publish
from tests.browser.pages import SignInPage

AXE = Axe()


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def upload(page: Page, text: str) -> None:
    page.get_by_label("Spreadsheet of returns").set_input_files(
        files=[{"name": "returns.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Upload").click()


def test_commissioner_sets_up_a_contract_and_the_provider_uploads_a_return(
    page: Page, browser: Browser, server_url: str, demo
):
    year = financial_year_of(timezone.localdate()) - 1
    SignInPage(page, server_url).sign_in("commissioner", demo.password)
    page.get_by_role("link", name="Contracts and returns").first.click()
    expect(page.get_by_role("heading", name="Contracts and returns")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add a funder").click()
    page.get_by_label("Name", exact=True).fill("Police and Crime Commissioner")
    page.get_by_label("Organisation identifier").fill("GB-PCC-DEMO")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Add a fund", exact=True).click()
    page.get_by_label("Funder").select_option(label="Police and Crime Commissioner")
    page.get_by_label("Name of the fund").fill("Harmful Practices Fund")
    page.get_by_label("Programme code").fill("harmful-practices")
    page.get_by_label("Total (£)").fill("120000")
    page.get_by_label("Starts", exact=True).fill(f"1/4/{year}")
    page.get_by_label("Ends", exact=True).fill(f"31/3/{year + 2}")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Set up a contract in Harmful Practices Fund").click()
    page.get_by_label("Contract reference").fill("HPF-01")
    page.get_by_label("Title", exact=True).fill("FGM clinic")
    page.get_by_label("What the contract pays for").fill("A weekly FGM specialist clinic.")
    page.get_by_label("Provider").select_option(label="Safe Voices Harmful Practices Service")
    page.get_by_role(
        "checkbox", name="FGM specialist support clinic (Safe Voices Harmful Practices Service)"
    ).check()
    page.get_by_role("checkbox", name="Liverpool", exact=True).check()
    page.get_by_label("Amount awarded (£)").fill("200000")
    page.get_by_label("Awarded", exact=True).fill(f"1/3/{year}")
    page.get_by_label("Starts", exact=True).fill(f"1/4/{year}")
    page.get_by_label("Ends", exact=True).fill(f"31/3/{year + 2}")
    page.get_by_role("button", name="Save").click()
    # More than the fund holds: the error summary says so, and nothing is set up.
    expect(page.locator(".govuk-error-summary")).to_contain_text("more than its total")
    assert_accessible(page)
    assert not Contract.objects.filter(reference="HPF-01").exists()
    page.get_by_label("Amount awarded (£)").fill("80000")
    page.get_by_role("checkbox", name="Liverpool", exact=True).check()
    page.get_by_role(
        "checkbox", name="FGM specialist support clinic (Safe Voices Harmful Practices Service)"
    ).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="HPF-01: FGM clinic")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Set a year's budget").click()
    page.get_by_label("Financial year").select_option(label=f"{year}-{(year + 1) % 100:02d}")
    page.get_by_label("Budget (£)").fill("40000")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#budgets")).to_contain_text("£40,000.00")

    # The provider's returns officer, in his own session.
    provider_context = browser.new_context()
    provider = provider_context.new_page()
    SignInPage(provider, server_url).sign_in("returns.officer", demo.password)
    provider.goto(f"{server_url}/staff/commissioning/returns/upload/")
    assert_accessible(provider)
    header = "contract,year,quarter,spend,referrals_received,people_supported,outcomes_achieved"
    upload(provider, f"{header}\nHPF-01,{year},1,=1+1,4,3,2\nVSF-DA-01,{year},1,10,1,1,1\n")
    problems = provider.locator("#problems")
    expect(problems).to_contain_text("Row 2, spend: holds a formula")
    expect(problems).to_contain_text("Row 3, contract: “VSF-DA-01” is not a contract you return")
    assert_accessible(provider)
    assert not QuarterlyReturn.objects.filter(contract__reference="HPF-01").exists()
    upload(provider, f"{header}\nHPF-01,{year},1,9500.00,4,3,2\n")
    expect(provider.get_by_text("1 returns imported.")).to_be_visible()
    contract = Contract.objects.get(reference="HPF-01")
    provider.goto(f"{server_url}/staff/commissioning/contracts/{contract.public_id}/")
    expect(provider.locator("#returns")).to_contain_text("£9,500.00")
    assert_accessible(provider)
    provider_context.close()

    # The daily releases task, as the deployment runs it: the quarter was released before the
    # return came in, so the return waits for the quarter's revision.
    releases_publish.call()

    # The commissioner's figures: the spend against the budget at once (public money); the
    # costs from the released quarters, where the harmful practices service's few people a
    # quarter are withheld, and so is its cost per person.
    page.get_by_role("link", name="Spend and outcomes").first.click()
    page.goto(f"{page.url}?year={year}")
    row = page.locator("#spend tr", has_text="HPF-01")
    expect(row).to_contain_text("£40,000.00")
    expect(row).to_contain_text("£9,500.00")
    expect(page.locator("#released-quarters")).to_contain_text(f"April to June {year}")
    expect(page.locator(f"#release-{year}-Q1")).to_contain_text("Published")
    cost = page.locator("#costs tr", has_text="VSF-HP-01")
    expect(cost).to_contain_text("[c]")
    expect(page.locator("#costs")).not_to_contain_text("FGM clinic")
    expect(page.locator('[data-chart="spend-chart"] canvas')).to_be_visible()
    assert_accessible(page)
