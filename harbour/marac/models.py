"""MARAC: the areas' conferences, the cases referred to them, meetings, hearings and actions.

A referral points at a person (``people.Person``, by string: she is read only through the
people app's getter). What the invited agencies record for a hearing and the actions they take
are free text about her, encrypted at rest; the coded values (criteria, states, dates, areas,
agencies) are plain so that they can be listed and counted.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.core.fields import EncryptedTextField, user_fk
from harbour.core.ids import PublicIdField
from harbour.marac.choices import (
    WAITING_STATUSES,
    ActionStatus,
    ClosureOutcome,
    HearingOutcome,
    Origin,
    ReasonKind,
    ReferralStatus,
)
from harbour.people.models import DataCategory, Regime

_USER = settings.AUTH_USER_MODEL


class Marac(models.Model):
    """The conference of one area, run by a coordinating agency (data, set up in the admin)."""

    public_id = PublicIdField()
    name = models.CharField(_("name"), max_length=120, unique=True)
    local_authority = models.OneToOneField(
        "regions.LocalAuthority",
        on_delete=models.PROTECT,
        related_name="marac",
        verbose_name=_("area"),
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("coordinating agency"),
        help_text=_("Its MARAC coordinators run the meetings of this area."),
    )
    protocol = models.CharField(
        _("information-sharing protocol"),
        max_length=200,
        help_text=_("The agreement the partner agencies signed, e.g. its title and version."),
    )
    venue = models.CharField(
        _("usual venue"), max_length=200, blank=True, help_text=_("Never a survivor's address.")
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("MARAC")
        verbose_name_plural = _("MARACs")

    def __str__(self) -> str:
        return self.name


# A hearing shares every kind of information (harbour.marac.services.access.HEARING_CATEGORIES):
# a MARAC's footing under each regime must hold for all of it.
MARAC_SHARED_CATEGORIES = tuple(DataCategory.values)


class MaracSharingBasis(models.Model):
    """The MARAC's recorded basis for sharing under one regime: every share made for a hearing
    is recorded with it (``harbour.people.services.share_record``).

    Information from the police is shared under Part 3 of the Data Protection Act 2018; from
    every other agency (and from the MARAC to the agencies hearing a case) under UK GDPR.
    """

    marac = models.ForeignKey(Marac, on_delete=models.CASCADE, related_name="sharing_bases")
    regime = models.CharField(_("regime"), max_length=20, choices=Regime.choices)
    basis = models.ForeignKey(
        "people.LawfulBasis",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lawful basis"),
    )
    condition = models.ForeignKey(
        "people.ProcessingCondition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("condition"),
    )
    purpose = models.CharField(
        _("statutory purpose"),
        max_length=160,
        help_text=_("The law the sharing serves, e.g. Crime and Disorder Act 1998, s.115."),
    )
    preconditions_confirmed = models.JSONField(
        _("preconditions confirmed by the protocol"), default=list, blank=True
    )
    justification = models.TextField(_("justification"), blank=True)

    class Meta:
        ordering = ["marac", "regime"]
        verbose_name = _("MARAC sharing basis")
        verbose_name_plural = _("MARAC sharing bases")
        constraints = [
            models.UniqueConstraint(fields=["marac", "regime"], name="marac_basis_one_per_regime")
        ]

    def __str__(self) -> str:
        return f"{self.marac}: {self.basis.reference}"

    def clean(self) -> None:
        """The one sharing check (``harbour.people.sharing``), against everything a MARAC may
        share under this regime: every share for a hearing is recorded on this footing."""
        from harbour.people.sharing import footing_errors

        errors = footing_errors(
            regime=self.regime,
            basis=self.basis if self.basis_id else None,
            condition=self.condition if self.condition_id else None,
            categories=MARAC_SHARED_CATEGORIES,
            preconditions_confirmed=self.preconditions_confirmed or [],
            justification=self.justification,
        )
        if not self.basis_id:
            errors.pop("basis", None)  # the form's own error: the field is required
        if "preconditions" in errors:
            errors["preconditions_confirmed"] = errors.pop("preconditions")
        if errors:
            raise ValidationError(errors)


class MaracReferral(models.Model):
    """A case referred to the MARAC of her area: why (the criteria met, and from what), whether
    it is a repeat, and where it has got to."""

    Status = ReferralStatus

    public_id = PublicIdField()
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey(
        "regions.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
    )
    marac = models.ForeignKey(
        Marac,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        help_text=_("Empty while no MARAC is set up for the area."),
    )
    criteria = models.JSONField(_("criteria met"), default=list, blank=True)
    is_repeat = models.BooleanField(_("repeat"), default=False)
    repeat_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeats",
        verbose_name=_("repeat of"),
    )
    origin = models.CharField(_("made"), max_length=12, choices=Origin.choices)
    reason = EncryptedTextField(_("reason"), blank=True, default="")
    referred_at = models.DateTimeField(_("referred"), default=timezone.now, db_index=True)
    referred_by = user_fk(_("referred by"))
    referred_by_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("referring agency"),
    )
    share = models.ForeignKey(
        "people.Share", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = user_fk(_("closed by"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ClosureOutcome.choices, blank=True
    )
    outcome_notes = EncryptedTextField(_("about the outcome"), blank=True, default="")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = user_fk(_("withdrawn by"))
    withdraw_reason = EncryptedTextField(_("why it was withdrawn"), blank=True, default="")

    class Meta:
        ordering = ["-referred_at", "-id"]
        verbose_name = _("MARAC referral")
        verbose_name_plural = _("MARAC referrals")
        indexes = [
            models.Index(fields=["marac", "status"], name="marac_referral_queue"),
            models.Index(fields=["person", "-referred_at"], name="marac_referral_person"),
        ]
        constraints = [
            # No second referral for her while one waits to be heard (two receivers at once).
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=[s.value for s in WAITING_STATUSES]),
                name="marac_one_waiting_referral_per_person",
            )
        ]

    def __str__(self) -> str:
        # Never a name: strings of models end up in logs and error pages.
        return f"MARAC referral {self.public_id}"

    @property
    def reference(self) -> str:
        return self.public_id[:8].upper()

    @property
    def is_waiting(self) -> bool:
        return self.status in WAITING_STATUSES

    def meets(self, criterion: str) -> bool:
        return criterion in (self.criteria or [])


class ReferralReason(models.Model):
    """One line of why she was referred: a criterion met (or a further instance of abuse) and
    the record it came from (``risk.assessment:<id>``, ``incidents.incident:<id>``, or none for
    a coordinator's judgement). Codes and references only: no personal details."""

    referral = models.ForeignKey(MaracReferral, on_delete=models.CASCADE, related_name="reasons")
    kind = models.CharField(_("reason"), max_length=30, choices=ReasonKind.choices)
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = user_fk(_("by"))
    by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["source_type", "source_id"], name="marac_reason_source")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.referral})"


class Meeting(models.Model):
    """A meeting of one area's MARAC."""

    public_id = PublicIdField()
    marac = models.ForeignKey(Marac, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(_("starts"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("cases it can hear"), help_text=_("The agenda is built up to this many cases.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = user_fk(_("scheduled by"))
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = user_fk(_("cancelled by"))
    # Why it was cancelled: the words the coordinator typed, kept once, encrypted, in the
    # reason store (decision 0003); the log entry of the cancellation refers to the same.
    cancel_reason = models.ForeignKey(
        "audit.Reason",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never looked up from the reason's side
        verbose_name=_("why it was cancelled"),
    )
    # Set once a coordinator puts the cases in an order of her own: building the agenda then
    # adds cases at the end instead of re-sorting it by the rules.
    agenda_reordered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["marac", "starts_at"], name="marac_meeting_when")]
        constraints = [
            models.UniqueConstraint(
                fields=["marac", "starts_at"],
                condition=models.Q(cancelled_at__isnull=True),
                name="marac_meeting_once_at_a_time",
            )
        ]

    def __str__(self) -> str:
        return f"MARAC meeting {self.public_id}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class Hearing(models.Model):
    """A case on a meeting's agenda: its place, the agencies hearing it, and its outcome."""

    Outcome = HearingOutcome

    public_id = PublicIdField()
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="hearings")
    referral = models.ForeignKey(MaracReferral, on_delete=models.PROTECT, related_name="hearings")
    position = models.PositiveSmallIntegerField(_("place on the agenda"))
    listed_at = models.DateTimeField(default=timezone.now)
    listed_by = user_fk(_("listed by"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=HearingOutcome.choices, blank=True
    )
    summary = EncryptedTextField(_("what the meeting decided"), blank=True, default="")
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_by = user_fk(_("outcome recorded by"))
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = user_fk(_("taken off the agenda by"))

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "referral"],
                condition=models.Q(removed_at__isnull=True),
                name="marac_hearing_once_per_meeting",
            )
        ]

    def __str__(self) -> str:
        return f"MARAC hearing {self.public_id}"

    @property
    def reference(self) -> str:
        return self.referral.reference

    @property
    def is_on_agenda(self) -> bool:
        return self.removed_at is None


class Attendance(models.Model):
    """Who attended a meeting for which agency (professionals, not the people heard)."""

    public_id = PublicIdField()
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    name = models.CharField(_("name"), max_length=120)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = user_fk(_("recorded by"))

    class Meta:
        ordering = ["agency__name", "name", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"Attendance at {self.meeting}"


class Invitation(models.Model):
    """An agency invited to hear a case. The MARAC shares her record with it on its recorded
    basis, and the agency's part in her case (``marac_hearing``) lasts until the case closes."""

    hearing = models.ForeignKey(Hearing, on_delete=models.PROTECT, related_name="invitations")
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    invited_at = models.DateTimeField(default=timezone.now)
    invited_by = user_fk(_("invited by"))
    share = models.ForeignKey(
        "people.Share", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    involvement = models.ForeignKey(
        "people.Involvement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["invited_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["hearing", "agency"],
                condition=models.Q(ended_at__isnull=True),
                name="marac_invitation_once",
            )
        ]
        indexes = [models.Index(fields=["agency", "ended_at"], name="marac_invitation_agency")]

    def __str__(self) -> str:
        return f"{self.agency} invited to {self.hearing}"

    @property
    def is_current(self) -> bool:
        return self.ended_at is None


class Information(models.Model):
    """What an invited agency knows, recorded for the meeting (its research), and the share
    that records its disclosure to the MARAC."""

    public_id = PublicIdField()
    hearing = models.ForeignKey(Hearing, on_delete=models.PROTECT, related_name="information")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    text = EncryptedTextField(_("what your agency knows"))
    categories = models.JSONField(_("what it includes"), default=list)
    share = models.ForeignKey(
        "people.Share", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("information for the meeting")
        verbose_name_plural = _("information for the meeting")

    def __str__(self) -> str:
        return f"MARAC information {self.public_id}"


class MaracAction(models.Model):
    """An action the meeting agreed for a case, owned by one agency, due by a date."""

    Status = ActionStatus

    public_id = PublicIdField()
    hearing = models.ForeignKey(Hearing, on_delete=models.PROTECT, related_name="actions")
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    description = EncryptedTextField(_("action"))
    due_on = models.DateField(_("due by"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = user_fk(_("recorded by"))
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = user_fk(_("completed by"))
    note = EncryptedTextField(_("note"), blank=True, default="")
    # When the owning agency was reminded on the due date, and told (with the coordinators) that
    # the action was left open past it: each is sent once (``marac.services.reminders``).
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("MARAC action")
        verbose_name_plural = _("MARAC actions")
        indexes = [
            models.Index(fields=["agency", "status", "due_on"], name="marac_action_owner"),
        ]

    def __str__(self) -> str:
        return f"MARAC action {self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN

    @property
    def overdue(self) -> bool:
        """Open after its due date (UK time): it may be done until the end of that day."""
        return self.is_open and self.due_on < timezone.localdate()
