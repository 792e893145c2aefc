"""The dashboard's prevention reach (from the released school year, never from sessions) and
funding per 1,000 residents (budgets over population), each a chart beside its table, and in
the download."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.accounts.testing import sign_in
from harbour.commissioning.factories import contract_make
from harbour.commissioning.funding import funding_by_area
from harbour.commissioning.services import budget_set
from harbour.insights.sections.funding import funding_section
from harbour.insights.sections.prevention_reach import reach_section
from harbour.prevention.factories import programme_make, session_make
from harbour.prevention.models import Audience
from harbour.prevention.published_tables import NAME
from harbour.regions.models import LocalAuthority
from harbour.statistics.releases import releases_publish_due
from harbour.statistics.tables import TOTAL

pytestmark = pytest.mark.django_db
NOVEMBER = datetime.datetime(2026, 11, 10, 12, tzinfo=datetime.UTC)


@pytest.fixture
def now():
    with time_machine.travel(NOVEMBER):
        yield


def _area(name, code, population):
    return LocalAuthority.objects.create(
        gss_code=code,
        name=name,
        population_all_ages=population,
        women_16_plus=population and population // 3,
    )


def test_funding_per_head_shares_a_contract_by_population(now):
    commissioner = UserFactory(role=Role.COMMISSIONER)
    big = _area("Bigtown", "E08000901", 300_000)
    small = _area("Smallton", "E08000902", 100_000)
    unknown = _area("Nowhere", "E08000903", None)
    shared = contract_make(by=commissioner, areas=[big, small], amount=Decimal("500000"))
    own = contract_make(
        by=commissioner, stream=shared.stream, areas=[small], amount=Decimal("200000")
    )
    budget_set(contract=shared, year=2026, amount=Decimal("120000"), by=commissioner)
    budget_set(contract=own, year=2026, amount=Decimal("10000"), by=commissioner)
    budget_set(contract=own, year=2025, amount=Decimal("5000"), by=commissioner)
    rows = {row.name: row for row in funding_by_area(2026)}
    # 120,000 shared 3:1 by population: 90,000 and 30,000 (+ 10,000 of its own contract).
    assert rows["Bigtown"].funding == Decimal("90000.00")
    assert rows["Smallton"].funding == Decimal("40000.00")
    assert rows["Bigtown"].per_head == Decimal("300.00"), "£90,000 over 300 thousand residents"
    assert rows["Smallton"].per_head == Decimal("400.00")
    assert rows["Nowhere"].funding == 0 and rows["Nowhere"].per_head is None
    assert rows[""].funding == Decimal("130000.00") and rows[""].per_head is None
    section = funding_section()
    assert section.years == ["2025-26", "2026-27"]
    smallton = next(row for row in section.rows if row.label == "Smallton")
    assert smallton.per_head == [Decimal("50.00"), Decimal("400.00")]
    chart = section.chart
    assert chart["labels"] == ["Bigtown", "Nowhere", "Smallton"]
    assert chart["datasets"][1]["data"] == [300.0, None, 400.0]
    unknown.population_all_ages = 100_000
    unknown.save()
    assert funding_by_area(2026)[-1].per_head == Decimal("260.00"), "£130,000 over 500 thousand"


def _reach():
    educator = UserFactory(role=Role.EDUCATION_PROVIDER)
    programme = programme_make(by=educator, name="Healthy relationships")
    area = _area("Bigtown", "E08000901", 300_000)
    other = _area("Smallton", "E08000902", 100_000)
    for number in range(4):
        session_make(
            programme=programme,
            by=educator,
            area=area if number % 2 else other,
            attendance=30,
            held_on=datetime.date(2026, 3, 2 + number),
        )
    session_make(
        programme=programme,
        by=educator,
        area=area,
        audience=Audience.PROFESSIONALS,
        attendance=2,
        held_on=datetime.date(2026, 3, 9),
    )
    return educator, programme, area


def test_reach_by_area_is_read_from_the_release(now):
    educator, programme, area = _reach()
    assert reach_section().release is None
    releases_publish_due(names=[NAME])
    section = reach_section()
    assert section.release.key == "2025-26"
    bigtown = next(row for row in section.rows if row.label == "Bigtown")
    smallton = next(row for row in section.rows if row.label == "Smallton")
    assert str(bigtown.cells[1]) == "[c]", "2 professionals"
    assert any(str(cell) == "[c]" for cell in (bigtown.cells[0], bigtown.cells[2]))
    assert [str(cell) for cell in smallton.cells] == ["60", "0", "60"]
    table = section.release.protected_tables()["by_area_audience"]
    for row, code in ((bigtown, area.gss_code), (section.rows[-1], TOTAL)):
        assert row.cells[:2] == [
            table.cell(code, Audience.YOUNG_PEOPLE),
            table.cell(code, Audience.PROFESSIONALS),
        ]
    # A session of that year recorded late changes nothing until a revision.
    session_make(
        programme=programme,
        by=educator,
        area=area,
        attendance=30,
        held_on=datetime.date(2026, 3, 20),
    )
    again = next(row for row in reach_section().rows if row.label == "Bigtown")
    assert again.cells == bigtown.cells
    assert reach_section().rows[-1].cells[-1] == table.cell(TOTAL, TOTAL)


def test_the_dashboard_shows_both_sections_and_the_file_holds_them(now):
    _reach()
    analyst = UserFactory(role=Role.ANALYST)
    client = sign_in(Client(), analyst)
    page = client.get(reverse("insights:dashboard"))
    text = page.content.decode()
    assert "Not released yet" in text and "No budgets have been set yet." in text
    releases_publish_due(names=[NAME])
    text = client.get(reverse("insights:dashboard")).content.decode()
    assert 'id="prevention-by-area"' in text and 'id="release-2025-26"' in text
    assert '<script id="prevention-reach-chart"' in text
    page = client.get(reverse("insights:dashboard")).context["page"]
    rows = page.reach.csv_rows()
    assert rows[1] == ["Period", "September 2025 to August 2026"]
    assert ["Area", "Young people", "Professionals who work with young people", "Total"] in rows
    assert ["Smallton", "60", "0", "60"] in rows
    assert page.funding.csv_rows()[0][0] == "Funding per 1,000 residents"
