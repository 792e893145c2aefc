"""Dashboard section: the share of 24-hour follow-ups done within 24 hours, by area and quarter.

Read from the quarterly releases of ``followups.pilot`` only (decision 0019): the share is of
the incidents with a follow-up whose visit was due (visited within 24 hours, visited later, or
not visited; not those she declined or did not share), as the follow-up figures page works it
out, from the published counts, withheld where a count is withheld or fewer than the minimum
number of follow-ups are behind it. Only areas with the follow-up in that quarter are shown:
an area without one has nothing to compare (its cells are zero by design, ``[z]``).

The dashboard's quarter picks the follow-up release of the same quarter; its area picks a row.
The trend reads the same published cells from each quarter's release.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from harbour.followups.figures import TABLE_SET
from harbour.statistics.charts import chart
from harbour.statistics.derived import share
from harbour.statistics.published import ProtectedTable, PublishedCell
from harbour.statistics.releases import StoredRelease, releases_current
from harbour.statistics.tables import TOTAL

QUARTERS_SHOWN = 8
DUE = ("within", "later", "not_visited")
"""The visits that count as follow-ups due: she did not decline it or withhold consent."""


@dataclass(frozen=True)
class FollowupRow:
    label: str
    code: str  # GSS code, or "" for the areas with the follow-up together
    within: PublishedCell
    later: PublishedCell
    not_visited: PublishedCell
    within_share: PublishedCell


def followup_row(visits: ProtectedTable, key, label: str) -> FollowupRow:
    """One area's (or, with ``TOTAL``, every area's) published cells and the share from them."""
    within, later, not_visited = (visits.cell(key, visit) for visit in DUE)
    return FollowupRow(
        label=label,
        code="" if key is TOTAL else key,
        within=within,
        later=later,
        not_visited=not_visited,
        within_share=share(within, [within, later, not_visited], rules=visits.rules),
    )


def in_pilot(visits: ProtectedTable, key) -> bool:
    return not visits.cell(key, "within").structural


@dataclass
class FollowupSection:
    area: str = ""
    area_label: str = ""
    release: StoredRelease | None = None
    quarter_label: str = ""
    area_in_pilot: bool = True
    rows: list[FollowupRow] = field(default_factory=list)
    trend: list[FollowupRow] = field(default_factory=list)
    trend_releases: list[StoredRelease] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def area_chart(self) -> dict:
        return chart(
            kind="bar",
            label=_("Share of follow-ups done within 24 hours, by area"),
            labels=[row.label for row in self.rows],
            series=[(_("Within 24 hours"), [row.within_share for row in self.rows])],
            unit="%",
        )

    @property
    def trend_chart(self) -> dict:
        return chart(
            kind="line",
            label=_("Share of follow-ups done within 24 hours, by quarter"),
            labels=[row.label for row in self.trend],
            series=[(_("Within 24 hours"), [row.within_share for row in self.trend])],
            unit="%",
        )

    @staticmethod
    def _figures(row: FollowupRow) -> list[str]:
        return [
            row.label,
            str(row.within),
            str(row.later),
            str(row.not_visited),
            str(row.within_share),
        ]

    def csv_rows(self) -> list[list]:
        if self.release is None and not self.trend:
            return []
        rows: list[list] = [[_("Follow-ups done within 24 hours")]]
        shown = {r.key: r for r in [*self.trend_releases, *filter(None, [self.release])]}
        for release in sorted(shown.values(), key=lambda r: r.release.period_start):
            rows.extend(list(line) for line in release.csv_preamble())
        header = [
            _("Quarter"),
            _("Area"),
            _("Visited within 24 hours"),
            _("Visited after 24 hours"),
            _("Not visited"),
            _("Share within 24 hours (%)"),
        ]
        rows.append(header)
        rows.extend([self.quarter_label, *self._figures(row)] for row in self.rows)
        rows.append([])
        rows.append(header)
        everyone = self.area_label or _("Areas with the follow-up")
        rows.extend([row.label, everyone, *self._figures(row)[1:]] for row in self.trend)
        rows.extend([note] for note in self.notes)
        return rows


def followup_section(*, period: str, area: str = "", area_label: str = "") -> FollowupSection:
    """The section for the quarter ``period`` (a release key) and ``area`` (checked by the
    dashboard's filter; the whole region if empty)."""
    section = FollowupSection(area=area, area_label=area_label)
    releases = releases_current(name=TABLE_SET)
    by_key = {release.key: release for release in releases}
    release = by_key.get(period)
    if release is not None:
        section.release = release
        section.quarter_label = release.label
        visits = release.protected_tables()["by_area_visit"]
        dimension = visits.dimension("area")
        if area:
            if area in dimension.categories and in_pilot(visits, area):
                section.rows = [followup_row(visits, area, area_label)]
            else:
                section.area_in_pilot = False
        else:
            section.rows = [
                followup_row(visits, key, str(dimension.label_for(key)))
                for key in dimension.categories
                if in_pilot(visits, key)
            ]
            if section.rows:
                section.rows.append(followup_row(visits, TOTAL, _("Areas with the follow-up")))
    for other in releases[-QUARTERS_SHOWN:]:
        visits = other.protected_tables()["by_area_visit"]
        if area and (area not in visits.dimension("area").categories or not in_pilot(visits, area)):
            continue
        section.trend.append(followup_row(visits, area or TOTAL, other.label))
        section.trend_releases.append(other)
    section.notes = [
        _(
            "The share is of follow-ups that were due: visited within 24 hours, visited later or "
            "not visited (not those she declined, or did not agree to share). It is worked out "
            "from the published counts and withheld where a count is withheld or fewer than "
            "%(minimum)s follow-ups are behind it. Areas without the follow-up are not shown."
        )
        % {"minimum": (releases[-1].rules.derived_minimum if releases else 10)}
    ]
    return section
