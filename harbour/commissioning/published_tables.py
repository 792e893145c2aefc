"""Published commissioning figures: people supported and outcomes achieved, by contract, released
once for each financial quarter.

People supported and outcomes achieved are counts of people, so they leave Harbour only as this
table set, protected together by the statistics app (decision 0052). Returns are due 30 days
after a quarter ends and some come later, so a quarter is released 45 days after it ends; a
return made after that appears only in a revision, looked at every six months and published only
when the change is safe. A contract that does not run in a quarter is zero by design there.

The spend behind the counts (public money) is stored with each release as its ``estimates``, so
that a cost per person divides the spend of the very returns the published count was made from.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal

from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from harbour.commissioning.models import Contract, QuarterlyReturn, quarter_of, quarter_start
from harbour.statistics.periods import Period, PeriodLength
from harbour.statistics.published import ProtectedTable
from harbour.statistics.registry import DimensionSpec, TableSetSpec, table_sets
from harbour.statistics.tables import PublishedTable

NAME = "commissioning.returns"
FINANCIAL_QUARTER = PeriodLength(3, first_month=4)
LAG_DAYS = 45  # returns are due 30 days after the quarter; a fortnight more for late ones
REVISE_EVERY_MONTHS = 6
PEOPLE, OUTCOMES = "people", "outcomes"


def contract_categories() -> list[tuple[str, str]]:
    """Every contract (read when a quarter is released), by its reference."""
    return [
        (reference, f"{reference}: {title}")
        for reference, title in Contract.objects.order_by("reference").values_list(
            "reference", "title"
        )
    ]


def measure_categories() -> list[tuple[str, str]]:
    return [(PEOPLE, str(_("People supported"))), (OUTCOMES, str(_("Outcomes achieved")))]


def _quarter(period: Period) -> tuple[int, int]:
    """(financial year, quarter) of a financial quarter ``period``."""
    return quarter_of(period.start)


def return_counts(period: Period) -> Counter:
    """{(contract, measure): count} from the returns for the quarter ``period``."""
    year, quarter = _quarter(period)
    counts: Counter = Counter()
    rows = QuarterlyReturn.objects.filter(year=year, quarter=quarter).values_list(
        "contract__reference", "people_supported", "outcomes_achieved"
    )
    for reference, people, outcomes in rows:
        counts[(reference, PEOPLE)] += people
        counts[(reference, OUTCOMES)] += outcomes
    return counts


def first_quarter() -> datetime.date | None:
    """The first day of the first quarter with a return: where the series starts."""
    first = QuarterlyReturn.objects.aggregate(year=Min("year"))["year"]
    if first is None:
        return None
    quarter = QuarterlyReturn.objects.filter(year=first).aggregate(q=Min("quarter"))["q"]
    return quarter_start(first, quarter)


def not_running(period: Period):
    """Cells zero by design: a contract that does not run in the quarter has no return."""
    running = {
        reference
        for reference, starts, ends in Contract.objects.values_list(
            "reference", "starts_on", "ends_on"
        )
        if starts <= period.last_day and ends >= period.start
    }
    return lambda keys: keys["contract"] not in running


def spend_at_release(period: Period, tables: Mapping[str, ProtectedTable]) -> dict:
    """The spend (public money, as returned) behind the released counts, by contract."""
    year, quarter = _quarter(period)
    spend: dict[str, Decimal] = {}
    rows = QuarterlyReturn.objects.filter(year=year, quarter=quarter).values_list(
        "contract__reference", "spend"
    )
    for reference, amount in rows:
        spend[reference] = spend.get(reference, Decimal(0)) + amount
    return {"spend": {reference: str(amount) for reference, amount in sorted(spend.items())}}


table_sets.register(
    TableSetSpec(
        name=NAME,
        title=_("People supported and outcomes achieved, from providers' returns"),
        dimensions=(
            DimensionSpec("contract", _("Contract"), contract_categories),
            DimensionSpec(
                "measure",
                _("Measure"),
                measure_categories,
                total_label=_("People and outcomes added together"),
            ),
        ),
        tables=(
            PublishedTable(
                "by_contract",
                ("contract", "measure"),
                _("People supported and outcomes achieved, by contract"),
            ),
        ),
        counts=return_counts,
        period=FINANCIAL_QUARTER,
        starts=first_quarter,
        structural_zeros=not_running,
        lag_days=LAG_DAYS,
        revise_every_months=REVISE_EVERY_MONTHS,
        estimates=spend_at_release,
    )
)
