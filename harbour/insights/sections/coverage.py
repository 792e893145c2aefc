"""Service coverage by kind of support and area (decision 0054): open services in the directory,
from the ``directory.coverage`` release of the chosen quarter (as the directory stood when the
quarter was released). Services are not people: no count is withheld. A gap (no open service for
a kind of support in an area) is said in words, in the table and in a list, not by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from harbour.directory.published_tables import COVERAGE
from harbour.insights.sections import Row, Section, release_for
from harbour.statistics.charts import chart
from harbour.statistics.published import PublishedCell


@dataclass
class CoverageSection(Section):
    areas: list[str] = field(default_factory=list)
    """Column headings: the areas shown (the chosen one, or every area)."""
    rows: list[Row] = field(default_factory=list)
    """One row per kind of support: ``extra`` one cell per area shown."""
    gaps: list[tuple[str, list[str]]] = field(default_factory=list)
    """(kind of support, areas with no open service for it)."""

    @property
    def gap_chart(self) -> dict:
        if self.area:
            return chart(
                kind="bar",
                label=_("Open services by kind of support"),
                labels=[row.label for row in self.rows],
                series=[(_("Open services"), [row.extra[0] for row in self.rows])],
                horizontal=True,
            )
        return chart(
            kind="bar",
            label=_("Areas with no open service, by kind of support"),
            labels=[label for label, _areas in self.gaps_by_need],
            series=[(_("Areas with no service"), [n for _label, n in self.gaps_by_need])],
            horizontal=True,
        )

    @property
    def gaps_by_need(self) -> list[tuple[str, int]]:
        missing = dict(self.gaps)
        return [(row.label, len(missing.get(row.label, []))) for row in self.rows]

    def figures(self) -> list[list[str]]:
        rows = [[_("Kind of support"), *self.areas]]
        rows.extend(
            [row.label, *(_("0 (no service)") if _gap(c) else str(c) for c in row.extra)]
            for row in self.rows
        )
        return rows


def _gap(cell: PublishedCell) -> bool:
    return cell.value == 0


def section(*, period_key: str | None, area: str, area_label: str) -> CoverageSection:
    page = CoverageSection(
        name="coverage",
        title=_("Services for each kind of support, by area"),
        template="insights/sections/coverage.html",
        release=release_for(COVERAGE, period_key),
        area=area,
        area_label=area_label,
    )
    if page.release is None:
        return page
    table = page.release.protected_tables()["by_need_area"]
    needs = table.dimension("need")
    areas = table.dimension("area")
    shown = [area] if area and area in areas.categories else list(areas.categories)
    if len(shown) > 1:
        page.area = page.area_label = ""
    page.areas = [str(areas.label_for(k)) for k in shown]
    for need in needs.categories:
        cells = [table.cell(need, k) for k in shown]
        label = str(needs.label_for(need))
        page.rows.append(Row(label, cells[0], cells))
        missing = [name for name, cell in zip(page.areas, cells, strict=True) if _gap(cell)]
        if missing:
            page.gaps.append((label, missing))
    return page
