"""Instances of abuse, the people harming her, and what they prompt.

An :class:`Incident` is one instance of abuse of one victim by one or more people, recorded by
an agency. Its ``kind`` says who recorded it:

- ``police``: an incident the police attended (the first police visit, whether she supports
  police action, the Home Office outcome code, the officer);
- ``disclosure``: abuse she disclosed to another agency (an IDVA, the hub, a specialist
  service), which may not be a crime and has none of the police-only fields.

Both count as "any new instance of abuse between the same victim and the same person harming
her" (a MARAC repeat). Victims and people harming her are person records
(``harbour.people``), pointed at by string foreign keys and read only through
``person_get_for_user``.

Free text is encrypted at rest; coded values (offence types, outcome codes, levels, times,
areas) are not, so that they can be counted and filtered.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from harbour.core.drafts import Draft
from harbour.core.fields import EncryptedTextField
from harbour.core.ids import PublicIdField
from harbour.incidents.choices import (
    PERSONALLY_CONNECTED,
    ActionKind,
    ActionStatus,
    IncidentKind,
    OutcomeSupport,
    Relationship,
    Support,
    YesNoNotKnown,
)


class OffenceType(models.Model):
    """A kind of offence or abuse (data, editable in the admin)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    harmful_practice = models.BooleanField(
        _("a harmful practice (forced marriage, so-called honour-based violence, FGM)"),
        default=False,
    )
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("offence type")
        verbose_name_plural = _("offence types")

    def __str__(self) -> str:
        return self.name


class OutcomeCode(models.Model):
    """A Home Office crime outcome code (data, editable in the admin)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    title = models.CharField(_("title"), max_length=250)
    victim_support = models.CharField(
        _("what it says about her support"),
        max_length=20,
        choices=OutcomeSupport.choices,
        blank=True,
        default="",
    )
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("outcome code")
        verbose_name_plural = _("outcome codes")

    def __str__(self) -> str:
        return f"Outcome {self.code}: {self.title}"


class Incident(models.Model):
    """One instance of abuse of one victim, recorded by one agency."""

    Kind = IncidentKind

    public_id = PublicIdField()
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    victim = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("victim")
    )
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    occurred_at = models.DateTimeField(_("when it happened"))
    local_authority = models.ForeignKey(
        "regions.LocalAuthority",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area"),
    )
    offences = models.ManyToManyField(
        OffenceType, related_name="+", verbose_name=_("offences or kinds of abuse")
    )
    summary = EncryptedTextField(_("what happened, briefly"), blank=True, default="")

    # Her age, for the domestic abuse test (from her date of birth where it is known).
    victim_aged_16_or_over = models.CharField(
        _("she is aged 16 or over"), max_length=10, choices=YesNoNotKnown.choices
    )
    children_present = models.CharField(
        _("children were present"), max_length=10, choices=YesNoNotKnown.choices
    )
    children_in_household = models.CharField(
        _("children live in the household"), max_length=10, choices=YesNoNotKnown.choices
    )
    children_count = models.PositiveSmallIntegerField(
        _("number of children"), null=True, blank=True
    )

    # Domestic abuse: the Act's test on the relationships and ages, confirmed by the recorder.
    domestic_abuse = models.BooleanField(_("domestic abuse"), null=True, blank=True)
    domestic_abuse_test = models.CharField(
        _("what the Domestic Abuse Act 2021 test said"),
        max_length=10,
        choices=YesNoNotKnown.choices,
        blank=True,
    )
    domestic_abuse_note = EncryptedTextField(
        _("why the decision differs from the test"), blank=True, default=""
    )
    domestic_abuse_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    domestic_abuse_confirmed_at = models.DateTimeField(null=True, blank=True)

    # Police only ---------------------------------------------------------------------------
    visited_at = models.DateTimeField(_("first police visit"), null=True, blank=True)
    force_reference = models.CharField(_("force reference"), max_length=40, blank=True)
    supports_action = models.CharField(
        _("she supports police action"), max_length=10, choices=Support.choices, blank=True
    )
    outcome = models.ForeignKey(
        OutcomeCode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outcome"),
    )
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(user_related_name="+")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [
            models.Index(fields=["victim", "occurred_at"], name="incidents_victim_occurred"),
            models.Index(fields=["recorded_by_agency", "-occurred_at"], name="incidents_agency"),
            models.Index(fields=["kind", "victim", "visited_at"], name="incidents_callouts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=IncidentKind.POLICE, visited_at__isnull=False)
                | models.Q(
                    kind=IncidentKind.DISCLOSURE,
                    visited_at__isnull=True,
                    outcome__isnull=True,
                    supports_action="",
                ),
                name="incidents_police_fields_only_for_police",
            ),
        ]

    def __str__(self) -> str:
        # Never a name: strings of models end up in logs and error pages.
        return f"Incident {self.public_id}"

    @property
    def reference(self) -> str:
        """The force's reference where there is one, else Harbour's own identifier."""
        return self.force_reference or self.public_id

    @property
    def label(self) -> str:
        """How queues and lists name it, never by a name or a raw identifier: "incident of
        27/3/2026 (MP/2026/0412)" with the force's reference, else "incident of 27/3/2026,
        21:30, Knowsley" (the time and area it happened, UK time)."""
        from django.utils.translation import gettext as _

        when = timezone.localtime(self.occurred_at)
        if self.force_reference:
            return _("incident of %(date)s (%(ref)s)") % {
                "date": when.strftime("%d/%m/%Y"),
                "ref": self.force_reference,
            }
        return _("incident of %(date)s, %(time)s, %(area)s") % {
            "date": when.strftime("%d/%m/%Y"),
            "time": when.strftime("%H:%M"),
            "area": self.local_authority.name,
        }

    @property
    def is_police(self) -> bool:
        return self.kind == IncidentKind.POLICE

    @property
    def has_children(self) -> bool:
        return YesNoNotKnown.YES in (self.children_present, self.children_in_household)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.occurred_at and self.occurred_at > timezone.now():
            errors["occurred_at"] = _("When it happened must be in the past.")
        if self.kind == IncidentKind.POLICE:
            if self.visited_at is None:
                errors["visited_at"] = _("Enter when the police first visited.")
            elif self.occurred_at and self.visited_at < self.occurred_at:
                errors["visited_at"] = _("The visit must be after the incident happened.")
            elif self.visited_at > timezone.now():
                errors["visited_at"] = _("The visit must be in the past.")
            if not self.supports_action:
                errors["supports_action"] = _("Say whether she supports police action.")
        else:
            for name in ("visited_at", "outcome_id"):
                if getattr(self, name):
                    errors[name.removesuffix("_id")] = _(
                        "Only police-recorded incidents have this."
                    )
            if self.supports_action:
                errors["supports_action"] = _("Only police-recorded incidents have this.")
        if errors:
            raise ValidationError(errors)


class IncidentHarmer(models.Model):
    """A person harming her in this incident, with what they are to her."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="harmers")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    relationship = models.CharField(
        _("what they are to her"), max_length=20, choices=Relationship.choices
    )
    aged_16_or_over = models.CharField(
        _("aged 16 or over"), max_length=10, choices=YesNoNotKnown.choices
    )
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("person harming her")
        verbose_name_plural = _("people harming her")
        constraints = [
            models.UniqueConstraint(fields=["incident", "person"], name="incidents_harmer_once")
        ]
        indexes = [models.Index(fields=["person", "incident"], name="incidents_harmer_person")]

    def __str__(self) -> str:
        return f"Person harming her in {self.incident}"

    @property
    def personally_connected(self) -> bool:
        return self.relationship in PERSONALLY_CONNECTED


class SupportForAction(models.Model):
    """One answer to "does she support police action?": the history of her decision."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="support")
    value = models.CharField(
        _("she supports police action"), max_length=10, choices=Support.choices
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = EncryptedTextField(_("note"), blank=True, default="")

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("support for police action")
        verbose_name_plural = _("support for police action")

    def __str__(self) -> str:
        return f"{self.get_value_display()} ({self.incident})"


class IncidentAction(models.Model):
    """An action the incident prompts (children's social care, the school), until completed."""

    Kind = ActionKind
    Status = ActionStatus

    public_id = PublicIdField()
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("action"), max_length=30, choices=ActionKind.choices)
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )
    note = EncryptedTextField(_("note"), blank=True, default="")

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("incident action")
        verbose_name_plural = _("incident actions")
        constraints = [
            models.UniqueConstraint(fields=["incident", "kind"], name="incidents_action_once")
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="incidents_action_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.incident})"

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN

    @property
    def overdue(self) -> bool:
        reference = self.completed_at or timezone.now()
        return self.status != ActionStatus.NOT_NEEDED and self.due_at < reference


class VictimDraft(Draft):
    """What the officer has said about her on the question pages of step 1, before her record
    is created (encrypted, hers alone, removed after ``HARBOUR_DRAFT_HOURS``; see
    ``harbour.core.drafts``). ``data``: each page's answers as typed, and the fingerprint of
    the details the duplicate check cleared."""

    class Meta:
        verbose_name = _("draft of a victim's record")
        verbose_name_plural = _("drafts of victims' records")
