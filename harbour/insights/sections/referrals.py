"""Referrals by kind of support, acceptance rate and time to accept, by area (decision 0054).

Read from the ``referrals.referrals`` release of the chosen quarter. The area filter picks a row
of its "by area and ..." tables (the whole region: the "by kind of support" and "by outcome"
tables). Accepted referrals are the four published "accepted in ..." cells added up, withheld
where any of them is; the acceptance rate is accepted / (accepted + declined), from those
published figures (``harbour.statistics.derived``), withheld where a count behind it is or where
fewer than the minimum are behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from harbour.insights.sections import Row, Section, release_for
from harbour.referrals.published_tables import ACCEPTED_BANDS, DECLINED, REFERRALS
from harbour.statistics.charts import chart
from harbour.statistics.derived import median_band, ratio
from harbour.statistics.published import PublishedCell
from harbour.statistics.rules import Reason
from harbour.statistics.tables import TOTAL


def cells_sum(cells: list[PublishedCell]) -> PublishedCell:
    """The sum of published counts, withheld where any of them is."""
    if any(cell.value is None for cell in cells):
        marker = next(cell.marker for cell in cells if cell.value is None)
        return PublishedCell(value=None, reason=Reason.RATE, marker=marker)
    return PublishedCell(value=sum(cell.value for cell in cells))  # type: ignore[misc]


@dataclass
class ReferralsSection(Section):
    by_need: list[Row] = field(default_factory=list)
    bands: list[Row] = field(default_factory=list)
    accepted: PublishedCell | None = None
    declined: PublishedCell | None = None
    acceptance: PublishedCell | None = None
    median_band: str | None = None

    @property
    def need_chart(self) -> dict:
        return chart(
            kind="bar",
            label=_("Referrals by kind of support"),
            labels=[row.label for row in self.by_need[:-1]],
            series=[(_("Referrals"), [row.cell for row in self.by_need[:-1]])],
            horizontal=True,
        )

    @property
    def band_chart(self) -> dict:
        return chart(
            kind="bar",
            label=_("Accepted referrals by time to accept"),
            labels=[row.label for row in self.bands],
            series=[(_("Referrals"), [row.cell for row in self.bands])],
        )

    def figures(self) -> list[list[str]]:
        area = self.area_label or _("All areas")
        rows = [[_("Area"), _("Kind of support"), _("Referrals")]]
        rows.extend([area, row.label, str(row.cell)] for row in self.by_need)
        rows.append([_("Area"), _("Time to accept"), _("Referrals")])
        rows.extend([area, row.label, str(row.cell)] for row in self.bands)
        rows.append([_("Area"), _("Decision"), _("Referrals")])
        rows.append([area, _("Accepted"), str(self.accepted)])
        rows.append([area, _("Declined"), str(self.declined)])
        rows.append([_("Area"), _("Worked out from the counts above"), _("Value"), _("Unit")])
        rows.append([area, _("Acceptance rate"), str(self.acceptance), "%"])
        median = self.median_band or (self.release.rules.marker if self.release else "")
        rows.append([area, _("Median time to accept"), median, _("band")])
        return rows


def section(*, period_key: str | None, area: str, area_label: str) -> ReferralsSection:
    release = release_for(REFERRALS, period_key)
    page = ReferralsSection(
        name="referrals",
        title=_("Referrals by kind of support, and how soon they were accepted"),
        template="insights/sections/referrals.html",
        release=release,
        area=area,
        area_label=area_label,
    )
    if release is None:
        return page
    tables = release.protected_tables()
    needs = tables["by_need"].dimension("need")
    outcomes = tables["by_outcome"].dimension("outcome")
    if area and area in tables["by_area"].dimension("area").categories:
        need_cell = lambda k: tables["by_area_need"].cell(area, k)  # noqa: E731
        outcome_cell = lambda k: tables["by_area_outcome"].cell(area, k)  # noqa: E731
    else:
        page.area = page.area_label = ""
        need_cell = lambda k: tables["by_need"].cell(k)  # noqa: E731
        outcome_cell = lambda k: tables["by_outcome"].cell(k)  # noqa: E731
    page.by_need = [Row(str(needs.label_for(k)), need_cell(k)) for k in [*needs.categories, TOTAL]]
    page.bands = [Row(str(outcomes.label_for(k)), outcome_cell(k)) for k in ACCEPTED_BANDS]
    page.accepted = cells_sum([row.cell for row in page.bands])
    page.declined = outcome_cell(DECLINED)
    decided = cells_sum([page.accepted, page.declined])
    page.acceptance = ratio(page.accepted, decided, rules=release.rules, per=100, decimals=0)
    page.median_band = median_band(
        [(row.cell, row.label) for row in page.bands], rules=release.rules
    )
    return page
