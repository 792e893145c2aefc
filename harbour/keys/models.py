"""Rotations of the field-encryption key and of the hash key, with their progress.

A rotation is one row: what it rotates to (the key id, never the key), the phase it is in, where
each phase has got to (the table and the last primary key done), and what it has done so far.
The background task (``harbour.keys.tasks``) writes the row after every batch, in the batch's own
transaction, so a rotation stopped at any moment resumes where its last batch ended.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RotationKind(models.TextChoices):
    FIELDS = "fields", _("Field-encryption key")
    HASHES = "hashes", _("Hash key")


class RotationState(models.TextChoices):
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Stopped by an error")


class KeyRotation(models.Model):
    Kind = RotationKind
    State = RotationState

    kind = models.CharField(max_length=16, choices=RotationKind.choices)
    # The id of the key rotated to (harbour.core.crypto: a fingerprint, not the key).
    key_id = models.CharField(max_length=16)
    state = models.CharField(
        max_length=16, choices=RotationState.choices, default=RotationState.RUNNING
    )
    # The phase under way: "reencrypt" then "verify" (fields); "rehash", "verify", "prune" (hashes).
    phase = models.CharField(max_length=16)
    # Where the phase has got to: {"table": "app.Model", "after": <last primary key done>}.
    position = models.JSONField(default=dict, blank=True)
    # What has been done: counts by name ("rows", "values", "rehashed", "late", "pruned").
    done = models.JSONField(default=dict, blank=True)
    batch_size = models.PositiveIntegerField()
    # The run of the task expected next; an older run that finds another token stops quietly.
    token = models.CharField(max_length=32)
    task_runs = models.PositiveIntegerField(default=0)
    # Why it stopped, for the operator: never a value, only tables, ids and settings.
    error = models.TextField(blank=True)
    started_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(state="running"),
                name="keys_one_running_rotation_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} rotation to {self.key_id} ({self.state})"
