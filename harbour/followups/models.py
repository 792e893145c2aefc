"""The 24-hour follow-up: schemes by area, follow-ups, contacts, and her decision over time.

A :class:`FollowupScheme` says that an area takes part, from when, which IDVA service visits,
and on what recorded basis the police share her record with it. When the police confirm a
domestic-abuse incident in such an area, a :class:`Followup` is created (one per incident), due
24 elapsed hours after the first police visit. See ``docs/followups.md``.

Free text is encrypted at rest; coded values (statuses, times, answers) are not, so that they can
be counted for the published figures.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from harbour.accounts.roles import AgencyKind
from harbour.core.fields import EncryptedTextField, user_fk
from harbour.core.ids import PublicIdField
from harbour.followups.choices import (
    SHARED_STATUSES,
    CloseReason,
    ContactMethod,
    NoticeAnswer,
    Prosecution,
    Status,
    YesNo,
)
from harbour.people.models import Regime


def default_share_categories() -> list[str]:
    return ["identity", "contact", "circumstances", "criminal_offence", "risk"]


class FollowupScheme(models.Model):
    """An area taking part in the 24-hour follow-up (data, edited by administrators)."""

    local_authority = models.OneToOneField(
        "regions.LocalAuthority",
        on_delete=models.PROTECT,
        related_name="followup_scheme",
        verbose_name=_("area"),
    )
    starts_on = models.DateField(
        _("starts on"),
        help_text=_("Incidents whose first police visit is on or after this day (UK time)."),
    )
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the area takes part. The last day included."),
    )
    idva_service = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("IDVA service"),
        limit_choices_to={"kind": AgencyKind.IDVA_SERVICE},
        null=True,
        blank=True,
        help_text=_(
            "The IDVA service that visits. Leave empty to use the one IDVA service that covers "
            "the area."
        ),
    )
    # The recorded basis on which the police share her record with the IDVA service.
    share_purpose = models.CharField(
        _("purpose of the share"),
        max_length=200,
        default="24-hour IDVA follow-up after a police-attended domestic abuse incident",
    )
    share_categories = models.JSONField(
        _("what is shared"),
        default=default_share_categories,
        help_text=_("Codes of the kinds of information shared (see the people app)."),
    )
    share_regime = models.CharField(
        _("regime"), max_length=20, choices=Regime.choices, default=Regime.UK_GDPR
    )
    share_basis = models.ForeignKey(
        "people.LawfulBasis",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lawful basis"),
    )
    share_condition = models.ForeignKey(
        "people.ProcessingCondition",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("condition"),
    )
    share_preconditions_confirmed = models.JSONField(
        _("preconditions confirmed by the scheme's data-sharing agreement"),
        default=list,
        blank=True,
    )
    share_justification = models.TextField(
        _("justification"),
        blank=True,
        help_text=_("Why the basis and condition apply (the data-sharing agreement's words)."),
    )
    escalation_contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("escalation contacts"),
        help_text=_(
            "Told when a follow-up passes its deadline (for example the IDVA service manager). "
            "With none named, the service's MARAC coordinators are told, or else its IDVAs."
        ),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["local_authority__name"]
        verbose_name = _("24-hour follow-up scheme")
        verbose_name_plural = _("24-hour follow-up schemes")

    def __str__(self) -> str:
        return f"24-hour follow-up in {self.local_authority}"

    def clean(self) -> None:
        from harbour.followups.rules import scheme_errors

        errors = scheme_errors(self)
        if errors:
            raise ValidationError(errors)

    def covers(self, day) -> bool:
        """Whether a first police visit on ``day`` (a UK date) falls within the scheme."""
        return (
            self.is_active
            and self.starts_on <= day
            and (self.ends_on is None or day <= self.ends_on)
        )


class Followup(models.Model):
    """One 24-hour follow-up of one police-recorded domestic-abuse incident."""

    Status = Status

    public_id = PublicIdField()
    incident = models.OneToOneField(
        "incidents.Incident", on_delete=models.PROTECT, related_name="followup"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("survivor")
    )
    scheme = models.ForeignKey(FollowupScheme, on_delete=models.PROTECT, related_name="followups")
    local_authority = models.ForeignKey(
        "regions.LocalAuthority", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("IDVA service"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("IDVA"),
    )
    police_visited_at = models.DateTimeField(_("first police visit"))
    due_at = models.DateTimeField(_("visit due by"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AWAITING_NOTICE
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    # What the police told her, and her answer.
    notice_answer = models.CharField(
        _("what she was told"), max_length=12, choices=NoticeAnswer.choices, blank=True
    )
    told_at = models.DateTimeField(_("when she was told"), null=True, blank=True)
    notice_recorded_by = user_fk(_("what she was told recorded by"))
    notice_recorded_at = models.DateTimeField(null=True, blank=True)
    notice_note = EncryptedTextField(_("note"), blank=True, default="")
    share = models.ForeignKey(
        "people.Share", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreement = models.ForeignKey(
        "people.Agreement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # The visit.
    visited_at = models.DateTimeField(_("IDVA visit"), null=True, blank=True)
    visited_by = user_fk(_("visited by"))
    safety_plan = models.CharField(
        _("safety plan done"), max_length=3, choices=YesNo.choices, blank=True
    )
    safety_plan_summary = EncryptedTextField(_("safety plan"), blank=True, default="")
    referrals = models.JSONField(_("services referred to"), default=list, blank=True)
    referrals_note = EncryptedTextField(_("about the referrals"), blank=True, default="")
    supports_prosecution = models.CharField(
        _("she supports a prosecution"), max_length=10, choices=Prosecution.choices, blank=True
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    # Closed without a visit, and why.
    closed_at = models.DateTimeField(_("closed without a visit"), null=True, blank=True)
    closed_by = user_fk(_("closed by"))
    close_reason = models.CharField(
        _("why it was closed"), max_length=24, choices=CloseReason.choices, blank=True
    )
    close_note = EncryptedTextField(_("about the closure"), blank=True, default="")

    history = HistoricalRecords(user_related_name="+")

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("24-hour follow-up")
        verbose_name_plural = _("24-hour follow-ups")
        indexes = [models.Index(fields=["agency", "status", "due_at"], name="followups_queue")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=sorted(SHARED_STATUSES))
                | models.Q(share__isnull=False),
                name="followups_shared_only_with_a_share",
            ),
        ]

    def __str__(self) -> str:
        # Never a name: strings of models end up in logs and error pages.
        return f"Follow-up {self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    @property
    def overdue(self) -> bool:
        if self.status == Status.VISITED:
            return bool(self.visited_at and self.visited_at > self.due_at)
        return self.status in (Status.OPEN, Status.AWAITING_NOTICE) and self.due_at < timezone.now()

    @property
    def in_person(self) -> bool:
        """Whether the contact that counted as the visit was made in person (a phone, video or
        message contact reads "Contacted", not "Visited")."""
        if self.visited_at is None:
            return False
        if "_in_person" not in self.__dict__:
            contact = (
                self.contacts.filter(contact_made=True)
                .order_by("at", "id")
                .values("method")
                .first()
            )
            self.__dict__["_in_person"] = bool(contact and contact["method"] == "in_person")
        return self.__dict__["_in_person"]

    @property
    def within_deadline(self) -> bool | None:
        if self.visited_at is None:
            return None
        return self.visited_at <= self.due_at


class FollowupContact(models.Model):
    """One attempt to reach her, or the visit itself (``contact_made``)."""

    followup = models.ForeignKey(Followup, on_delete=models.CASCADE, related_name="contacts")
    at = models.DateTimeField(_("when"))
    method = models.CharField(_("how"), max_length=12, choices=ContactMethod.choices)
    contact_made = models.BooleanField(_("spoke with her"))
    note = EncryptedTextField(_("note"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("contact or attempt")
        verbose_name_plural = _("contacts and attempts")

    def __str__(self) -> str:
        return f"Contact with {self.followup}"


class ProsecutionDecision(models.Model):
    """One answer to "does she support a prosecution?": the history of her decision."""

    followup = models.ForeignKey(Followup, on_delete=models.CASCADE, related_name="decisions")
    value = models.CharField(
        _("she supports a prosecution"), max_length=10, choices=Prosecution.choices
    )
    note = EncryptedTextField(_("note"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("her decision on a prosecution")
        verbose_name_plural = _("her decisions on a prosecution")

    def __str__(self) -> str:
        return f"{self.get_value_display()} ({self.followup})"


class FollowupReminder(models.Model):
    """A reminder or escalation that was sent, so that each is sent once, whatever the worker
    does (a task run twice, a restart in between)."""

    followup = models.ForeignKey(Followup, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(max_length=20)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["followup", "stage"], name="followups_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.stage} for {self.followup}"
