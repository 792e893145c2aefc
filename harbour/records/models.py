"""Records over their life: retention rules and runs, tombstones, erasure requests, subject
access requests, reviews with their holds and recommendations, and correction requests.

Nothing here holds personal data in plain text: a tombstone says what kind of record was erased,
when, why and by whom; what she asked (a correction, an erasure) and her copy are encrypted.
See ``docs/records.md``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.core.fields import EncryptedJSONField, EncryptedTextField, user_fk
from harbour.core.ids import PublicIdField


class RetentionRule(models.Model):
    """How long one type of record is kept, counted from what, and why: data, seeded by
    migration ``records.0002`` and editable in the admin."""

    class Applied(models.TextChoices):
        ERASE = "erase", _("Erased by Harbour's retention task")
        PRUNE = "prune", _("Deleted by the retention role (the access log)")
        OWN_TASK = "own_task", _("Applied by the app's own retention task")

    record_type = models.CharField(_("record type"), max_length=60, unique=True)
    label = models.CharField(_("records"), max_length=120)
    period_days = models.PositiveIntegerField(_("kept for (days)"))
    counted_from = models.CharField(_("counted from"), max_length=200)
    reason = models.TextField(_("why this period"))
    applied = models.CharField(
        _("applied how"), max_length=12, choices=Applied.choices, default=Applied.ERASE
    )
    active = models.BooleanField(_("applied"), default=True)

    class Meta:
        ordering = ["record_type"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return f"{self.label}: {self.period_days} days"


class RetentionRun(models.Model):
    """One run of the retention task: the rules walked in a fixed order, each in batches by
    primary key; ``position`` and ``cursor`` are written with every batch, so a run stopped at
    any moment goes on from the last batch committed."""

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    public_id = PublicIdField()
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    as_of = models.DateTimeField(_("periods counted back from"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    position = models.PositiveSmallIntegerField(default=0)  # index of the rule being walked
    cursor = models.BigIntegerField(default=0)  # last primary key done in that rule
    batch_size = models.PositiveIntegerField(default=200)
    token = models.CharField(max_length=32, blank=True)
    counts = models.JSONField(_("what it did"), default=dict, blank=True)
    runs = models.PositiveIntegerField(_("runs of the task"), default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["state"],
                condition=models.Q(state="running"),
                name="records_one_running_retention",
            )
        ]

    def __str__(self) -> str:
        return f"Retention run {self.public_id}"


class Tombstone(models.Model):
    """What is left of an erased record: its kind, when, why and by whom. No personal data:
    ``record_key`` is the row's primary key, which says nothing about anyone."""

    class Why(models.TextChoices):
        RETENTION = "retention", _("Its retention period ended")
        REQUEST = "request", _("Erased on an approved request")

    public_id = PublicIdField()
    record_type = models.CharField(_("kind of record"), max_length=60)
    record_key = models.CharField(max_length=64)
    erased_at = models.DateTimeField(_("when"), default=timezone.now)
    why = models.CharField(_("why"), max_length=12, choices=Why.choices)
    rule = models.ForeignKey(
        RetentionRule, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    run = models.ForeignKey(
        RetentionRun, on_delete=models.PROTECT, null=True, blank=True, related_name="tombstones"
    )
    request = models.ForeignKey(
        "records.ErasureRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tombstones",
    )
    by = user_fk(_("by whom"))

    class Meta:
        ordering = ["-erased_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_key"], name="records_one_tombstone_per_record"
            )
        ]

    def __str__(self) -> str:
        return f"Tombstone {self.public_id}"


class RefusalGround(models.TextChoices):
    HOLD = "hold", _("Her records are held for a review")
    LEGAL_OBLIGATION = "legal_obligation", _("A legal obligation to keep them")
    PROCEEDINGS = "proceedings", _("Needed for legal proceedings")
    OTHER = "other", _("Another ground, explained")


class ErasureRequest(models.Model):
    """A request to erase a person's records: made by a caseworker of her case, decided by an
    administrator who is not the one who asked. Refusals record their ground."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for a second person's approval")
        ERASED = "erased", _("Approved and erased")
        REFUSED = "refused", _("Refused")

    public_id = PublicIdField()
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = EncryptedTextField(_("why she or the agency asks for erasure"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = user_fk(_("decided by"))
    refusal_ground = models.CharField(
        _("ground for refusal"), max_length=20, choices=RefusalGround.choices, blank=True
    )
    refusal_note = EncryptedTextField(_("more about the refusal"), blank=True, default="")

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"Erasure request {self.public_id}"


class SubjectAccessRequest(models.Model):
    """Her request for a copy of what Harbour holds about her: due one calendar month after it
    was received; the pack is built, reviewed by a caseworker, then released."""

    class State(models.TextChoices):
        BUILT = "built", _("Waiting for review")
        REVIEWED = "reviewed", _("Reviewed, ready to release")
        RELEASED = "released", _("Released to her")

    public_id = PublicIdField()
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("due by"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.BUILT)
    # Her copy: sections of (label, value) items, encrypted.
    pack = EncryptedJSONField(_("her copy"), default=list)
    # What was withheld, by kind and exemption: no personal data.
    withheld = models.JSONField(_("withheld"), default=list, blank=True)
    built_at = models.DateTimeField(default=timezone.now)
    reviewed_by = user_fk(_("reviewed by"))
    reviewed_at = models.DateTimeField(null=True, blank=True)
    released_by = user_fk(_("released by"))
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"Subject access request {self.public_id}"


class Review(models.Model):
    """A domestic homicide review, or a review of a suicide following abuse: its chair places
    holds on the people concerned; agencies export their chronologies; recommendations are
    tracked to completion. ``reference`` names no one (for example "DHR 2026/03 Liverpool")."""

    class Kind(models.TextChoices):
        DOMESTIC_HOMICIDE = "dhr", _("Domestic homicide review")
        SUICIDE = "suicide", _("Review of a suicide following domestic abuse")

    public_id = PublicIdField()
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reference = models.CharField(_("reference"), max_length=80, unique=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chair"),
    )
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.reference


class Hold(models.Model):
    """A hold on a person's records for a review: retention and erasure stop for them until it
    is lifted. Lifting is recorded; the row stays."""

    public_id = PublicIdField()
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="holds")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = user_fk(_("lifted by"))
    lift_reason = EncryptedTextField(_("why it was lifted"), blank=True, default="")

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "person"],
                condition=models.Q(lifted_at__isnull=True),
                name="records_one_current_hold_per_review",
            )
        ]
        indexes = [models.Index(fields=["person", "lifted_at"], name="records_hold_person")]

    def __str__(self) -> str:
        return f"Hold {self.public_id}"


class Recommendation(models.Model):
    """A review's recommendation for one agency, tracked to completion like a MARAC action."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Completed")

    public_id = PublicIdField()
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="recommendations")
    text = models.TextField(_("recommendation"))
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    due_on = models.DateField(_("due by"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = user_fk(_("completed by"))
    completion_note = models.TextField(_("what was done"), blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"Recommendation {self.public_id}"


class ChronologyExport(models.Model):
    """One agency's chronology of contact exported for a review's panel."""

    public_id = PublicIdField()
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="exports")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Chronology {self.public_id}"


class CorrectionRequest(models.Model):
    """A correction she asked for, with its outcome. A correction made goes through the people
    app's correction (its history keeps every earlier version, with the reason)."""

    class Outcome(models.TextChoices):
        MADE = "made", _("Corrected")
        PARTLY = "partly", _("Partly corrected")
        REFUSED = "refused", _("Not corrected, with a note of her view added")

    public_id = PublicIdField()
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("received on"))
    asked = EncryptedTextField(_("what she asked to be corrected"))
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    outcome_reason = EncryptedTextField(_("why"))
    fields_changed = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Correction request {self.public_id}"
