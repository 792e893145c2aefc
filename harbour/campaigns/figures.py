"""A campaign set against what people did: Find support's searches and the hub's self-referrals,
quarter by quarter, from the quarter before it started to the quarter it ended in.

Both come only from **releases** (``harbour.statistics.releases``): the weekly search totals and
the self-referrals themselves are never shown. A quarter not released yet says so. The figure for
the campaign's areas is the sum of the released area figures, withheld if any of them is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from harbour.campaigns.models import Campaign
from harbour.campaigns.published_tables import NAME as SELF_REFERRALS
from harbour.directory.published_tables import NAME as SEARCHES
from harbour.statistics.charts import chart
from harbour.statistics.periods import QUARTER, Period
from harbour.statistics.published import PublishedCell
from harbour.statistics.releases import release_current
from harbour.statistics.rules import Reason
from harbour.statistics.tables import TOTAL


@dataclass(frozen=True)
class Released:
    """A released quarter's figure in the campaign's areas and in the whole region; None when
    the quarter is not released yet."""

    in_areas: PublishedCell | None
    region: PublishedCell | None


@dataclass(frozen=True)
class QuarterRow:
    period: Period
    during: bool  # the campaign ran in this quarter
    searches: Released
    self_referrals: Released


def _released(name: str, period: Period, areas: Sequence[str]) -> Released:
    release = release_current(name=name, period_key=period.key)
    if release is None:
        return Released(None, None)
    table = release.protected_tables()["by_area"]
    known = set(table.dimension("area").categories)
    cells = [table.cell(code) for code in areas if code in known]
    if any(cell.value is None for cell in cells):
        in_areas = PublishedCell(value=None, reason=Reason.SECONDARY, marker=release.rules.marker)
    else:
        in_areas = PublishedCell(value=sum(cell.value for cell in cells))
    return Released(in_areas=in_areas, region=table.cell(TOTAL))


def campaign_quarters(campaign: Campaign) -> list[QuarterRow]:
    first = QUARTER.containing(campaign.starts_on)
    last = QUARTER.containing(campaign.ends_on)
    areas = list(campaign.areas.values_list("gss_code", flat=True))
    rows = []
    period = first.previous()
    while period.start <= last.start:
        rows.append(
            QuarterRow(
                period=period,
                during=period.start >= first.start,
                searches=_released(SEARCHES, period, areas),
                self_referrals=_released(SELF_REFERRALS, period, areas),
            )
        )
        period = period.next()
    return rows


def quarters_chart(rows: Sequence[QuarterRow], measure: str) -> dict:
    """One measure of the quarters table (``searches`` or ``self_referrals``) as a chart: the
    released figure in the campaign's areas and in the region, quarter by quarter, the
    campaign's quarters marked; a quarter not released yet, or a withheld figure, is a gap."""
    names = {
        "searches": (
            _("Chart of Find support's searches by quarter, from the table below"),
            _("Searches in the campaign's areas"),
            _("Searches in the region"),
        ),
        "self_referrals": (
            _("Chart of the hub's self-referrals by quarter, from the table below"),
            _("Self-referrals in the campaign's areas"),
            _("Self-referrals in the region"),
        ),
    }
    label, in_areas, region = names[measure]
    released = [getattr(row, measure) for row in rows]
    return chart(
        kind="line",
        label=label,
        labels=[
            _("%(quarter)s (campaign)") % {"quarter": row.period.label}
            if row.during
            else str(row.period.label)
            for row in rows
        ],
        series=[
            (in_areas, [figure.in_areas for figure in released]),
            (region, [figure.region for figure in released]),
        ],
    )
