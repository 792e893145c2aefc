from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.core.drafts import Draft
from harbour.core.fields import EncryptedJSONField, EncryptedTextField
from harbour.core.ids import PublicIdField
from harbour.risk.definitions import Level, ToolDefinition, parse_definition


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


class Assessment(models.Model):
    """One completed risk checklist: the tool version it used, every answer, the level and its
    reasons, who assessed whom and when.

    Answers and free text are encrypted at rest; the level, counts and MARAC criteria are not,
    so that they can be listed and counted. Read an assessment only through
    ``harbour.risk.queries.assessment_get_for_user`` (need-to-know through her record).
    """

    public_id = PublicIdField()
    tool_version = models.ForeignKey(
        RiskToolVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("tool and version"),
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("incident"),
    )
    answers = EncryptedJSONField(_("answers"), default=dict)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    tool_level = models.CharField(_("level from the tool"), max_length=10, choices=Level.choices)
    yes_count = models.PositiveSmallIntegerField(_("yes answers"))
    not_known_count = models.PositiveSmallIntegerField(_("not known answers"))
    question_count = models.PositiveSmallIntegerField(_("questions"))
    reasons = EncryptedJSONField(_("reasons"), default=list)
    officer_level = models.CharField(
        _("officer's grade"), max_length=10, choices=Level.choices, blank=True
    )
    officer_reasons = EncryptedTextField(_("officer's reasons"), blank=True, default="")
    judgement_level = models.CharField(
        _("professional judgement"), max_length=10, choices=Level.choices, blank=True
    )
    judgement_reason = EncryptedTextField(_("why judgement raised it"), blank=True, default="")
    police_callouts_12_months = models.PositiveSmallIntegerField(
        _("police call-outs in the last 12 months"), null=True, blank=True
    )
    potential_escalation = models.BooleanField(_("potential escalation"), default=False)
    marac_criteria = models.JSONField(_("MARAC criteria met"), default=list, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    assessed_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)

    class Meta:
        ordering = ["-assessed_at", "-id"]
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        indexes = [
            models.Index(fields=["person", "-assessed_at"], name="risk_assessment_person"),
            models.Index(fields=["level", "-assessed_at"], name="risk_assessment_level"),
        ]

    def __str__(self) -> str:
        # Never a name or an answer: strings of models end up in logs and error pages.
        return f"Risk assessment {self.public_id}"

    @property
    def definition(self) -> ToolDefinition:
        return self.tool_version.definition

    @property
    def raised_by_judgement(self) -> bool:
        return self.level != self.tool_level

    def meets(self, criterion: str) -> bool:
        return criterion in (self.marac_criteria or [])


class ChecklistDraft(Draft):
    """A checklist saved before it is finished (27 questions can outlast the idle limit): the
    answers as typed, encrypted, the officer's alone, removed ``HARBOUR_DRAFT_HOURS`` after it
    was last saved (``harbour.core.drafts``). One per user, person, incident and tool version."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("incident"),
    )
    tool_version = models.ForeignKey(
        RiskToolVersion, on_delete=models.CASCADE, related_name="+", verbose_name=_("tool version")
    )

    class Meta:
        verbose_name = _("draft checklist")
        verbose_name_plural = _("draft checklists")
