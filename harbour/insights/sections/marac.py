"""Dashboard section: MARAC cases per 10,000 women aged 16 and over against SafeLives'
recommended volume, and the repeat rate against the national one, by area and completed
reporting year.

Read from the released years of ``marac.cases`` only (decision 0022), through the MARAC app's
own reading of them (``harbour.marac.figures.marac_figures``): rates are worked out from the
published counts and the areas' populations, and withheld where a count is withheld or fewer
than the minimum number of cases is behind them. The area filter picks that area's row of each
year; without it the section shows every area in the latest released year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from harbour.marac import benchmarks
from harbour.marac.figures import AreaFigures, MaracFigures, marac_figures
from harbour.statistics.charts import chart
from harbour.statistics.releases import StoredRelease


@dataclass(frozen=True)
class MaracRow:
    label: str
    code: str
    year: str
    figures: AreaFigures


@dataclass
class MaracSection:
    area: str = ""
    area_label: str = ""
    rows: list[MaracRow] = field(default_factory=list)
    releases: list[StoredRelease] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    caption: str = ""

    benchmark = benchmarks.BENCHMARK_CASES_PER_10000
    national_rate = benchmarks.NATIONAL_CASES_PER_10000
    national_repeat_rate = benchmarks.NATIONAL_REPEAT_RATE
    national_period = benchmarks.NATIONAL_PERIOD

    @property
    def rate_chart(self) -> dict:
        return chart(
            kind="bar",
            label=_("MARAC cases per 10,000 women aged 16 and over, against the recommended"),
            labels=[row.label for row in self.rows],
            series=[
                (_("Cases per 10,000 women"), [row.figures.rate for row in self.rows]),
                (_("Recommended (SafeLives)"), [self.benchmark for _row in self.rows]),
            ],
        )

    @property
    def repeat_chart(self) -> dict:
        return chart(
            kind="bar",
            label=_("Share of MARAC cases that are repeats, against the national share"),
            labels=[row.label for row in self.rows],
            series=[
                (_("Repeat rate"), [row.figures.repeat_rate for row in self.rows]),
                (_("National"), [self.national_repeat_rate for _row in self.rows]),
            ],
            unit="%",
        )

    def csv_rows(self) -> list[list]:
        """The section's figures for the dashboard's file: what each released year is, then the
        rows shown, as published, beside the benchmark and the national figures."""
        if not self.rows:
            return []
        rows: list[list] = [[_("MARAC cases heard, per 10,000 women aged 16 and over")]]
        for release in self.releases:
            rows.extend(list(line) for line in release.csv_preamble())
        rows.append(
            [
                _("Year"),
                _("Area"),
                _("Area code"),
                _("Cases heard"),
                _("Cases per 10,000 women aged 16 and over"),
                _("Recommended per 10,000 (SafeLives)"),
                _("Repeat cases"),
                _("Repeat rate (%)"),
                _("National repeat rate (%)"),
            ]
        )
        for row in self.rows:
            f = row.figures
            rows.append(
                [
                    row.year,
                    f.name,
                    f.code,
                    str(f.cases),
                    str(f.rate),
                    str(self.benchmark),
                    str(f.repeats),
                    str(f.repeat_rate),
                    str(self.national_repeat_rate),
                ]
            )
        rows.extend([note] for note in self.notes)
        return rows


def marac_section(*, area: str = "", area_label: str = "") -> MaracSection:
    """The section for ``area`` (a GSS code already checked by the dashboard's filter; the
    whole region if empty), from the stored releases only."""
    figures: MaracFigures = marac_figures()
    section = MaracSection(area=area, area_label=area_label)
    if not figures.years:
        return section
    section.releases = [year.release for year in figures.years]
    national = _("National figures: %(period)s.") % {"period": benchmarks.NATIONAL_PERIOD}
    section.notes = [*figures.notes, national]
    if area:
        section.caption = _("%(area)s, each completed year, as released") % {"area": area_label}
        for year in figures.years:
            for row in year.areas:
                if row.code == area:  # an area added after the year was released is not there
                    section.rows.append(MaracRow(year.label, row.code, year.label, row))
    else:
        latest = figures.years[-1]
        section.caption = latest.label
        section.rows = [MaracRow(row.name, row.code, latest.label, row) for row in latest.areas]
    return section
