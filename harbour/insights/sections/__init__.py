"""Sections of the region dashboard beyond incidents, each read from stored releases only.

This module holds those of decision 0054, each read from its own released table set of the
dashboard's quarter (on the staff page and open data alike): referrals by kind of support,
acceptance and time to accept; risk-level mix; referral flows between agencies; service
coverage. The staff page's own (MARAC, follow-ups, action-plan indicators, prevention reach,
funding) are modules beside it, built by ``dashboard_for(..., with_sections=True)``.

Each section takes the quarter and area the dashboard's filters chose (already checked against
the published tables) and picks its own release of that quarter: nothing is counted here, and a
figure derived from counts (a share, a rate) is worked out from the published cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from harbour.statistics.published import ProtectedTable, PublishedCell
from harbour.statistics.releases import StoredRelease, release_current, releases_current


@dataclass
class Row:
    label: str
    cell: PublishedCell
    extra: list[PublishedCell] = field(default_factory=list)


@dataclass
class Section:
    """One section: its release of the chosen quarter (None if that quarter has none)."""

    name: str
    title: str
    template: str
    release: StoredRelease | None
    area: str = ""
    area_label: str = ""

    @property
    def tables(self) -> list[ProtectedTable]:
        """Every table of the release, as published (for the open-data page and file)."""
        return list(self.release.protected_tables().values()) if self.release else []

    def figures(self) -> list[list[str]]:
        """The section's figures as on the page, as rows of text (for the CSV file)."""
        return []

    def csv_rows(self) -> list[list[str]]:
        rows: list[list[str]] = [[], [self.title]]
        if self.release is None:
            rows.append([_("Not published for this quarter")])
            return rows
        rows.extend(list(row) for row in self.release.csv_preamble())
        rows.extend(self.figures())
        return rows


def release_for(name: str, period_key: str | None) -> StoredRelease | None:
    """The release of ``name`` for the quarter ``period_key`` (the latest if not given)."""
    if period_key:
        return release_current(name=name, period_key=period_key)
    releases = releases_current(name=name, last=1)
    return releases[-1] if releases else None


def sections_for(*, period_key: str | None, area: str, area_label: str) -> list[Section]:
    from harbour.insights.sections import coverage, flows, referrals, risk

    return [
        referrals.section(period_key=period_key, area=area, area_label=area_label),
        risk.section(period_key=period_key, area=area, area_label=area_label),
        flows.section(period_key=period_key, area=area, area_label=area_label),
        coverage.section(period_key=period_key, area=area, area_label=area_label),
    ]
