"""Safety reports from sex workers, the alerts the project publishes from them, and the vetted
workers ("subscribers") who are told of alerts.

Everything that could identify the reporter, and everything about the individual reported, is
encrypted (``harbour.core.fields``); phone numbers, vehicle registrations and online handles are
also kept as keyed hashes of their normalised form (:class:`ReportIdentifier`), so that reports
about the same individual can be linked without searching plaintext. Nothing about the sender's
device or network is kept: not here, not in the access log, not in the server's logs.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.core.fields import (
    EncryptedBooleanField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
    user_fk,
)
from harbour.core.ids import PublicIdField
from harbour.safety_reports.choices import (
    AlertStatus,
    Consent,
    EventKind,
    IdentifierKind,
    NoticeKind,
    NoticeStatus,
    ProcessingCondition,
    RejectReason,
    ReportStatus,
    SubscriberPattern,
    SubscriberStatus,
    WorkingPattern,
)


class SafetyReport(models.Model):
    """One report of a violent or dangerous individual, as the reporter sent it.

    The reporter's choice (``consent``) decides what may reach the police: nothing (a), the
    anonymised intelligence (b), or the whole report with her contact details (c); see
    ``harbour.safety_reports.exports``.
    """

    Status = ReportStatus

    public_id = PublicIdField()
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    consent = models.CharField(_("what she agreed to"), max_length=20, choices=Consent.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    # Where and how she works: coarse, and needed to route alerts and count reports.
    local_authority = models.ForeignKey(
        "regions.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
    )
    pattern = models.CharField(_("street or online"), max_length=10, choices=WorkingPattern.choices)
    # When and where.
    happened_on = EncryptedDateField(_("date it happened"), null=True, blank=True)
    happened_time = EncryptedTextField(_("time it happened"), blank=True, default="")
    location = EncryptedTextField(_("street or place"), blank=True, default="")
    platform = EncryptedTextField(_("website or app"), blank=True, default="")
    # What happened.
    violence_types = EncryptedJSONField(_("what happened"), default=list, blank=True)
    contact_method = EncryptedTextField(_("how he made contact"), blank=True, default="")
    account = EncryptedTextField(_("her account"), blank=True, default="")
    # The individual.
    gender = EncryptedTextField(_("gender"), blank=True, default="")
    age_range = EncryptedTextField(_("age"), blank=True, default="")
    build = EncryptedTextField(_("build"), blank=True, default="")
    features = EncryptedTextField(_("distinguishing features"), blank=True, default="")
    vehicle = EncryptedTextField(_("vehicle"), blank=True, default="")
    registrations = EncryptedJSONField(_("vehicle registrations"), default=list, blank=True)
    phones = EncryptedJSONField(_("phone numbers"), default=list, blank=True)
    handles = EncryptedJSONField(_("online names or profiles"), default=list, blank=True)
    description = EncryptedTextField(_("description"), blank=True, default="")
    # The reporter: shared with the police only under (c); a support worker may use it if she
    # asked for support.
    contact_name = EncryptedTextField(_("her name"), blank=True, default="")
    contact_details = EncryptedTextField(_("how to contact her"), blank=True, default="")
    support_wanted = EncryptedBooleanField(_("wants a support worker to contact her"), null=True)
    # The project's redacted versions: what alerts and anonymised intelligence are made from.
    redacted_account = EncryptedTextField(_("account, redacted"), blank=True, default="")
    redacted_description = EncryptedTextField(_("description, redacted"), blank=True, default="")
    redacted_at = models.DateTimeField(null=True, blank=True)
    redacted_by = user_fk(_("redacted by"))
    # Moderation.
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = user_fk(_("reviewed by"))
    reject_reason = models.CharField(
        _("why it was rejected"), max_length=20, choices=RejectReason.choices, blank=True
    )
    reject_notes = EncryptedTextField(_("about the rejection"), blank=True, default="")
    # Flags of the form's flood limits when it arrived (nothing about the network itself).
    flagged_network = models.BooleanField(_("one of many from one network"), default=False)
    flagged_surge = models.BooleanField(_("arrived during a surge"), default=False)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "received_at"], name="safety_report_queue")]

    def __str__(self) -> str:
        return f"Safety report {self.public_id}"

    @property
    def reference(self) -> str:
        return self.public_id[:8].upper()


class ReportIdentifier(models.Model):
    """A keyed hash of one normalised phone number, registration or handle in a report."""

    report = models.ForeignKey(SafetyReport, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=12, choices=IdentifierKind.choices)
    digest = models.CharField(max_length=64)
    # The id of the hash key the digest was made under (harbour.keys.hashes).
    key_id = models.CharField(max_length=16, blank=True, default="", db_default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "digest"], name="safety_identifier_digest")]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind", "digest"], name="safety_identifier_once_per_report"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} hash of report {self.report_id}"


class Alert(models.Model):
    """A warning the project publishes to vetted workers, from one report, redacted."""

    Status = AlertStatus

    public_id = PublicIdField()
    report = models.ForeignKey(
        SafetyReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts"
    )
    local_authority = models.ForeignKey(
        "regions.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
    )
    pattern = models.CharField(_("street or online"), max_length=10, choices=WorkingPattern.choices)
    warning = EncryptedTextField(_("warning"))
    description = EncryptedTextField(_("description of the individual"), blank=True, default="")
    condition = models.CharField(
        _("condition for processing"), max_length=20, choices=ProcessingCondition.choices
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.LIVE
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now, db_index=True)
    published_by = user_fk(_("published by"))
    expires_at = models.DateTimeField(_("expires"))
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = user_fk(_("withdrawn by"))
    withdraw_reason = EncryptedTextField(_("why it was withdrawn"), blank=True, default="")

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return f"Safety alert {self.public_id}"

    @property
    def reference(self) -> str:
        return self.public_id[:8].upper()


class Subscriber(models.Model):
    """A sex worker who receives alerts: not a staff user. Known by a pseudonymous handle;
    her contact channel is encrypted; she signs in with the handle and a passphrase."""

    Status = SubscriberStatus

    public_id = PublicIdField()
    handle = models.CharField(_("handle"), max_length=40, unique=True)
    passphrase = models.CharField(max_length=128)  # Django's password hash
    email = EncryptedTextField(_("email address for notices"))
    areas = models.ManyToManyField(
        "regions.LocalAuthority", related_name="+", verbose_name=_("areas")
    )
    pattern = models.CharField(
        _("street or online"), max_length=10, choices=SubscriberPattern.choices
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubscriberStatus.choices,
        default=SubscriberStatus.PENDING,
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = user_fk(_("enrolled by"))
    vetted_at = models.DateTimeField(null=True, blank=True)
    vetted_by = user_fk(_("vetted by"))
    suspended_at = models.DateTimeField(null=True, blank=True)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["handle"]

    def __str__(self) -> str:
        return self.handle


class SubscriberNotice(models.Model):
    """The subscribers' outbox: one neutral message to one subscriber. Seen by project staff
    alone. The words are fixed (``harbour.safety_reports.notices``) and say nothing of the
    alert."""

    public_id = PublicIdField()
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="notices")
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    status = models.CharField(
        max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.QUEUED, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "alert", "kind"], name="safety_notice_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"


class ReportEvent(models.Model):
    """What happened to a report or an alert, by whom: the moderation log. No personal data in
    ``detail``."""

    report = models.ForeignKey(
        SafetyReport, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = user_fk(_("by"))
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"
