"""Summary tables: counts kept up to date as records change, so that making a release reads
these small tables instead of rescanning the raw records.

Nothing here is shown: summaries are true counts, like ``statistics.ReleaseCounts``, and leave
Harbour only through the releases made from them (``harbour.insights.published_tables``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentSummary(models.Model):
    """How many incidents of one kind occurred in one area in one quarter (UK time)."""

    local_authority = models.ForeignKey(
        "regions.LocalAuthority",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area"),
    )
    quarter = models.DateField(_("first day of the quarter"))
    kind = models.CharField(_("kind"), max_length=20)
    count = models.IntegerField(_("incidents"), default=0, db_default=0)

    class Meta:
        verbose_name = _("incident summary")
        verbose_name_plural = _("incident summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "quarter", "kind"], name="incident_summary_once"
            ),
            models.CheckConstraint(
                condition=models.Q(count__gte=0), name="incident_summary_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["quarter"], name="incident_summary_quarter")]

    def __str__(self) -> str:
        return f"{self.local_authority_id} {self.quarter} {self.kind}: {self.count}"
