"""Dashboard section: prevention reach by area, from the latest released school year.

Read from the stored release of ``prevention.reach`` (its "by area and audience" table, every
programme together), never from sessions: each figure is as published, withheld ones shown as
``[c]`` in the table and as gaps in the chart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from harbour.prevention.published_tables import NAME
from harbour.statistics.charts import chart
from harbour.statistics.published import PublishedCell
from harbour.statistics.releases import StoredRelease, releases_current
from harbour.statistics.tables import TOTAL


@dataclass
class ReachRow:
    label: str
    cells: list[PublishedCell]  # one per audience, then the total


@dataclass
class ReachSection:
    release: StoredRelease | None = None
    audiences: list[str] = field(default_factory=list)
    rows: list[ReachRow] = field(default_factory=list)

    @property
    def chart(self) -> dict:
        areas = self.rows[:-1]
        return chart(
            kind="bar",
            label=_("People reached by prevention sessions in each area, by audience"),
            labels=[row.label for row in areas],
            series=[
                (audience, [row.cells[number] for row in areas])
                for number, audience in enumerate(self.audiences)
            ],
            stacked=True,
        )

    def csv_rows(self) -> list[list]:
        if self.release is None:
            return [[_("Prevention reach"), _("Not released yet")]]
        rows = [list(row) for row in self.release.csv_preamble()]
        rows.append([_("Area"), *self.audiences, _("Total")])
        rows.extend([row.label, *(str(cell) for cell in row.cells)] for row in self.rows)
        return rows


def reach_section() -> ReachSection:
    """The latest released school year's reach by area and audience (all programmes)."""
    releases = releases_current(name=NAME, last=1)
    if not releases:
        return ReachSection()
    release = releases[-1]
    table = release.protected_tables()["by_area_audience"]
    area, audience = table.dimension("area"), table.dimension("audience")
    kinds = [*audience.categories, TOTAL]
    return ReachSection(
        release=release,
        audiences=[str(audience.label_for(key)) for key in audience.categories],
        rows=[
            ReachRow(str(area.label_for(code)), [table.cell(code, kind) for kind in kinds])
            for code in [*area.categories, TOTAL]
        ],
    )
