"""Dashboard section: funding per 1,000 residents, by area and financial year.

Budgets are public money and population is reference data, so the figure is shown as it is,
not through a statistics release (decision 0052); ``commissioning.funding`` says how a contract
serving several areas is shared among them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from harbour.commissioning.funding import AreaFunding, funding_by_area, funding_years
from harbour.commissioning.models import year_label
from harbour.statistics.charts import chart


@dataclass
class FundingRow:
    label: str
    per_head: list[Decimal | None]  # one per year
    funding: list[Decimal]


@dataclass
class FundingSection:
    years: list[str] = field(default_factory=list)
    rows: list[FundingRow] = field(default_factory=list)

    @property
    def chart(self) -> dict:
        areas = self.rows[:-1]
        return chart(
            kind="bar",
            label=_("Funding per 1,000 residents in each area, by financial year"),
            labels=[row.label for row in areas],
            series=[
                (year, [row.per_head[number] for row in areas])
                for number, year in enumerate(self.years)
            ],
            unit="£",
        )

    def csv_rows(self) -> list[list]:
        rows = [[_("Funding per 1,000 residents"), _("Budgets (public money) over population")]]
        rows.append([_("Area"), *(f"{_('Per 1,000 residents')} {year}" for year in self.years)])
        rows.extend(
            [row.label, *("" if value is None else str(value) for value in row.per_head)]
            for row in self.rows
        )
        return rows


def funding_section() -> FundingSection:
    """Funding per 1,000 residents in each area (and the region) for the last three financial
    years with budgets."""
    years = funding_years()
    if not years:
        return FundingSection()
    by_year: list[list[AreaFunding]] = [funding_by_area(year) for year in years]
    rows = []
    for position, first in enumerate(by_year[0]):
        lines = [lines_of_year[position] for lines_of_year in by_year]
        rows.append(
            FundingRow(
                label=first.name or _("The region"),
                per_head=[line.per_head for line in lines],
                funding=[line.funding for line in lines],
            )
        )
    return FundingSection(years=[year_label(year) for year in years], rows=rows)
