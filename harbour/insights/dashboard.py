"""The region dashboard, read from stored releases only.

The filters (a quarter, an area) choose among the protected tables of a release: the quarter
picks a release, the area picks a row of its "by area and kind" table, or the "by kind" table
for the whole region. Nothing here counts records or adds cells up into a new figure; a trend
across quarters is the same published cell read from each release.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from harbour.insights.published_tables import INCIDENTS
from harbour.insights.sections import Section, sections_for
from harbour.insights.sections.followups import FollowupSection, followup_section
from harbour.insights.sections.funding import FundingSection, funding_section
from harbour.insights.sections.indicators import IndicatorSection, indicator_section
from harbour.insights.sections.marac import MaracSection, marac_section
from harbour.insights.sections.prevention_reach import ReachSection, reach_section
from harbour.statistics.charts import chart
from harbour.statistics.published import PublishedCell
from harbour.statistics.releases import StoredRelease, releases_current
from harbour.statistics.tables import TOTAL

QUARTERS_SHOWN = 8


@dataclass
class Row:
    label: str
    cell: PublishedCell


@dataclass
class Dashboard:
    releases: list[StoredRelease] = field(default_factory=list)
    release: StoredRelease | None = None
    areas: list[tuple[str, str]] = field(default_factory=list)
    area: str = ""
    area_label: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    by_kind: list[Row] = field(default_factory=list)
    by_area: list[Row] = field(default_factory=list)
    trend: list[Row] = field(default_factory=list)
    tables: list = field(default_factory=list)
    reach: ReachSection | None = None
    funding: FundingSection | None = None
    marac: MaracSection | None = None
    followups: FollowupSection | None = None
    indicators: IndicatorSection | None = None
    sections: list[Section] = field(default_factory=list)

    @property
    def kind_chart(self) -> dict:
        return chart(
            kind="bar",
            label=_("Incidents by kind"),
            labels=[row.label for row in self.by_kind],
            series=[(_("Incidents"), [row.cell for row in self.by_kind])],
        )

    @property
    def area_chart(self) -> dict:
        return chart(
            kind="bar",
            label=_("Incidents by area"),
            labels=[row.label for row in self.by_area],
            series=[(_("Incidents"), [row.cell for row in self.by_area])],
            horizontal=True,
        )

    @property
    def trend_chart(self) -> dict:
        return chart(
            kind="line",
            label=_("Incidents by quarter"),
            labels=[row.label for row in self.trend],
            series=[(_("Incidents"), [row.cell for row in self.trend])],
        )

    def csv_rows(self) -> list[list]:
        """The file: the release's preamble, then the figures on the page, as published."""
        assert self.release is not None
        rows = [list(row) for row in self.release.csv_preamble()]
        rows.append([])
        rows.append([_("Area"), _("Kind"), _("Incidents")])
        area = self.area_label or _("All areas")
        rows.extend([area, row.label, str(row.cell)] for row in self.by_kind)
        if not self.area:
            rows.append([])
            rows.append([_("Area"), _("Incidents")])
            rows.extend([row.label, str(row.cell)] for row in self.by_area)
        for section in (self.reach, self.funding):
            if section is not None:
                rows.extend([[], *section.csv_rows()])
        for section in (self.marac, self.followups, self.indicators):
            if section is not None and (more := section.csv_rows()):
                rows.extend([[], *more])
        for section in self.sections:
            rows.extend(section.csv_rows())
        return rows


def dashboard_for(
    *, period: str | None = None, area: str | None = None, with_sections: bool = False
) -> Dashboard:
    """The dashboard for the quarter ``period`` (its key; the latest if not given) and the area
    ``area`` (a GSS code; the whole region if not given). An unknown key is an error naming its
    filter, and the page shows the latest quarter for the whole region. The sections of released
    sets of the same quarter (referrals, risk, flows, coverage: ``sections_for``) are on every
    page, open data's included; ``with_sections`` adds the staff page's own (MARAC, follow-ups,
    action plan indicators, prevention reach, funding)."""
    releases = releases_current(name=INCIDENTS)
    page = Dashboard(releases=releases)
    if with_sections:  # prevention reach and funding do not depend on the incidents' release
        page.reach, page.funding = reach_section(), funding_section()
    if not releases:
        return page
    by_key = {r.key: r for r in releases}
    release = releases[-1]
    if period:
        if period in by_key:
            release = by_key[period]
        else:
            page.errors["period"] = _("Choose a quarter from the list")
    page.release = release
    tables = release.protected_tables()
    by_area, by_kind, by_area_kind = tables["by_area"], tables["by_kind"], tables["by_area_kind"]
    area_dimension = by_area.dimension("area")
    page.areas = [(key, str(area_dimension.label_for(key))) for key in area_dimension.categories]
    if area and not page.errors:
        if area in area_dimension.categories:
            page.area = area
            page.area_label = str(area_dimension.label_for(area))
        else:
            page.errors["area"] = _("Choose an area from the list")
    kinds = by_kind.dimension("kind")
    row_keys = [*kinds.categories, TOTAL]
    if page.area:
        page.by_kind = [
            Row(str(kinds.label_for(k)), by_area_kind.cell(page.area, k)) for k in row_keys
        ]
    else:
        page.by_kind = [Row(str(kinds.label_for(k)), by_kind.cell(k)) for k in row_keys]
    page.by_area = [
        Row(str(area_dimension.label_for(k)), by_area.cell(k))
        for k in [*area_dimension.categories, TOTAL]
    ]
    page.trend = _trend(releases[-QUARTERS_SHOWN:], page.area)
    page.tables = [by_area, by_kind, by_area_kind]
    page.sections = sections_for(period_key=release.key, area=page.area, area_label=page.area_label)
    if not with_sections:
        return page
    page.marac = marac_section(area=page.area, area_label=page.area_label)
    page.followups = followup_section(
        period=release.key, area=page.area, area_label=page.area_label
    )
    page.indicators = indicator_section(area=page.area, area_label=page.area_label)
    return page


def _trend(releases: list[StoredRelease], area: str) -> list[Row]:
    """The published total (of the area, or of the region) in each quarter's release."""
    rows = []
    for release in releases:
        table = release.protected_tables()["by_area"]
        if area and area not in table.dimension("area").categories:
            continue  # an area added after this quarter was released
        rows.append(Row(release.label, table.cell(area or TOTAL)))
    return rows
