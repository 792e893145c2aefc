"""MARAC figures for coordinators and analysts: cases a year per 10,000 women aged 16 and
over, and the share of cases that are repeats, by area and completed reporting year, beside
the benchmark and the national figures. Every figure comes from the protected tables
(``published_tables``); rates are worked out from counts as published, and are withheld where
a count they need is withheld.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from harbour.marac import benchmarks
from harbour.marac.published_tables import REPEAT, marac_tables_publish
from harbour.regions.queries import area_denominators
from harbour.statistics.export import SafeCsvWriter
from harbour.statistics.published import PublishedCell
from harbour.statistics.rates import rates_per_10000
from harbour.statistics.render import footnotes
from harbour.statistics.rules import Reason
from harbour.statistics.tables import TOTAL

ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class AreaFigures:
    code: str  # GSS code, or "" for the region's total
    name: str
    cases: PublishedCell
    rate: PublishedCell  # per 10,000 women aged 16 and over
    repeats: PublishedCell
    repeat_rate: PublishedCell  # per cent of cases

    @property
    def is_total(self) -> bool:
        return not self.code


@dataclass(frozen=True)
class YearFigures:
    key: str
    label: str
    areas: list[AreaFigures]


@dataclass
class MaracFigures:
    years: list[YearFigures] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def latest(self) -> YearFigures | None:
        return self.years[-1] if self.years else None


NO_CASES = "—"  # a rate of no cases: not withheld, there is nothing to divide


def _percent(part: PublishedCell, whole: PublishedCell, marker: str) -> PublishedCell:
    if whole.value == 0:
        return PublishedCell(value=None, reason=Reason.RATE, marker=NO_CASES)
    if part.value is None or whole.value is None:
        return PublishedCell(value=None, reason=Reason.RATE, marker=marker)
    value = (Decimal(part.value) * 100 / Decimal(whole.value)).quantize(
        ONE_PLACE, rounding=ROUND_HALF_UP
    )
    return PublishedCell(value=value)


def marac_figures() -> MaracFigures:
    tables = marac_tables_publish()
    if not tables:
        return MaracFigures()
    cases = tables["by_area_year"]
    split = tables["by_area_year_repeat"]
    rates = rates_per_10000(
        counts=cases, denominators=area_denominators(), dimension="area", name="marac_rate"
    )
    marker = cases.rules.marker
    area_dimension = cases.dimension("area")
    year_dimension = cases.dimension("year")
    years = []
    for year in year_dimension.categories:
        rows = []
        for area in (*area_dimension.categories, TOTAL):
            all_cases = cases.cell(area, year)
            repeats = split.cell(area, year, REPEAT)
            rows.append(
                AreaFigures(
                    code="" if area is TOTAL else area,
                    name=str(area_dimension.label_for(area)),
                    cases=all_cases,
                    rate=rates.cell(area, year),
                    repeats=repeats,
                    repeat_rate=_percent(repeats, all_cases, marker),
                )
            )
        years.append(YearFigures(key=year, label=str(year_dimension.label_for(year)), areas=rows))
    notes = list(dict.fromkeys([*footnotes(cases), *footnotes(split), *footnotes(rates)]))
    notes.append(
        gettext(
            "The repeat rate is the share of cases heard that were repeats, worked out from the "
            "published counts; it is withheld where either count is withheld, and shown as "
            "%(none)s where no case was heard."
        )
        % {"none": NO_CASES}
    )
    return MaracFigures(years=years, notes=notes)


CSV_HEADER = (
    _("Year"),
    _("Area"),
    _("Area code"),
    _("Cases heard"),
    _("Cases per 10,000 women aged 16 and over"),
    _("Benchmark per 10,000"),
    _("National per 10,000"),
    _("Repeat cases"),
    _("Repeat rate (%)"),
    _("National repeat rate (%)"),
)


def _value(cell: PublishedCell):
    return cell.marker if cell.value is None else cell.value


def figures_csv(figures: MaracFigures) -> str:
    """The figures as CSV, every cell neutralised against spreadsheet formulas, then the
    notes (including which period the national figures are for)."""
    out = io.StringIO()
    writer = SafeCsvWriter(out)
    writer.writerow([str(h) for h in CSV_HEADER])
    for year in figures.years:
        for area in year.areas:
            writer.writerow(
                [
                    year.label,
                    area.name,
                    area.code,
                    _value(area.cases),
                    _value(area.rate),
                    benchmarks.BENCHMARK_CASES_PER_10000,
                    benchmarks.NATIONAL_CASES_PER_10000,
                    _value(area.repeats),
                    _value(area.repeat_rate),
                    benchmarks.NATIONAL_REPEAT_RATE,
                ]
            )
    writer.writerow([])
    for note in [
        *figures.notes,
        gettext("National figures: %(period)s.") % {"period": benchmarks.NATIONAL_PERIOD},
    ]:
        writer.writerow([note])
    return out.getvalue()
