from __future__ import annotations

from functools import cached_property

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.risk.definitions import ToolDefinition, parse_definition


class RiskTool(models.Model):
    """A risk identification tool (e.g. the practitioner checklist), across its versions."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("risk tool")
        verbose_name_plural = _("risk tools")

    def __str__(self) -> str:
        return self.name

    def current_version(self) -> RiskToolVersion:
        return self.versions.get(is_current=True)


class RiskToolVersion(models.Model):
    """One version of a tool: its questions and scoring rules, never changed once loaded.

    Assessments point at the version they used, so loading a newer version leaves every earlier
    assessment as it was.
    """

    tool = models.ForeignKey(RiskTool, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(_("version"), max_length=20)
    document = models.JSONField(_("questions and scoring rules"))
    checksum = models.CharField(max_length=64)
    is_current = models.BooleanField(_("current version"), default=False)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)

    class Meta:
        ordering = ["tool", "-loaded_at"]
        verbose_name = _("risk tool version")
        verbose_name_plural = _("risk tool versions")
        constraints = [
            models.UniqueConstraint(fields=["tool", "version"], name="risk_tool_version_unique"),
            models.UniqueConstraint(
                fields=["tool"],
                condition=models.Q(is_current=True),
                name="risk_tool_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tool.name}, version {self.version}"

    @cached_property
    def definition(self) -> ToolDefinition:
        return parse_definition(self.document)
