from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.core.ids import PublicIdField
from harbour.notifications.catalogue import Kind


class Notification(models.Model):
    """The outbox: one email to one user, what it said, and whether it was sent."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    public_id = PublicIdField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    to_address = models.EmailField(_("sent to"), blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Set while an attempt is being handed to the mail server: a worker that stops mid-attempt
    # leaves it, and the next run sends again under the same Message-ID.
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # A message with a one-time link names who makes the link when it is sent, and for what
    # (harbour.notifications.links): the link itself is never stored.
    link_issuer = models.CharField(max_length=60, blank=True, db_default="")
    link_ref = models.CharField(max_length=64, blank=True, db_default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} ({self.get_status_display()})"
