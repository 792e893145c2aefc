"""Referrals between agencies, the hub's needs assessments, and self-referrals.

A referral points at a person (``people.Person``, by string: the model is read only through the
people app's getters) and records everything it shares: the reason, the need, the risk level,
and for triage the background. What each receiving agency may see of it is decided in
``harbour.referrals.matrix`` and applied by ``harbour.referrals.queries.referral_get_for_user``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.core.drafts import Draft
from harbour.core.fields import EncryptedJSONField, EncryptedTextField, user_fk
from harbour.core.ids import PublicIdField
from harbour.people.choices import YesNoUnknown
from harbour.referrals.choices import (
    DeclineReason,
    Domain,
    NeedLevel,
    Outcome,
    ReceivingView,
    RiskLevel,
    SelfReferralClosure,
    SelfReferralStatus,
    Status,
)

_USER = settings.AUTH_USER_MODEL


class SelfReferral(models.Model):
    """A survivor's own request to the victim care hub, from the public site.

    Nothing about the sender's device or network is kept. It waits for the hub to triage it into
    a person record (the duplicate check runs then, on the hub's side) and a referral.
    """

    Status = SelfReferralStatus

    public_id = PublicIdField()
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("hub")
    )
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    name = EncryptedTextField(_("name"), blank=True, default="")
    safe_channels = EncryptedJSONField(_("safe ways to contact her"), default=list, blank=True)
    phone = EncryptedTextField(_("phone number"), blank=True, default="")
    email = EncryptedTextField(_("email address"), blank=True, default="")
    safe_times = EncryptedTextField(_("safe times"), blank=True, default="")
    voicemail_ok = EncryptedTextField(
        _("may a voicemail be left"), blank=True, default="", choices=YesNoUnknown.choices
    )
    code_word = EncryptedTextField(_("code word"), blank=True, default="")
    help_with = EncryptedJSONField(_("what she would like help with"), default=list, blank=True)
    message = EncryptedTextField(_("what she told us"), blank=True, default="")
    language = EncryptedTextField(_("preferred language"), blank=True, default="")
    local_authority = models.ForeignKey(
        "regions.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SelfReferralStatus.choices,
        default=SelfReferralStatus.NEW,
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = user_fk(_("triaged by"))
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = user_fk(_("closed by"))
    close_reason = models.CharField(
        _("why it was closed"), max_length=20, choices=SelfReferralClosure.choices, blank=True
    )
    close_notes = EncryptedTextField(_("notes"), blank=True, default="")
    # Flags set by the public form's flood limits (harbour.referrals.flood) when it arrived:
    # many messages from its network, or many from everyone. Nothing about the network itself.
    flagged_network = models.BooleanField(
        _("one of many from one network"), default=False, db_default=False
    )
    flagged_surge = models.BooleanField(
        _("arrived during a surge"), default=False, db_default=False
    )

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["agency", "status"], name="referrals_selfref_queue")]

    def __str__(self) -> str:
        return f"Self-referral {self.public_id}"

    @property
    def flagged(self) -> bool:
        return self.flagged_network or self.flagged_surge


class Referral(models.Model):
    """A referral of a person from one agency (or from herself) to another."""

    Status = Status

    public_id = PublicIdField()
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    from_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
        help_text=_("Empty for a self-referral."),
    )
    sent_by = user_fk(_("sent by"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    to_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    service_name = models.CharField(_("service"), max_length=200, blank=True)
    receiving_view = models.CharField(
        _("what the receiving agency sees"), max_length=12, choices=ReceivingView.choices
    )
    need = models.ForeignKey(
        "directory.TaxonomyTerm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kind of support needed"),
    )
    reason = EncryptedTextField(_("reason for the referral"))
    circumstances = EncryptedTextField(_("background for triage"), blank=True, default="")
    risk_level = models.CharField(_("risk level"), max_length=12, choices=RiskLevel.choices)
    risk_reasons = EncryptedTextField(_("reasons for the risk level"), blank=True, default="")
    # An opaque reference to the record it came from, e.g. "incidents.incident:3fk...".
    source = models.CharField(_("from the record"), max_length=100, blank=True)
    onward_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="onward_referrals",
        verbose_name=_("referred on from"),
    )
    self_referral = models.OneToOneField(
        SelfReferral,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referral",
    )
    share = models.ForeignKey(
        "people.Share", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SENT
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = user_fk(_("accepted by"))
    declined_at = models.DateTimeField(null=True, blank=True)
    declined_by = user_fk(_("declined by"))
    decline_reason = models.CharField(
        _("why it was declined"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_details = EncryptedTextField(_("more about the decision"), blank=True, default="")
    decline_dealt_with_at = models.DateTimeField(null=True, blank=True)
    decline_dealt_with_by = user_fk(_("decline dealt with by"))
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = user_fk(_("withdrawn by"))
    withdraw_reason = EncryptedTextField(_("why it was withdrawn"), blank=True, default="")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = user_fk(_("closed by"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_notes = EncryptedTextField(_("about the outcome"), blank=True, default="")

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["to_agency", "status"], name="referrals_incoming"),
            models.Index(fields=["from_agency", "status"], name="referrals_outgoing"),
        ]

    def __str__(self) -> str:
        # Never a name: strings of models end up in logs and error pages.
        return f"Referral {self.public_id}"

    @property
    def is_self_referral(self) -> bool:
        return self.from_agency_id is None

    @property
    def is_open(self) -> bool:
        return self.status in (Status.SENT, Status.ACCEPTED)

    @property
    def reference(self) -> str:
        """A short reference to read out on the phone (the public id's first eight)."""
        return self.public_id[:8].upper()


class ReferralEvent(models.Model):
    """What happened to a referral, for both agencies to read: a typed row, no personal data."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=30)
    at = models.DateTimeField(default=timezone.now)
    by = user_fk(_("by"))
    by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parameters = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.type} at {self.at:%Y-%m-%d %H:%M}"


class NeedsAssessment(models.Model):
    """The hub's needs assessment for a referral it accepted: a level and notes per area."""

    public_id = PublicIdField()
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="assessments")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    assessed_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(default=timezone.now)
    summary = EncryptedTextField(_("summary"), blank=True, default="")
    support_needs = models.ManyToManyField(
        "directory.TaxonomyTerm",
        blank=True,
        related_name="+",
        verbose_name=_("specialist support she needs"),
    )

    class Meta:
        ordering = ["-assessed_at", "-id"]

    def __str__(self) -> str:
        return f"Needs assessment {self.public_id}"


class NeedsAssessmentItem(models.Model):
    assessment = models.ForeignKey(NeedsAssessment, on_delete=models.CASCADE, related_name="items")
    domain = models.CharField(_("area of need"), max_length=12, choices=Domain.choices)
    level = models.CharField(_("level"), max_length=8, choices=NeedLevel.choices)
    notes = EncryptedTextField(_("notes"), blank=True, default="")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "domain"], name="referrals_assessment_domain_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.get_level_display()}"


class ReferralDraft(Draft):
    """A referral being made: what its maker has entered so far (``data``: the answers), kept
    between the journey's pages (details, why her information may be shared, her agreement,
    check your answers).

    What she needs, why she is referred and the risk are personal data, so they are kept here,
    encrypted, never in the session (sessions are signed, not encrypted): a draft of
    ``harbour.core.drafts``, its owner's alone, lasting ``lifetime_hours`` (two) from its last
    change, removed on schedule by the core's expiry task once expired, and deleted when the
    referral is sent.
    """

    lifetime_hours = 2

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )

    class Meta:
        verbose_name = _("referral being made")
        verbose_name_plural = _("referrals being made")
