"""The access log: an append-only record of every read and write of personal data.

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
    reason = models.TextField(_("reason or lawful basis"), blank=True)
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
