"""Referral flows between agencies (decision 0054): who refers to whom, as the matrix of the
``referrals.flows`` release of the chosen quarter, for the whole region (flows are not published
by area: an agency-by-agency table for each area would be mostly withheld). Small flows are
withheld by the release's protection like any other count.

Agencies that neither sent nor received a referral in the quarter (a published 0 in both
totals) are left out of the matrix; nothing else is taken away or added up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from harbour.insights.sections import Row, Section, release_for
from harbour.referrals.published_tables import FLOWS
from harbour.statistics.charts import chart
from harbour.statistics.published import PublishedCell
from harbour.statistics.tables import TOTAL


@dataclass
class FlowsSection(Section):
    receivers: list[str] = field(default_factory=list)
    """Column headings: each receiving agency shown, then the total."""
    matrix: list[Row] = field(default_factory=list)
    """One row per sender (then the total): ``cell`` its total, ``extra`` one cell per
    receiving agency, in ``receivers`` order."""
    received: list[Row] = field(default_factory=list)

    @property
    def received_chart(self) -> dict:
        return chart(
            kind="bar",
            label=_("Referrals received, by agency"),
            labels=[row.label for row in self.received],
            series=[(_("Referrals"), [row.cell for row in self.received])],
            horizontal=True,
        )

    def figures(self) -> list[list[str]]:
        rows = [[_("Referred by"), *self.receivers]]
        rows.extend([row.label, *(str(cell) for cell in row.extra)] for row in self.matrix)
        return rows


def _nothing(cell: PublishedCell) -> bool:
    return cell.value == 0


def section(*, period_key: str | None, area: str, area_label: str) -> FlowsSection:
    page = FlowsSection(
        name="flows",
        title=_("Referrals between agencies"),
        template="insights/sections/flows.html",
        release=release_for(FLOWS, period_key),
        area=area,
        area_label=area_label,
    )
    if page.release is None:
        return page
    table = page.release.protected_tables()["by_sender_receiver"]
    senders = table.dimension("sender")
    receivers = table.dimension("receiver")
    shown_receivers = [k for k in receivers.categories if not _nothing(table.cell(TOTAL, k))]
    shown_senders = [k for k in senders.categories if not _nothing(table.cell(k, TOTAL))]
    page.receivers = [str(receivers.label_for(k)) for k in shown_receivers] + [_("Total")]
    for key in [*shown_senders, TOTAL]:
        cells = [table.cell(key, k) for k in [*shown_receivers, TOTAL]]
        page.matrix.append(Row(str(senders.label_for(key)), cells[-1], cells))
    page.received = [
        Row(str(receivers.label_for(k)), table.cell(TOTAL, k)) for k in shown_receivers
    ]
    return page
