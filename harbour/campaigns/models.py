"""Awareness campaigns: what ran, where, when, on which channels, and how many it reached.

Reach is the channels' own figure (people who saw or heard it), not a count of anyone Harbour
knows. See ``docs/campaigns.md``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.core.fields import user_fk
from harbour.core.ids import PublicIdField


class Channel(models.TextChoices):
    SOCIAL_MEDIA = "social_media", _("Social media")
    RADIO = "radio", _("Radio")
    POSTERS = "posters", _("Posters and leaflets")
    TRANSPORT = "transport", _("Buses and stations")
    HEALTH = "health", _("GP surgeries and pharmacies")
    SCHOOLS = "schools", _("Schools and colleges")
    PRESS = "press", _("Press")


class Campaign(models.Model):
    public_id = PublicIdField()
    name = models.CharField(_("name"), max_length=200)
    message = models.TextField(_("what it says"), max_length=2000)
    channels = models.JSONField(_("channels"), default=list)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    areas = models.ManyToManyField(
        "regions.LocalAuthority", related_name="campaigns", verbose_name=_("areas")
    )
    reach = models.PositiveIntegerField(
        _("reach"), null=True, blank=True, help_text=_("People reached, as the channels report it.")
    )
    created_by = user_fk(_("added by"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-starts_on", "name")
        verbose_name = _("campaign")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The campaign must end after it starts.")
        unknown = [c for c in self.channels or [] if c not in Channel.values]
        if unknown or not self.channels:
            errors["channels"] = _("Choose the channels the campaign ran on.")
        if errors:
            raise ValidationError(errors)

    def channel_labels(self) -> list[str]:
        return [str(Channel(code).label) for code in self.channels]
