"""The 24-hour follow-up's published figures: one table set, protected together.

Every table is a margin of one cross-classification of **police-recorded domestic-abuse
incidents** visited in a quarter (see :func:`harbour.followups.figures.cube_counts`): area × group
(in the pilot or not) × the follow-up visit × her decision recorded by the IDVA × her support
for police action recorded by the police at the visit × the police's latest record of it. Drawn
from the same counts, the tables are protected as one problem, so none can be subtracted from
another. The set is released once for each quarter (see ``harbour.statistics.releases``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from harbour.followups.figures import (
    DECISIONS,
    GROUPS,
    POLICE_SUPPORT,
    TABLE_SET,
    VISITS,
    cube_counts,
    first_day,
    structural_zeros,
)
from harbour.regions.queries import area_categories
from harbour.statistics.periods import QUARTER
from harbour.statistics.registry import DimensionSpec, TableSetSpec, table_sets
from harbour.statistics.tables import PublishedTable

table_sets.register(
    TableSetSpec(
        name=TABLE_SET,
        title=_("The 24-hour IDVA follow-up: visits and support for a prosecution"),
        dimensions=(
            DimensionSpec("area", _("Area"), area_categories),
            DimensionSpec("group", _("Group"), GROUPS),
            DimensionSpec("visit", _("IDVA visit"), VISITS),
            DimensionSpec("decision", _("Her decision recorded by the IDVA"), DECISIONS),
            DimensionSpec(
                "police_initial", _("Support for police action at the visit"), POLICE_SUPPORT
            ),
            DimensionSpec("police_latest", _("Support for police action, latest"), POLICE_SUPPORT),
        ),
        tables=(
            PublishedTable(
                "by_area_group", ("area", "group"), _("Domestic abuse incidents by area and group")
            ),
            PublishedTable("by_area_visit", ("area", "visit"), _("Follow-up visits by area")),
            PublishedTable(
                "by_area_decision",
                ("area", "decision"),
                _("Her decision on a prosecution, recorded by the IDVA, by area"),
            ),
            PublishedTable(
                "by_group_police_initial",
                ("group", "police_initial"),
                _("Her support for police action when the police visited, by group"),
            ),
            PublishedTable(
                "by_group_police_latest",
                ("group", "police_latest"),
                _("Her support for police action, latest police record, by group"),
            ),
            PublishedTable(
                "by_area_police_latest",
                ("area", "police_latest"),
                _("Her support for police action, latest police record, by area"),
            ),
        ),
        counts=cube_counts,
        period=QUARTER,
        starts=first_day,
        structural_zeros=structural_zeros,
        lag_days=14,
        revise_every_months=12,
    )
)
