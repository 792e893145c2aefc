"""Risk-level mix by area (decision 0054): assessments by level from the ``risk.levels`` release
of the chosen quarter, with each level's share worked out from the published counts
(``harbour.statistics.derived.share``), withheld where a count behind it is withheld or fewer
than the minimum are behind it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from harbour.insights.sections import Row, Section, release_for
from harbour.risk.published_tables import LEVELS
from harbour.statistics.charts import chart
from harbour.statistics.derived import share
from harbour.statistics.tables import TOTAL


@dataclass
class RiskSection(Section):
    by_level: list[Row] = field(default_factory=list)
    """Each level's count, with its share (``extra[0]``), then the total."""
    by_area: list[Row] = field(default_factory=list)
    """For the whole region: each area's share of each level (``extra``, in level order)."""
    levels: list[str] = field(default_factory=list)

    @property
    def level_chart(self) -> dict:
        return chart(
            kind="bar",
            label=_("Risk assessments by level"),
            labels=[row.label for row in self.by_level[:-1]],
            series=[(_("Share of assessments"), [row.extra[0] for row in self.by_level[:-1]])],
            unit="%",
            colours=["green", "orange", "red"][: len(self.by_level) - 1],
        )

    def figures(self) -> list[list[str]]:
        area = self.area_label or _("All areas")
        rows = [[_("Area"), _("Risk level"), _("Assessments"), _("Share (%)")]]
        rows.extend(
            [area, row.label, str(row.cell), str(row.extra[0]) if row.extra else ""]
            for row in self.by_level
        )
        if self.by_area:
            rows.append([_("Area"), _("Assessments"), *(f"{level} (%)" for level in self.levels)])
            rows.extend(
                [row.label, str(row.cell), *(str(cell) for cell in row.extra)]
                for row in self.by_area
            )
        return rows


def section(*, period_key: str | None, area: str, area_label: str) -> RiskSection:
    release = release_for(LEVELS, period_key)
    page = RiskSection(
        name="risk",
        title=_("Risk-level mix"),
        template="insights/sections/risk.html",
        release=release,
        area=area,
        area_label=area_label,
    )
    if release is None:
        return page
    tables = release.protected_tables()
    rules = release.rules
    levels = tables["by_level"].dimension("level")
    areas = tables["by_area"].dimension("area")
    page.levels = [str(levels.label_for(k)) for k in levels.categories]
    if area and area in areas.categories:
        cells = [tables["by_area_level"].cell(area, k) for k in levels.categories]
        total = tables["by_area_level"].cell(area, TOTAL)
    else:
        page.area = page.area_label = ""
        cells = [tables["by_level"].cell(k) for k in levels.categories]
        total = tables["by_level"].cell(TOTAL)
        for key in areas.categories:
            row = [tables["by_area_level"].cell(key, k) for k in levels.categories]
            page.by_area.append(
                Row(
                    str(areas.label_for(key)),
                    tables["by_area"].cell(key),
                    [share(cell, row, rules=rules) for cell in row],
                )
            )
    page.by_level = [
        Row(label, cell, [share(cell, cells, rules=rules)])
        for label, cell in zip(page.levels, cells, strict=True)
    ]
    page.by_level.append(Row(_("Total"), total, []))
    return page
