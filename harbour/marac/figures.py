"""MARAC figures for coordinators and analysts: cases a year per 10,000 women aged 16 and
over, and the share of cases that are repeats, by area and completed reporting year, beside
the benchmark and the national figures. Every figure comes from the protected tables
(``published_tables``); rates are worked out from counts as published, and are withheld where
a count they need is withheld.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from harbour.marac import benchmarks
from harbour.marac.published_tables import REPEAT, marac_releases
from harbour.regions.queries import area_denominators
from harbour.statistics.derived import ratio
from harbour.statistics.export import SafeCsvWriter
from harbour.statistics.published import PublishedCell
from harbour.statistics.rates import rates_per_10000
from harbour.statistics.releases import StoredRelease
from harbour.statistics.render import footnotes
from harbour.statistics.tables import TOTAL


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
    release: StoredRelease


@dataclass
class MaracFigures:
    years: list[YearFigures] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def latest(self) -> YearFigures | None:
        return self.years[-1] if self.years else None


def _year(release: StoredRelease, denominators) -> tuple[YearFigures, list[str]]:
    tables = release.protected_tables()
    cases = tables["by_area"]
    split = tables["by_area_repeat"]
    rules = cases.rules
    rates = rates_per_10000(
        counts=cases, denominators=denominators, dimension="area", name="marac_rate"
    )
    area_dimension = cases.dimension("area")
    rows = []
    for area in (*area_dimension.categories, TOTAL):
        all_cases = cases.cell(area)
        repeats = split.cell(area, REPEAT)
        rows.append(
            AreaFigures(
                code="" if area is TOTAL else area,
                name=str(area_dimension.label_for(area)),
                cases=all_cases,
                rate=rates.cell(area),
                repeats=repeats,
                repeat_rate=ratio(repeats, all_cases, rules=rules, per=100),
            )
        )
    year = YearFigures(key=release.key, label=release.label, areas=rows, release=release)
    return year, [*footnotes(cases), *footnotes(split), *footnotes(rates)]


def marac_figures() -> MaracFigures:
    """The released years, as stored: nothing here counts cases."""
    releases = marac_releases()
    if not releases:
        return MaracFigures()
    denominators = area_denominators()
    years, notes = [], []
    for release in releases:
        year, year_notes = _year(release, denominators)
        years.append(year)
        notes.extend(year_notes)
    notes = list(dict.fromkeys(notes))
    notes.append(
        gettext(
            "Rates and the repeat rate are worked out from the published counts; they are "
            "withheld where a count they need is withheld or fewer than %(minimum)s cases are "
            "behind them."
        )
        % {"minimum": releases[-1].rules.derived_minimum}
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
    """The figures as CSV, every cell neutralised against spreadsheet formulas: first what each
    release is (period, publication date, revisions, information lost), then the figures and
    the notes (including which period the national figures are for)."""
    out = io.StringIO()
    writer = SafeCsvWriter(out)
    for year in figures.years:
        writer.writerows(year.release.csv_preamble())
    writer.writerow([])
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
