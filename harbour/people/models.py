"""The person record and the records that decide who may read it.

Nothing outside ``services.py``, ``queries.py``, ``admin.py``, migrations and tests imports
:class:`Person` (ruff enforces it): read a person through
``harbour.people.queries.person_get_for_user`` and change one through ``harbour.people.services``.
See ``docs/people.md``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from harbour.core.fields import (
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
)
from harbour.core.ids import PublicIdField
from harbour.people.choices import (
    AgeBand,
    Ethnicity,
    GenderIdentity,
    ImmigrationStatus,
    Religion,
    SexualOrientation,
    YesNoDeclined,
    YesNoUnknown,
)

# Fields whose values are contact details: shown only after "Show contact details" (logged).
CONTACT_FIELDS = ("address", "postcode", "phone", "email")
# Equality-monitoring fields: never required, counted only through harbour.statistics.
EQUALITY_FIELDS = (
    "ethnicity",
    "gender_identity",
    "sexual_orientation",
    "religion",
    "age_band",
    "immigration_status",
    "no_recourse_to_public_funds",
)
SAFE_CONTACT_FIELDS = (
    "safe_channels",
    "safe_times",
    "voicemail_ok",
    "code_word",
    "safe_contact_notes",
)
IDENTITY_FIELDS = ("given_name", "family_name", "other_names", "date_of_birth")


class Person(models.Model):
    """One record of a person, whatever her role in any case (survivor, person harming her).

    Identifying and special-category values are encrypted (``harbour.core.fields``); the keyed
    hashes used to find the record again live in :class:`MatchKey`.
    """

    public_id = PublicIdField()

    # Identity (encrypted)
    given_name = EncryptedTextField(_("given name"))
    family_name = EncryptedTextField(_("family name"))
    other_names = EncryptedJSONField(
        _("other names"), default=list, blank=True, help_text=_("Previous names, aliases")
    )
    date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True)
    works_for_partner_agency = models.BooleanField(
        _("works for a partner agency"),
        default=False,
        help_text=_("Every read of the record is flagged for someone else to review"),
    )

    # Contact details (encrypted; hidden until revealed)
    address = EncryptedTextField(_("address"), blank=True, default="")
    postcode = EncryptedTextField(_("postcode"), blank=True, default="")
    phone = EncryptedTextField(_("phone number"), blank=True, default="")
    email = EncryptedTextField(_("email address"), blank=True, default="")
    local_authority = models.ForeignKey(
        "regions.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("local authority"),
    )

    # Needs
    language = EncryptedTextField(_("preferred language"), blank=True, default="")
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    disability = EncryptedTextField(
        _("disability"), blank=True, default="", choices=YesNoDeclined.choices
    )
    disability_details = EncryptedTextField(
        _("disability and access needs"), blank=True, default=""
    )
    children_in_household = models.PositiveSmallIntegerField(
        _("children in the household"), null=True, blank=True
    )
    children_details = EncryptedTextField(_("about the children"), blank=True, default="")

    # Equality monitoring (encrypted, optional)
    ethnicity = EncryptedTextField(
        _("ethnicity"), blank=True, default="", choices=Ethnicity.choices
    )
    gender_identity = EncryptedTextField(
        _("gender identity"), blank=True, default="", choices=GenderIdentity.choices
    )
    sexual_orientation = EncryptedTextField(
        _("sexual orientation"), blank=True, default="", choices=SexualOrientation.choices
    )
    religion = EncryptedTextField(
        _("religion or belief"), blank=True, default="", choices=Religion.choices
    )
    age_band = EncryptedTextField(_("age band"), blank=True, default="", choices=AgeBand.choices)
    immigration_status = EncryptedTextField(
        _("immigration status"), blank=True, default="", choices=ImmigrationStatus.choices
    )
    no_recourse_to_public_funds = EncryptedTextField(
        _("no recourse to public funds"), blank=True, default="", choices=YesNoUnknown.choices
    )

    # Safe contact (encrypted), shown before anyone contacts her
    safe_channels = EncryptedJSONField(_("safe ways to contact her"), default=list, blank=True)
    safe_times = EncryptedTextField(_("safe times"), blank=True, default="")
    voicemail_ok = EncryptedTextField(
        _("may a voicemail be left"), blank=True, default="", choices=YesNoUnknown.choices
    )
    code_word = EncryptedTextField(_("code word"), blank=True, default="")
    safe_contact_notes = EncryptedTextField(_("other safe-contact notes"), blank=True, default="")
    safe_contact_updated_at = models.DateTimeField(null=True, blank=True)

    # Restricted: only named users may read the record
    is_restricted = models.BooleanField(_("restricted"), default=False)
    # Erased (harbour.records): every encrypted value emptied, keyed hashes and history gone;
    # the row stays only because other records point at it. No one reads it again.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at"],
        user_related_name="+",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The few restricted records, so name search can leave them out without reading
            # every person row (see harbour.people.queries).
            models.Index(
                fields=["id"], condition=models.Q(is_restricted=True), name="people_restricted"
            )
        ]

    def __str__(self) -> str:
        # Never a name: strings of models end up in logs and error pages.
        return f"Person {self.public_id}"

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class MatchKey(models.Model):
    """A keyed hash (HMAC) that lets the duplicate check find a record without plaintext.

    ``kind`` says what was hashed (see ``harbour.people.matching.KeyKind``); the digest is
    domain-separated by kind, so digests of different kinds never coincide. ``key_id`` is the id
    of the hash key it was made under (``harbour.core.crypto``; empty for digests made before
    ids were kept), so that a rotation of the hash key knows which digests are still to rebuild
    and which to delete (``harbour.keys``).
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    kind = models.CharField(max_length=24)
    digest = models.CharField(max_length=64)
    key_id = models.CharField(max_length=16, blank=True, default="", db_default="")

    class Meta:
        indexes = [models.Index(fields=["digest", "person"], name="people_matchkey_digest")]
        constraints = [
            models.UniqueConstraint(fields=["person", "digest"], name="people_matchkey_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} key"


class InvolvementKind(models.TextChoices):
    RECORDED = "recorded", _("Recorded the person")
    REFERRAL = "referral", _("Referral")
    ASSIGNMENT = "assignment", _("Assignment")
    MARAC_HEARING = "marac_hearing", _("MARAC hearing")
    SHARE = "share", _("Information shared")
    LINKED = "linked", _("Linked after a duplicate check")
    INCIDENT = "incident", _("Police-recorded incident")


class InvolvementQuerySet(models.QuerySet):
    def active(self) -> InvolvementQuerySet:
        return self.filter(ended_at__isnull=True)


class Involvement(models.Model):
    """An agency's part in a person's case: the only ordinary way to read her record."""

    Kind = InvolvementKind

    public_id = PublicIdField()
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="involvements")
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=InvolvementKind.choices)
    # The record that created it (a referral, a hearing, a share), as label and public id.
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.CharField(_("why it ended"), max_length=200, blank=True)

    objects = InvolvementQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "ended_at"], name="people_involvement_agency"),
            models.Index(fields=["person", "ended_at"], name="people_involvement_person"),
            models.Index(fields=["source_type", "source_id"], name="people_involvement_source"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.agency}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class RestrictedAccess(models.Model):
    """A user named on a restricted record: only named users may read it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="restricted_access")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "user"],
                condition=models.Q(removed_at__isnull=True),
                name="people_restricted_one_active_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"Named user on {self.person}"


class EmergencyAccess(models.Model):
    """A user's emergency override of need-to-know: time-limited, logged and reviewed."""

    public_id = PublicIdField()
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="emergency_access")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Emptied: the reason she gave is in the reason store, once, encrypted (decision 0003). The
    # column goes in a later release, once no running code writes it.
    reason = models.TextField(_("reason"), blank=True, editable=False)
    reason_ref = models.ForeignKey(
        "audit.Reason",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("reason given"),
    )
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]

    def __str__(self) -> str:
        return f"Emergency access {self.public_id}"

    @property
    def reason_text(self) -> str:
        return self.reason_ref.text if self.reason_ref_id else self.reason


class ReviewKind(models.TextChoices):
    EMERGENCY_ACCESS = "emergency_access", _("Emergency access")
    DUPLICATE_LINK = "duplicate_link", _("Linked to an existing record")
    UNUSUAL_ACTIVITY = "unusual_activity", _("Unusual activity")
    STAFF_RECORD = "staff_record", _("Record of someone working for a partner agency read")
    RESTRICTION_CHANGE = "restriction_change", _("Restricted record changed by an administrator")


class ReviewOutcome(models.TextChoices):
    APPROPRIATE = "appropriate", _("Appropriate")
    NOT_APPROPRIATE = "not_appropriate", _("Not appropriate: access ended and referred on")


class AccessReview(models.Model):
    """An item for someone else to review: an override, a link, unusual activity."""

    Kind = ReviewKind
    Outcome = ReviewOutcome

    public_id = PublicIdField()
    kind = models.CharField(_("what happened"), max_length=24, choices=ReviewKind.choices)
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user whose activity is reviewed"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    emergency_access = models.ForeignKey(
        EmergencyAccess, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    involvement = models.ForeignKey(
        Involvement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Emptied: a reason a user typed is in the reason store (reason_ref), once, encrypted
    # (decision 0003); the column goes in a later release.
    reason_given = models.TextField(_("reason given"), blank=True, editable=False)
    reason_ref = models.ForeignKey(
        "audit.Reason",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("reason given"),
    )
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ReviewOutcome.choices, blank=True
    )
    notes = models.TextField(_("review notes"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Review {self.public_id}"

    @property
    def reason_text(self) -> str:
        """The reason the user gave, read from the reason store."""
        return self.reason_ref.text if self.reason_ref_id else self.reason_given

    @property
    def is_open(self) -> bool:
        return self.reviewed_at is None


# Sharing ---------------------------------------------------------------------------------------


class Regime(models.TextChoices):
    UK_GDPR = "uk_gdpr", _("UK GDPR (with the Data Protection Act 2018, Part 2)")
    DPA_PART_3 = "dpa_part_3", _("Data Protection Act 2018, Part 3 (law enforcement)")


class LawfulBasis(models.Model):
    """A lawful basis for processing (data, loaded by a data migration; editable in the admin)."""

    code = models.SlugField(max_length=60, unique=True)
    regime = models.CharField(_("regime"), max_length=20, choices=Regime.choices)
    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(_("legal reference"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    relies_on_agreement = models.BooleanField(_("relies on her agreement"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["regime", "order", "code"]
        verbose_name = _("lawful basis")
        verbose_name_plural = _("lawful bases")

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class ConditionCovers(models.TextChoices):
    SPECIAL_CATEGORY = "special_category", _("Special-category data")
    CRIMINAL_OFFENCE = "criminal_offence", _("Criminal-offence data")
    BOTH = "both", _("Special-category and criminal-offence data")
    SENSITIVE_PROCESSING = "sensitive_processing", _("Sensitive processing (Part 3)")


class ProcessingCondition(models.Model):
    """A condition for special-category, criminal-offence or sensitive processing (data)."""

    code = models.SlugField(max_length=60, unique=True)
    regime = models.CharField(_("regime"), max_length=20, choices=Regime.choices)
    covers = models.CharField(_("covers"), max_length=24, choices=ConditionCovers.choices)
    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(_("legal reference"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    relies_on_agreement = models.BooleanField(_("relies on her explicit agreement"), default=False)
    # Statements the person sharing must confirm, each a precondition of the condition.
    preconditions = models.JSONField(_("preconditions to confirm"), default=list, blank=True)
    requires_justification = models.BooleanField(_("needs a written justification"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["regime", "order", "code"]
        verbose_name = _("processing condition")
        verbose_name_plural = _("processing conditions")

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def applies_to(self, *, special_category: bool, criminal_offence: bool) -> bool:
        if self.covers in (ConditionCovers.BOTH, ConditionCovers.SENSITIVE_PROCESSING):
            return True
        if special_category and self.covers != ConditionCovers.SPECIAL_CATEGORY:
            return False
        return not (criminal_offence and self.covers != ConditionCovers.CRIMINAL_OFFENCE)


class AgreementMethod(models.TextChoices):
    SIGNED = "signed", _("Signed form")
    IN_PERSON = "in_person", _("Spoken, in person")
    PHONE = "phone", _("Spoken, by phone")
    WRITTEN_MESSAGE = "written_message", _("Email or text message")
    INTERPRETER = "interpreter", _("Through an interpreter")


class Agreement(models.Model):
    """Her agreement to share with named agencies: when and how given, when and how withdrawn."""

    Method = AgreementMethod

    public_id = PublicIdField()
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="agreements")
    agencies = models.ManyToManyField(
        "accounts.Agency", related_name="+", verbose_name=_("agencies she agreed to share with")
    )
    purpose = models.CharField(_("for what"), max_length=200)
    explicit = models.BooleanField(
        _("she explicitly agreed to sharing special-category information"), default=False
    )
    given_at = models.DateTimeField(_("when she agreed"))
    given_how = models.CharField(
        _("how she agreed"), max_length=20, choices=AgreementMethod.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    notes = EncryptedTextField(_("notes"), blank=True, default="")
    withdrawn_at = models.DateTimeField(_("when she withdrew"), null=True, blank=True)
    withdrawn_how = models.CharField(
        _("how she withdrew"), max_length=20, choices=AgreementMethod.choices, blank=True
    )
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_at", "-id"]

    def __str__(self) -> str:
        return f"Agreement {self.public_id}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class DataCategory(models.TextChoices):
    IDENTITY = "identity", _("Name and date of birth")
    CONTACT = "contact", _("Contact details and safe-contact preferences")
    CIRCUMSTANCES = "circumstances", _("Circumstances, needs and children")
    HEALTH = "health", _("Health and disability (special category)")
    EQUALITY = "equality", _("Equality information (special category)")
    CRIMINAL_OFFENCE = "criminal_offence", _("Offences and allegations (criminal-offence data)")
    RISK = "risk", _("Risk assessment")


SPECIAL_CATEGORY_DATA = frozenset({DataCategory.HEALTH, DataCategory.EQUALITY})


class Share(models.Model):
    """One share of her information with an agency, with its regime, basis and condition."""

    public_id = PublicIdField()
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="shares")
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("shared with")
    )
    purpose = models.CharField(_("for what"), max_length=200)
    categories = models.JSONField(_("what was shared"), default=list)
    regime = models.CharField(_("regime"), max_length=20, choices=Regime.choices)
    basis = models.ForeignKey(
        LawfulBasis, on_delete=models.PROTECT, related_name="+", verbose_name=_("lawful basis")
    )
    condition = models.ForeignKey(
        ProcessingCondition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("condition"),
    )
    preconditions_confirmed = models.JSONField(default=list, blank=True)
    justification = EncryptedTextField(_("justification"), blank=True, default="")
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, null=True, blank=True, related_name="shares"
    )
    involvement = models.OneToOneField(
        Involvement, on_delete=models.PROTECT, null=True, blank=True, related_name="share"
    )
    shared_at = models.DateTimeField(default=timezone.now)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    stopped_at = models.DateTimeField(null=True, blank=True)
    stopped_reason = models.CharField(max_length=200, blank=True)
    stopped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-shared_at", "-id"]

    def __str__(self) -> str:
        return f"Share {self.public_id}"

    @property
    def is_active(self) -> bool:
        return self.stopped_at is None

    @property
    def special_category(self) -> bool:
        return bool(SPECIAL_CATEGORY_DATA.intersection(self.categories))

    @property
    def criminal_offence(self) -> bool:
        return DataCategory.CRIMINAL_OFFENCE in self.categories


# Timeline ---------------------------------------------------------------------------------------


class PersonEvent(models.Model):
    """A typed event on a person's timeline: who, what, when, and parameters with no plaintext
    beyond what a reader of the record may see (field names, agency names, codes)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=60, db_index=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parameters = models.JSONField(default=dict, blank=True)
    # When set, only users of this agency see the event (for example an agency's internal step).
    audience_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "at"], name="people_event_person_at")]

    def __str__(self) -> str:
        return f"{self.type} at {self.at:%Y-%m-%d %H:%M}"
