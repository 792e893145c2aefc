"""Commissioners' figures: spend against budget, and cost per person supported and per outcome.

Spend and budgets are public money and shown as they are. People supported and outcomes
achieved are counts of people, so they are read only from the stored releases of
``commissioning.returns`` (``published_tables.py``): small counts withheld, with the secondary
suppression that keeps them from being worked out from the total. A cost per person or per
outcome is worked out here from the count **as published** and the spend stored with the same
release: withheld wherever its count is withheld or under the rules' ``derived_minimum``
(``docs/statistics.md``, rules for derived figures). Nothing here counts returns on a page view.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from harbour.commissioning.models import Budget, Contract, QuarterlyReturn, quarter_start
from harbour.commissioning.published_tables import (
    FINANCIAL_QUARTER,
    LAG_DAYS,
    NAME,
    OUTCOMES,
    PEOPLE,
)
from harbour.statistics.charts import chart
from harbour.statistics.periods import Period
from harbour.statistics.published import ProtectedTable, PublishedCell
from harbour.statistics.releases import StoredRelease, releases_current, sum_of_releases
from harbour.statistics.rules import Reason, SuppressionRules
from harbour.statistics.tables import TOTAL


@dataclass(frozen=True)
class SpendLine:
    contract: Contract | None  # None: the total
    budget: Decimal
    spend: Decimal

    @property
    def share(self) -> int | None:
        """Spend as a whole percentage of the budget (None without a budget)."""
        if not self.budget:
            return None
        return int((self.spend * 100 / self.budget).quantize(Decimal(1), ROUND_HALF_UP))

    @property
    def over(self) -> bool:
        return self.spend > self.budget


def spend_against_budget(*, contracts: Sequence[Contract], year: int) -> list[SpendLine]:
    """For each contract, its budget and its returned spend in financial ``year``, then the
    total."""
    ids = [contract.pk for contract in contracts]
    budgets = dict(
        Budget.objects.filter(contract_id__in=ids, year=year).values_list("contract_id", "amount")
    )
    spend = dict(
        QuarterlyReturn.objects.filter(contract_id__in=ids, year=year)
        .values("contract_id")
        .annotate(total=Sum("spend"))
        .values_list("contract_id", "total")
    )
    lines = [
        SpendLine(
            contract=contract,
            budget=budgets.get(contract.pk, Decimal(0)),
            spend=spend.get(contract.pk) or Decimal(0),
        )
        for contract in contracts
    ]
    lines.append(
        SpendLine(
            contract=None,
            budget=sum((line.budget for line in lines), Decimal(0)),
            spend=sum((line.spend for line in lines), Decimal(0)),
        )
    )
    return lines


def spend_chart(lines: Sequence[SpendLine]) -> dict | None:
    """The spend-against-budget table as a chart: each contract's budget and spend (not the
    total, which would dwarf them)."""
    contracts = [line for line in lines if line.contract is not None]
    if not contracts:
        return None
    return chart(
        kind="bar",
        label=str(_("Chart of each contract's budget and spend returned, from the table below")),
        labels=[line.contract.reference for line in contracts],
        series=[
            (_("Budget"), [line.budget for line in contracts]),
            (_("Spend returned"), [line.spend for line in contracts]),
        ],
        unit="£",
    )


def cost_per(spend: Decimal, count: PublishedCell, *, rules: SuppressionRules) -> PublishedCell:
    """``spend`` divided by a published count, to the penny; withheld (``Reason.RATE``) where
    the count is withheld or fewer than ``rules.derived_minimum``."""
    if count.value is None or count.value < rules.derived_minimum:  # type: ignore[operator]
        return PublishedCell(value=None, reason=Reason.RATE, marker=rules.marker)
    value = (Decimal(spend) / Decimal(count.value)).quantize(Decimal("0.01"), ROUND_HALF_UP)  # type: ignore[arg-type]
    return PublishedCell(value=value)


@dataclass(frozen=True)
class CostLine:
    label: str
    spend: Decimal
    people: PublishedCell
    outcomes: PublishedCell
    per_person: PublishedCell
    per_outcome: PublishedCell
    is_total: bool = False


def cost_lines(table: ProtectedTable, spend: Mapping[str, Decimal]) -> list[CostLine]:
    """Cost per person supported and per outcome, by contract and in total, from a released
    ``by_contract`` table (or a sum of released ones) and the spend stored with it. A contract
    that did not run in the period (its counts zero by design) is left out."""
    rules = table.rules
    contracts = table.dimension("contract")
    lines = []
    for key in contracts.categories:
        people, outcomes = table.cell(key, PEOPLE), table.cell(key, OUTCOMES)
        if people.structural and outcomes.structural:
            continue
        lines.append(
            _line(
                str(contracts.label_for(key)), spend.get(key, Decimal(0)), people, outcomes, rules
            )
        )
    lines.append(
        _line(
            str(_("All contracts")),
            sum(spend.values(), Decimal(0)),
            table.cell(TOTAL, PEOPLE),
            table.cell(TOTAL, OUTCOMES),
            rules,
            is_total=True,
        )
    )
    return lines


def _line(
    label: str,
    spend: Decimal,
    people: PublishedCell,
    outcomes: PublishedCell,
    rules: SuppressionRules,
    *,
    is_total: bool = False,
) -> CostLine:
    return CostLine(
        label=label,
        spend=spend,
        people=people,
        outcomes=outcomes,
        per_person=cost_per(spend, people, rules=rules),
        per_outcome=cost_per(spend, outcomes, rules=rules),
        is_total=is_total,
    )


def release_spend(release: StoredRelease) -> dict[str, Decimal]:
    """The spend stored with a release, by contract reference."""
    return {key: Decimal(value) for key, value in release.estimates.get("spend", {}).items()}


@dataclass(frozen=True)
class QuarterFigures:
    """One financial quarter: its release (None before it is made) and the costs from it."""

    quarter: int
    period: Period
    release: StoredRelease | None
    lines: list[CostLine] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.period.key

    @property
    def released_from(self) -> datetime.date:
        """The first day the quarter can be released: its lag after it ends."""
        return self.period.end + datetime.timedelta(days=LAG_DAYS)


@dataclass(frozen=True)
class YearFigures:
    quarters: list[QuarterFigures]
    so_far: list[CostLine]
    """The released quarters added up (each figure withheld where any quarter's is)."""
    released: list[str]
    """Labels of the quarters added up in ``so_far``."""
    summable: bool = True
    """False when the contracts differ between the released quarters."""

    @property
    def complete(self) -> bool:
        return len(self.released) == len(self.quarters)


def year_figures(year: int) -> YearFigures:
    """The four quarters of financial ``year`` as released, the costs from each, and the
    released quarters added up (``sum_of_releases``). Reads stored releases only."""
    by_key = {release.key: release for release in releases_current(name=NAME)}
    quarters = []
    for number in range(1, 5):
        period = FINANCIAL_QUARTER.containing(quarter_start(year, number))
        release = by_key.get(period.key)
        lines = []
        if release is not None:
            lines = cost_lines(release.protected_tables()["by_contract"], release_spend(release))
        quarters.append(QuarterFigures(number, period, release, lines))
    released = [q.release for q in quarters if q.release is not None]
    if not released:
        return YearFigures(quarters=quarters, so_far=[], released=[])
    try:
        table = sum_of_releases(released, "by_contract")
    except ValueError:  # a contract was added between the quarters: not added up
        return YearFigures(quarters=quarters, so_far=[], released=[], summable=False)
    spend: dict[str, Decimal] = {}
    for release in released:
        for key, amount in release_spend(release).items():
            spend[key] = spend.get(key, Decimal(0)) + amount
    assert table is not None
    return YearFigures(
        quarters=quarters,
        so_far=cost_lines(table, spend),
        released=[release.label for release in released],
    )
