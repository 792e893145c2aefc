"""Dashboard section: the action plan's indicators against their targets.

Each indicator with a figure (``Indicator.measure``) and a target shows the figure's value in
the **latest release** of its table set (for the chosen area, or the region), as published:
the same figure the MARAC and follow-up sections show, worked out the same way from published
counts. Withheld stays withheld, and then whether it is on track is not known. This module also
registers the figures an indicator can be read from (``harbour.action_plan.measures``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from harbour.action_plan.measures import Measure, measures
from harbour.action_plan.models import Indicator
from harbour.followups.figures import TABLE_SET as FOLLOWUPS
from harbour.insights.sections.followups import followup_row, in_pilot
from harbour.marac.published_tables import NAME as MARAC
from harbour.marac.published_tables import REPEAT
from harbour.regions.queries import area_denominators
from harbour.statistics.charts import chart
from harbour.statistics.derived import ratio
from harbour.statistics.published import PublishedCell
from harbour.statistics.rates import rates_per_10000
from harbour.statistics.releases import StoredRelease, releases_current
from harbour.statistics.tables import TOTAL


def _area_key(table, area: str):
    if not area:
        return TOTAL
    return area if area in table.dimension("area").categories else None


def marac_rate(release: StoredRelease, area: str) -> PublishedCell | None:
    cases = release.protected_tables()["by_area"]
    key = _area_key(cases, area)
    if key is None:
        return None
    rates = rates_per_10000(counts=cases, denominators=area_denominators(), dimension="area")
    return rates.cell(key)


def marac_repeat_rate(release: StoredRelease, area: str) -> PublishedCell | None:
    tables = release.protected_tables()
    cases, split = tables["by_area"], tables["by_area_repeat"]
    key = _area_key(cases, area)
    if key is None:
        return None
    return ratio(split.cell(key, REPEAT), cases.cell(key), rules=cases.rules, per=100)


def followups_within(release: StoredRelease, area: str) -> PublishedCell | None:
    visits = release.protected_tables()["by_area_visit"]
    key = _area_key(visits, area)
    if key is None or (key is not TOTAL and not in_pilot(visits, key)):
        return None
    return followup_row(visits, key, "").within_share


MEASURES = (
    Measure(
        "marac.cases_per_10000",
        gettext_lazy("MARAC cases a year per 10,000 women aged 16 and over"),
        MARAC,
        gettext_lazy("per 10,000 women aged 16 and over"),
        marac_rate,
    ),
    Measure(
        "marac.repeat_rate",
        gettext_lazy("Share of MARAC cases that are repeats"),
        MARAC,
        "%",
        marac_repeat_rate,
    ),
    Measure(
        "followups.within_24_hours",
        gettext_lazy("Share of follow-ups done within 24 hours"),
        FOLLOWUPS,
        "%",
        followups_within,
    ),
)
for _measure in MEASURES:
    measures.register(_measure)


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    measure: Measure
    period: str  # the release's period, or "" before any release
    value: PublishedCell | None  # None: nothing released, or the area is not in the release
    on_track: bool | None

    @property
    def label(self) -> str:
        return self.indicator.title

    @property
    def target_text(self) -> str:
        return _number(self.indicator.target)

    @property
    def status(self) -> str:
        if self.value is None:
            return _("No figure published")
        if self.on_track is None:
            return _("Not known: the figure is withheld")
        return _("On track") if self.on_track else _("Not on track")


@dataclass
class IndicatorSection:
    area: str = ""
    area_label: str = ""
    rows: list[IndicatorRow] = field(default_factory=list)

    @property
    def chart(self) -> dict:
        return chart(
            kind="bar",
            label=_("Action plan indicators: the latest published figure and its target"),
            labels=[row.label for row in self.rows],
            series=[
                (_("Latest published"), [row.value for row in self.rows]),
                (_("Target"), [row.indicator.target for row in self.rows]),
            ],
            horizontal=True,
        )

    def csv_rows(self) -> list[list]:
        if not self.rows:
            return []
        rows: list[list] = [
            [_("Action plan indicators")],
            [
                _("Indicator"),
                _("Area"),
                _("Figure"),
                _("Period"),
                _("Latest published"),
                _("Unit"),
                _("Target"),
                _("On track when"),
                _("Status"),
            ],
        ]
        for row in self.rows:
            rows.append(
                [
                    row.label,
                    self.area_label or _("All areas"),
                    str(row.measure.label),
                    row.period,
                    "" if row.value is None else str(row.value),
                    str(row.measure.unit),
                    _number(row.indicator.target),
                    row.indicator.get_direction_display(),
                    row.status,
                ]
            )
        return rows


def _number(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def indicator_section(*, area: str = "", area_label: str = "") -> IndicatorSection:
    """Every indicator with a registered figure and a target, read from the latest release of
    its table set (one read per table set)."""
    section = IndicatorSection(area=area, area_label=area_label)
    latest: dict[str, StoredRelease | None] = {}
    indicators = Indicator.objects.exclude(measure="").filter(target__isnull=False)
    for indicator in indicators.select_related("objective"):
        measure = measures.get(indicator.measure)
        if measure is None or measure.table_set != indicator.table_set:
            continue
        if measure.table_set not in latest:
            releases = releases_current(name=measure.table_set, last=1)
            latest[measure.table_set] = releases[0] if releases else None
        release = latest[measure.table_set]
        value = measure.read(release, area) if release is not None else None
        section.rows.append(
            IndicatorRow(
                indicator=indicator,
                measure=measure,
                period=release.label if release is not None else "",
                value=value,
                on_track=indicator.on_track(value.value if value is not None else None),
            )
        )
    return section
