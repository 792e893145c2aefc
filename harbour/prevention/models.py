"""Prevention: education programmes, their sessions, and the anonymous before/after
questionnaires, recorded per session as tallies.

Questionnaires from young people are anonymous: no answer is linked to a person or to another
answer, so a session's questionnaires are kept as counts (how many answered before and after the
session, and how many of them answered "yes" to each question). Those counts are all the
analysis needs (``effects.py``). See ``docs/prevention.md``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.core.fields import user_fk
from harbour.core.ids import PublicIdField


class Audience(models.TextChoices):
    YOUNG_PEOPLE = "young_people", _("Young people")
    PROFESSIONALS = "professionals", _("Professionals who work with young people")


class Stage(models.TextChoices):
    BEFORE = "before", _("Before the session")
    AFTER = "after", _("After the session")


# The questions every questionnaire asks, answered yes or no.
class Question(models.TextChoices):
    RECOGNISES = (
        "recognises",
        _("I can recognise the different forms abuse in a relationship takes"),
    )
    KNOWS_HELP = "knows_help", _("I know where to get help")


class Programme(models.Model):
    public_id = PublicIdField()
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=2000)
    created_by = user_fk(_("added by"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name",)
        verbose_name = _("education programme")
        constraints = [
            models.UniqueConstraint(fields=("agency", "name"), name="prevention_programme_name")
        ]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """One delivery of a programme: where, to whom, how many attended."""

    public_id = PublicIdField()
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField(_("date"))
    venue = models.CharField(
        _("school or venue"),
        max_length=200,
        help_text=_("A school's or a venue's name: never a person's."),
    )
    area = models.ForeignKey(
        "regions.LocalAuthority",
        on_delete=models.PROTECT,
        related_name="education_sessions",
        verbose_name=_("area"),
    )
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    attendance = models.PositiveIntegerField(_("attendance"))
    recorded_by = user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-held_on", "id")
        verbose_name = _("session")

    def __str__(self) -> str:
        return f"{self.programme} {self.held_on:%d/%m/%Y} {self.venue}"


class Tally(models.Model):
    """A session's questionnaires at one stage: how many answered, and how many said yes to
    each question."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="tallies")
    stage = models.CharField(max_length=8, choices=Stage.choices)
    responses = models.PositiveIntegerField(_("questionnaires returned"))
    recognises_yes = models.PositiveIntegerField(_("recognise the forms of abuse"))
    knows_help_yes = models.PositiveIntegerField(_("know where to get help"))

    class Meta:
        ordering = ("session", "stage")
        constraints = [
            models.UniqueConstraint(fields=("session", "stage"), name="prevention_tally_once")
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.stage}"

    def clean(self) -> None:
        errors = {}
        for name in ("recognises_yes", "knows_help_yes"):
            value = getattr(self, name)
            if value is not None and self.responses is not None and value > self.responses:
                errors[name] = _("More said yes than returned a questionnaire.")
        if errors:
            raise ValidationError(errors)

    def yes(self, question: str) -> int:
        return self.recognises_yes if question == Question.RECOGNISES else self.knows_help_yes
