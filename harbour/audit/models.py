"""The access log: an append-only record of every read and write of personal data; and the
reason store, where the free-text reasons people give (for an emergency override, a correction,
a restriction, a link to an existing record, a cancelled meeting, a print or export) are kept
once, encrypted, for log entries and the records they concern to refer to (decision 0003).

Entries are never changed or deleted through the application: the model refuses ``save()`` on an
existing entry and ``delete()``, its querysets refuse ``update()`` and ``delete()``, the admin is
read-only, and on PostgreSQL a trigger refuses UPDATE and DELETE from any database role except
the separate retention role (see ``harbour.audit.guard``), and that only for entries past their
retention period.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.core.fields import EncryptedTextField
from harbour.core.ids import PublicIdField


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an access log entry."""


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Access log entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Access log entries cannot be deleted.")

    # bulk_update goes through update(); bulk_create is allowed (it only appends).


class Action(models.TextChoices):
    VIEW = "view", _("Viewed")
    SEARCH = "search", _("Searched")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    ARCHIVE = "archive", _("Archived")
    SHARE = "share", _("Shared")
    EXPORT = "export", _("Exported")
    LINK = "link", _("Linked records")
    DENIED = "denied", _("Access refused")
    OVERRIDE = "override", _("Emergency access")
    REVIEW = "review", _("Reviewed")
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    LOCKED_OUT = "locked_out", _("Locked out")
    SIGN_OUT = "sign_out", _("Signed out")


class ReasonKind(models.TextChoices):
    EMERGENCY_ACCESS = "emergency_access", _("Emergency access")
    CORRECTION = "correction", _("Correction of a record")
    RESTRICTION = "restriction", _("Restriction of a record")
    DUPLICATE_LINK = "duplicate_link", _("Link to an existing record")
    PRINT_OR_EXPORT = "print_or_export", _("Print or export")
    MEETING_CANCELLED = "meeting_cancelled", _("A meeting cancelled")


class ReasonQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Reasons are written once and cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Reasons cannot be deleted.")


class Reason(models.Model):
    """A free-text reason a user gave, written once and encrypted (``harbour.audit.services.
    reason_store``). Log entries (``AccessLogEntry.reason_ref``) and records (an emergency
    override, an access review, a version of her record) refer to it; the text is nowhere else.

    Protected like the log: no change or deletion through the application, and on PostgreSQL a
    trigger refuses UPDATE and DELETE except by the retention role past the retention period.
    """

    Kind = ReasonKind

    public_id = PublicIdField()
    kind = models.CharField(_("given for"), max_length=24, choices=ReasonKind.choices)
    text = EncryptedTextField(_("reason"))
    written_at = models.DateTimeField(_("when"), default=timezone.now)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("given by"),
    )

    objects = ReasonQuerySet.as_manager()

    class Meta:
        ordering = ["-written_at", "-id"]
        verbose_name = _("reason")
        verbose_name_plural = _("reasons")

    def __str__(self) -> str:
        return f"Reason {self.public_id}"  # never the text: strings of models reach logs

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Reasons are written once and cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Reasons cannot be deleted.")


class AccessLogEntry(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Snapshots, so the entry still says who it was if a user or agency is later renamed.
    username = models.CharField(_("username"), max_length=150, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    agency_name = models.CharField(_("agency name"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    record_type = models.CharField(_("record type"), max_length=60, blank=True, db_index=True)
    record_id = models.CharField(_("record"), max_length=64, blank=True, db_index=True)
    # A reason Harbour words itself (a lawful basis, "involved: Referral", a referral's id).
    # What a user types is never here: it is in the reason store, referred to by reason_ref.
    reason = models.TextField(_("reason or lawful basis"), blank=True)
    reason_ref = models.ForeignKey(
        Reason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never looked up from the reason's side; no index to build on the log
        verbose_name=_("reason given"),
    )
    # Context that carries no personal data: which page, which fields changed, how many rows.
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    flagged = models.BooleanField(_("flagged for review"), default=False)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        indexes = [
            models.Index(fields=["record_type", "record_id", "at"]),
            # "What has this user done lately": rate limits, unusual-activity flags, reviews.
            models.Index(fields=["user", "at"], name="audit_entry_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.record_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Access log entries cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Access log entries cannot be deleted.")

    @property
    def reason_shown(self) -> str:
        """The reason as a reader of the log sees it: Harbour's words, or the reason given
        (decrypted from the reason store)."""
        if self.reason_ref_id is None:
            return self.reason
        given = self.reason_ref.text
        return f"{self.reason}: {given}" if self.reason else given
