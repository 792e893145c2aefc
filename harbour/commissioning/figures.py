"""Commissioners' figures: spend against budget, and cost per person supported and per outcome.

Spend and budgets are public money and shown as they are. People supported and outcomes
achieved are counts of people, so they are shown only as protected by
``harbour.statistics`` (small counts withheld, with the secondary suppression that keeps them
from being worked out from the total), and a cost per person or per outcome is worked out from
the count **as published**: withheld wherever its count is withheld or under the rules'
``derived_minimum`` (``docs/statistics.md``, rules for derived figures).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from harbour.commissioning.models import Budget, Contract, QuarterlyReturn
from harbour.statistics.charts import chart
from harbour.statistics.conf import default_rules
from harbour.statistics.protect import protect_table
from harbour.statistics.published import ProtectedTable, PublishedCell
from harbour.statistics.rules import Reason, SuppressionRules
from harbour.statistics.tables import TOTAL, CountTable, Dimension


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


def _protected(
    name: str, dimension: Dimension, counts: dict[str, int], rules: SuppressionRules
) -> ProtectedTable:
    table = CountTable.from_counts([dimension], {(key,): value for key, value in counts.items()})
    return protect_table(table, rules=rules, name=name)


def cost_per_person(
    *, contracts: Sequence[Contract], year: int, rules: SuppressionRules | None = None
) -> list[CostLine]:
    """Cost per person supported and per outcome achieved, by contract and in total, for the
    quarters of ``year`` that have returns."""
    rules = rules or default_rules()
    if not contracts:
        return []
    ids = [contract.pk for contract in contracts]
    sums = {
        row["contract_id"]: row
        for row in QuarterlyReturn.objects.filter(contract_id__in=ids, year=year)
        .values("contract_id")
        .annotate(
            spend=Sum("spend"), people=Sum("people_supported"), outcomes=Sum("outcomes_achieved")
        )
    }
    keys = tuple(contract.reference for contract in contracts)
    dimension = Dimension(
        name="contract",
        categories=keys,
        label=_("Contract"),
        category_labels=tuple(contract.title for contract in contracts),
    )
    people = _protected(
        "people",
        dimension,
        {c.reference: (sums.get(c.pk) or {}).get("people") or 0 for c in contracts},
        rules,
    )
    outcomes = _protected(
        "outcomes",
        dimension,
        {c.reference: (sums.get(c.pk) or {}).get("outcomes") or 0 for c in contracts},
        rules,
    )
    lines = []
    total_spend = Decimal(0)
    for contract in contracts:
        spend = (sums.get(contract.pk) or {}).get("spend") or Decimal(0)
        total_spend += spend
        lines.append(
            _line(
                contract.title,
                spend,
                people.cell(contract.reference),
                outcomes.cell(contract.reference),
                rules,
            )
        )
    lines.append(
        _line(
            str(_("All contracts")),
            total_spend,
            people.cell(TOTAL),
            outcomes.cell(TOTAL),
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
