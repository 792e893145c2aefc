"""The region's multi-agency action plan to end violence against women and girls: objectives
grouped by theme, actions with a lead agency and partners, milestones with due dates and the
owning agency's progress notes, and indicators linked to published figures. See
``docs/action_plan.md``."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.core.fields import user_fk
from harbour.core.ids import PublicIdField

AT_RISK_DAYS = 21
"""A milestone not yet started this close to its due date is at risk."""
REMIND_DAYS = 14
"""The lead agency's staff are reminded, in their work queue, this many days before it is due."""


class Theme(models.TextChoices):
    PREVENTION = "prevention", _("Prevention and early intervention")
    PROVISION = "provision", _("Provision of services")
    PARTNERSHIP = "partnership", _("Partnership working")
    PERPETRATORS = "perpetrators", _("Pursuing perpetrators")


class Objective(models.Model):
    public_id = PublicIdField()
    theme = models.CharField(_("theme"), max_length=16, choices=Theme.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("objective"), max_length=300)

    class Meta:
        ordering = ("number",)
        constraints = [
            models.UniqueConstraint(fields=("number",), name="action_plan_objective_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Action(models.Model):
    public_id = PublicIdField()
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    lead = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("lead agency")
    )
    partners = models.ManyToManyField(
        "accounts.Agency", related_name="+", blank=True, verbose_name=_("partner agencies")
    )

    class Meta:
        ordering = ("objective__number", "id")

    def __str__(self) -> str:
        return self.title


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Held up")
    DONE = "done", _("Done")


class Progress(models.TextChoices):
    """How the board reads a milestone (worked out, never entered)."""

    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")
    DONE = "done", _("Done")


class Milestone(models.Model):
    public_id = PublicIdField()
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("due_on", "id")

    def __str__(self) -> str:
        return self.title

    def progress(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.status == Status.DONE:
            return Progress.DONE
        if self.due_on < today:
            return Progress.LATE
        if self.status == Status.BLOCKED or (
            self.status == Status.NOT_STARTED and (self.due_on - today).days <= AT_RISK_DAYS
        ):
            return Progress.AT_RISK
        return Progress.ON_TRACK

    def get_progress_display(self) -> str:
        return str(Progress(self.progress()).label)


class ProgressNote(models.Model):
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="notes")
    status = models.CharField(max_length=12, choices=Status.choices)
    text = models.TextField(_("progress"), max_length=2000)
    by = user_fk(_("by"))
    agency_name = models.CharField(max_length=200)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return f"{self.milestone}: {self.get_status_display()}"


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("At least the target")
    AT_MOST = "at_most", _("At most the target")


class Indicator(models.Model):
    """A measure of an objective, taken from a released table set (never from raw records).

    With a ``measure`` (one of ``harbour.action_plan.measures``, a figure of that table set) and
    a ``target``, the region dashboard shows its latest published value beside the target, and
    whether it is on track."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="indicators")
    title = models.CharField(_("indicator"), max_length=300)
    table_set = models.CharField(_("published table set"), max_length=100)
    measure = models.CharField(
        _("published figure"),
        max_length=100,
        blank=True,
        default="",
        db_default="",
        help_text=_("The figure of the table set the indicator is read from."),
    )
    target = models.DecimalField(_("target"), max_digits=9, decimal_places=2, null=True, blank=True)
    direction = models.CharField(
        _("on track when the figure is"),
        max_length=8,
        choices=Direction.choices,
        default=Direction.AT_LEAST,
        db_default=Direction.AT_LEAST,
    )

    class Meta:
        ordering = ("objective", "id")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from harbour.action_plan.measures import measures

        if not self.measure:
            if self.target is not None:
                raise ValidationError({"measure": _("Choose the figure the target is for.")})
            return
        measure = measures.get(self.measure)
        if measure is None:
            raise ValidationError({"measure": _("Choose a published figure from the list.")})
        if measure.table_set != self.table_set:
            raise ValidationError(
                {
                    "measure": _("This figure is from the table set %(name)s.")
                    % {"name": measure.table_set}
                }
            )
        if self.target is None:
            raise ValidationError({"target": _("Enter the target for this figure.")})

    def on_track(self, value) -> bool | None:
        """Whether ``value`` (a published figure, or None where withheld) meets the target."""
        if value is None or self.target is None:
            return None
        if self.direction == Direction.AT_MOST:
            return value <= self.target
        return value >= self.target
