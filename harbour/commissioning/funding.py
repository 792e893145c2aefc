"""Funding per head: each area's share of the contracts' budgets for a financial year, per 1,000
residents.

Budgets are public money (the commissioner's own figures), and population is reference data
(``regions.LocalAuthority.population_all_ages``, from the ONS estimates): neither is a count of
the people Harbour serves, so the figure is shown as it is, not through a statistics release
(decision 0052). A contract serving several areas is shared among them in proportion to their
population (so it adds the same per head to each), or equally where a population is unknown.
Only areas with a known population get a figure per head.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max

from harbour.commissioning.models import Budget, financial_year_of, year_label
from harbour.regions.models import LocalAuthority

PER = 1_000
PENNY = Decimal("0.01")


@dataclass(frozen=True)
class AreaFunding:
    code: str  # GSS code; "" for the region's total
    name: str
    year: int
    funding: Decimal
    population: int | None

    @property
    def per_head(self) -> Decimal | None:
        """Funding per 1,000 residents, to the penny; None without a population."""
        if not self.population:
            return None
        return (self.funding * PER / self.population).quantize(PENNY, ROUND_HALF_UP)

    @property
    def year_label(self) -> str:
        return year_label(self.year)


def _shares(areas: Sequence[LocalAuthority]) -> list[Decimal]:
    populations = [area.population_all_ages for area in areas]
    if all(populations):
        total = Decimal(sum(populations))  # type: ignore[arg-type]
        return [Decimal(p) / total for p in populations]  # type: ignore[arg-type]
    return [Decimal(1) / len(areas)] * len(areas)


def funding_by_area(year: int) -> list[AreaFunding]:
    """Every area's share of the budgets for financial ``year``, by name, then the region (the
    budgets of contracts with areas, over the population of the areas with one)."""
    areas = list(LocalAuthority.objects.order_by("name"))
    funding = {area.pk: Decimal(0) for area in areas}
    budgets = Budget.objects.filter(year=year).select_related("contract")
    for budget in budgets.prefetch_related("contract__areas"):
        served = sorted(budget.contract.areas.all(), key=lambda area: area.pk)
        if not served:
            continue
        for area, share in zip(served, _shares(served), strict=True):
            funding[area.pk] += budget.amount * share
    rows = [
        AreaFunding(
            code=area.gss_code,
            name=area.name,
            year=year,
            funding=funding[area.pk].quantize(PENNY, ROUND_HALF_UP),
            population=area.population_all_ages,
        )
        for area in areas
    ]
    known = [row for row in rows if row.population]
    rows.append(
        AreaFunding(
            code="",
            name="",
            year=year,
            funding=sum((row.funding for row in rows), Decimal(0)),
            population=sum(row.population for row in known) if len(known) == len(rows) else None,  # type: ignore[misc]
        )
    )
    return rows


def funding_years(*, last: int = 3, today=None) -> list[int]:
    """The financial years with budgets, up to the current one, the last ``last`` of them."""
    from django.utils import timezone

    current = financial_year_of(today or timezone.localdate())
    latest = Budget.objects.filter(year__lte=current).aggregate(y=Max("year"))["y"]
    if latest is None:
        return []
    years = Budget.objects.filter(year__lte=latest).values_list("year", flat=True).distinct()
    return sorted(set(years))[-last:]
