"""Releases: the protected tables of a set for one period, made once and kept.

A page or a download shows a release as stored, never counts worked out again. A period's first
release is revision 0; late records and corrections appear only in a later revision, which is
made only once the change it would show is safe to publish (``releases.revision_consider``).
"""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Release(models.Model):
    """One version of a table set's figures for one period, as published."""

    table_set = models.CharField(_("table set"), max_length=100)
    period_key = models.CharField(_("period"), max_length=20)
    period_start = models.DateField(_("first day"))
    period_end = models.DateField(_("last day"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=0)
    made_at = models.DateTimeField(_("published at"))
    reason = models.TextField(_("why it was revised"), blank=True)
    changes = models.JSONField(
        _("what changed"), default=list, help_text=_("The figures a revision changed, by table.")
    )
    rules = models.JSONField(_("rules"))
    dimensions = models.JSONField(_("dimensions as published"))
    tables = models.JSONField(_("tables as published"))
    shown = models.JSONField(_("published values"))
    status = models.JSONField(_("cell status"))
    all_withheld = models.BooleanField(default=False)
    withheld_share = models.FloatField(_("share of figures withheld"))
    alone_withheld_share = models.FloatField(
        _("share withheld if this period were protected alone")
    )
    next_revision_on = models.DateField(
        _("next revision considered on"),
        help_text=_("When late records and corrections for this period are next looked at."),
    )
    estimates = models.JSONField(
        _("estimates as published"),
        default=dict,
        null=True,  # added to a live table: None for a release made before estimates were kept
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text=_(
            "Figures worked out when the release was made, beside its counts (the table set's "
            "estimates), already withheld where the output rules say so."
        ),
    )
    held_back = models.TextField(
        _("revision held back"),
        blank=True,
        help_text=_("Why the last revision considered was not published (for producers only)."),
    )

    class Meta:
        ordering = ["table_set", "period_start", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["table_set", "period_key", "revision"], name="release_once_per_revision"
            )
        ]
        indexes = [models.Index(fields=["table_set", "period_start"])]

    def __str__(self) -> str:
        return f"{self.table_set} {self.period_key} r{self.revision}"

    @property
    def is_revision(self) -> bool:
        return self.revision > 0


class ReleaseCounts(models.Model):
    """The true counts behind a release, kept only to protect its revisions: never shown, never
    exported, readable by no page (the release holds all that may be published)."""

    release = models.OneToOneField(Release, on_delete=models.CASCADE, related_name="true_counts")
    counts = models.JSONField()
    structural = models.JSONField()

    def __str__(self) -> str:
        return f"counts behind {self.release}"
