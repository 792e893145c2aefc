"""Demo commissioning: a victim-services fund of about £3m over three years, contracts for the
services the region's plan names (harmful practices, sexual-violence aftercare, domestic abuse),
budgets, and quarterly returns, one of them overdue. Synthetic figures only.

The fund starts in April of the financial year before today's, so the demo always has a year of
returns behind it and quarters still to come.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from harbour.commissioning.models import QuarterlyReturn, ReturnSource, quarter_end
from harbour.commissioning.models import financial_year_of as _financial_year_of
from harbour.commissioning.services import (
    budget_set,
    contract_create,
    funder_create,
    return_submit,
    stream_create,
)
from harbour.core.seeding import DemoContext
from harbour.directory.models import Organisation

# reference, organisation (directory name), title, services, areas, amount, people a quarter
CONTRACTS = [
    (
        "VSF-HP-01",
        "Safe Voices Harmful Practices Service",
        "Harmful practices casework and FGM support",
        ["Forced marriage and honour-based abuse casework", "FGM specialist support clinic"],
        ["Liverpool", "Knowsley", "Sefton", "St Helens", "Wirral", "Halton"],
        Decimal("450000.00"),
        (2, 4),  # few people a quarter: its cost per person is withheld
    ),
    (
        "VSF-SV-01",
        "Mersey Sexual Violence Aftercare",
        "Sexual-violence aftercare and counselling",
        [
            "Sexual assault aftercare and counselling",
            "Children and young people's sexual abuse support",
        ],
        ["Liverpool", "Knowsley", "Sefton", "St Helens", "Wirral", "Halton"],
        Decimal("1050000.00"),
        (35, 60),
    ),
    (
        "VSF-DA-01",
        "Mersey Domestic Abuse Outreach",
        "Domestic abuse outreach, refuge and stalking advocacy",
        ["Domestic abuse community outreach", "Women's refuge", "Stalking advocacy"],
        ["Liverpool", "Knowsley", "Sefton", "Wirral"],
        Decimal("1500000.00"),
        (70, 110),
    ),
]


def seed(ctx: DemoContext) -> None:
    users = ctx.shared["users"]
    commissioner = users["commissioner"]
    areas = ctx.shared["areas"]
    services = ctx.shared["directory_services"]
    today = timezone.localdate()
    first_year = _financial_year_of(today) - 1
    starts = datetime.date(first_year, 4, 1)
    ends = datetime.date(first_year + 3, 3, 31)

    funder = funder_create(
        name="City Region Combined Authority and PCC Office",
        identifier="GB-COH-DEMO0001",
        website="https://www.example.org/combined-authority",
        by=commissioner,
    )
    stream = stream_create(
        funder=funder,
        code=f"victim-services-{first_year}",
        name="Victim Services Fund",
        description="Specialist support for victims of violence against women and girls, "
        "as named in the region's action plan.",
        total=Decimal("3000000.00"),
        starts_on=starts,
        ends_on=ends,
        by=commissioner,
    )
    contracts = {}
    for reference, organisation, title, names, area_names, amount, _people in CONTRACTS:
        contract = contract_create(
            stream=stream,
            organisation=Organisation.objects.get(name=organisation),
            reference=reference,
            title=title,
            description=f"{title}, for women and girls across the city region.",
            services=[services[name] for name in names],
            areas=[areas[name] for name in area_names],
            amount=amount,
            awarded_on=starts - datetime.timedelta(days=45),
            starts_on=starts,
            ends_on=ends,
            by=commissioner,
        )
        for year in range(first_year, first_year + 3):
            budget_set(
                contract=contract,
                year=year,
                amount=(amount / 3).quantize(Decimal("0.01")),
                by=commissioner,
            )
        contracts[reference] = contract
    ctx.shared["contracts"] = contracts

    # Returns for every quarter that has ended, except the latest of the domestic abuse
    # contract (overdue, or due soon). The harmful practices service returns its own through
    # the demo's returns officer; the other providers have no demo sign-in, so their returns
    # are written as their returns officers would have made them.
    returns_officer = users["returns.officer"]
    for reference, _organisation, _title, _names, _areas, amount, (low, high) in CONTRACTS:
        contract = contracts[reference]
        ended = [period for period in contract.quarters() if quarter_end(*period) < today]
        if reference == "VSF-DA-01":
            ended = ended[:-1]
        for year, quarter in ended:
            people = ctx.rng.randint(low, high)
            figures = {
                "spend": (amount / 12 * Decimal(ctx.rng.uniform(0.85, 1.05))).quantize(
                    Decimal("0.01")
                ),
                "referrals_received": people + ctx.rng.randint(0, max(2, people // 3)),
                "people_supported": people,
                "outcomes_achieved": ctx.rng.randint(people // 2, people),
            }
            if reference == "VSF-HP-01":
                return_submit(
                    contract=contract, year=year, quarter=quarter, by=returns_officer, **figures
                )
            else:
                QuarterlyReturn.objects.create(
                    contract=contract,
                    year=year,
                    quarter=quarter,
                    source=ReturnSource.FORM,
                    **figures,
                )
