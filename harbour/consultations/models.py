"""Consultations: what the partnership asks, who answers, and what the analysis finds.

A consultation has topics and questions; a response is anonymous (no name, no address, no
device data, only the day it came in), comes by one of three routes (the public page, the
professional route for agencies, a spreadsheet import) and holds one answer per question
answered. A free-text answer is kept twice: as written, encrypted and shown to no one, and
redacted of personal details (``harbour.consultations.redaction``), which is what analysts read.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.core.fields import EncryptedTextField, user_fk
from harbour.core.ids import PublicIdField


class Audience(models.TextChoices):
    SURVIVORS = "survivors", _("Victims and survivors")
    PROFESSIONALS = "professionals", _("Professionals and agencies")
    PUBLIC = "public", _("Members of the public")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("One answer from a list")
    MULTIPLE = "multiple", _("Any answers from a list")
    RATING = "rating", _("Rating scale")
    TEXT = "text", _("Free text")


class AboutYou(models.TextChoices):
    """Optional questions about the person answering; never required."""

    AREA = "area", _("Area")
    AGE_BAND = "age_band", _("Age band")
    ETHNICITY = "ethnicity", _("Ethnic group")
    DISABILITY = "disability", _("Disability")


class Route(models.TextChoices):
    PUBLIC = "public", _("Public page")
    PROFESSIONAL = "professional", _("Professional route")
    IMPORT = "import", _("Imported from a spreadsheet")


class Consultation(models.Model):
    public_id = PublicIdField()
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("run by"),
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    audiences = models.JSONField(_("audiences"), default=list)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    created_by = user_fk(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-opens_on", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("The closing date must be on or after the opening date.")
        if not self.audiences:
            errors["audiences"] = _("Choose at least one audience.")
        elif any(audience not in Audience.values for audience in self.audiences):
            errors["audiences"] = _("Choose audiences from the list.")
        if errors:
            raise ValidationError(errors)

    def is_open(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.opens_on <= day <= self.closes_on

    def audience_labels(self) -> list[str]:
        return [str(Audience(audience).label) for audience in self.audiences]


class Topic(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


RATING_SCALES = {3, 4, 5, 7, 10}


class Question(models.Model):
    public_id = PublicIdField()
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="questions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    hint = models.CharField(_("hint"), max_length=500, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    scale_points = models.PositiveSmallIntegerField(_("points on the scale"), null=True, blank=True)
    scale_low_label = models.CharField(_("lowest point means"), max_length=60, blank=True)
    scale_high_label = models.CharField(_("highest point means"), max_length=60, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    about_you = models.CharField(
        _("about you"), max_length=12, choices=AboutYou.choices, blank=True
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            # "About you" questions are never required (checked in the database as well).
            models.CheckConstraint(
                condition=models.Q(about_you="") | models.Q(required=False),
                name="consultations_about_you_never_required",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)

    def clean(self) -> None:
        errors = {}
        if self.about_you and self.required:
            errors["required"] = _("“About you” questions are never required.")
        if self.has_choices:
            cleaned = [str(choice).strip() for choice in self.choices or [] if str(choice).strip()]
            if len(cleaned) < 2:
                errors["choices"] = _("Give at least two choices, one a line.")
            elif len(set(cleaned)) != len(cleaned):
                errors["choices"] = _("Each choice must be different.")
        elif self.choices:
            errors["choices"] = _("Only list questions have choices.")
        if self.kind == QuestionKind.RATING:
            if self.scale_points not in RATING_SCALES:
                errors["scale_points"] = _("Choose a scale of 3, 4, 5, 7 or 10 points.")
        elif self.scale_points:
            errors["scale_points"] = _("Only rating questions have a scale.")
        if errors:
            raise ValidationError(errors)

    def rating_values(self) -> list[int]:
        return list(range(1, (self.scale_points or 0) + 1))


class ImportBatch(models.Model):
    """One spreadsheet of answers imported whole (a bad file imports nothing)."""

    public_id = PublicIdField()
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="imports")
    imported_by = user_fk(_("imported by"))
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    rows = models.PositiveIntegerField(_("rows"))
    neutralised_cells = models.PositiveIntegerField(_("cells that looked like formulas"), default=0)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"import {self.public_id}"


class Response(models.Model):
    """One person's or one agency's answers. Anonymous: no name, address or device data, and
    only the day it came in (a time could be matched against other records)."""

    public_id = PublicIdField()
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    route = models.CharField(_("route"), max_length=16, choices=Route.choices)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency answering"),
    )
    import_batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"response {self.public_id}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.JSONField(_("choices"), default=list, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    text = EncryptedTextField(_("text as written"), blank=True)
    redacted_text = models.TextField(_("text, personal details removed"), blank=True)
    redactions = models.JSONField(_("personal details removed, by kind"), default=dict)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="consultations_one_answer_a_question"
            )
        ]

    def __str__(self) -> str:
        return f"answer {self.pk}"


class AnalysisStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Analysis(models.Model):
    """One run of theme analysis over the answers to a free-text question."""

    public_id = PublicIdField()
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="analyses")
    status = models.CharField(
        _("status"), max_length=10, choices=AnalysisStatus.choices, default=AnalysisStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (per cent)"), default=0)
    stage = models.CharField(_("stage"), max_length=60, blank=True)
    themes_asked = models.PositiveSmallIntegerField(_("themes asked for"), null=True, blank=True)
    themes_proposed = models.PositiveSmallIntegerField(_("themes proposed"), null=True, blank=True)
    embedder = models.CharField(_("embedding model"), max_length=60, blank=True)
    answers_count = models.PositiveIntegerField(_("answers"), default=0)
    requested_by = user_fk(_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"analysis {self.public_id}"


class Theme(models.Model):
    public_id = PublicIdField()
    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="themes")
    label = models.CharField(_("name"), max_length=120)
    key_terms = models.JSONField(_("key terms"), default=list)
    is_other = models.BooleanField(_("answers that fit no theme"), default=False)
    centroid = models.JSONField(_("centre"), default=list)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["is_other", "order", "id"]

    def __str__(self) -> str:
        return self.label


class ThemeAssignment(models.Model):
    """An answer placed in a theme, with the analysis's confidence (0–1); an answer touching
    two themes has two rows, one of them primary. ``moved_by`` is set when an analyst moved it."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="assignments")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="+")
    confidence = models.FloatField(_("confidence"))
    primary = models.BooleanField(_("primary theme"), default=True)
    moved_by = user_fk(_("moved by"))

    class Meta:
        ordering = ["-confidence", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "answer"], name="consultations_answer_once_a_theme"
            )
        ]

    def __str__(self) -> str:
        return f"assignment {self.pk}"


class Quote(models.Model):
    """A redacted answer an analyst chose to show in the report (never picked automatically)."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="quotes")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="+")
    chosen_by = user_fk(_("chosen by"))
    chosen_at = models.DateTimeField(_("chosen at"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["theme", "answer"], name="consultations_quote_once")
        ]

    def __str__(self) -> str:
        return f"quote {self.pk}"


class ResultsRelease(models.Model):
    """The consultation's published results: protected tables made once and stored."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="releases"
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = user_fk(_("published by"))
    tables = models.JSONField(_("tables"), default=list)

    class Meta:
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return f"release {self.pk}"


MAX_TEXT_LENGTH = 5000  # characters in one free-text answer
