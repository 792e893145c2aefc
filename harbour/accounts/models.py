from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.accounts.roles import AgencyKind, Role, role_allowed_at
from harbour.core.ids import PublicIdField


class Agency(models.Model):
    """An organisation in the partnership. Every user belongs to exactly one."""

    Kind = AgencyKind

    public_id = PublicIdField()
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind of agency"), max_length=32, choices=AgencyKind.choices)
    email = models.EmailField(_("team email"), blank=True)
    areas = models.ManyToManyField(
        "regions.LocalAuthority",
        blank=True,
        related_name="agencies",
        verbose_name=_("areas covered"),
        help_text=_("The local authority areas this agency works in."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name


class HarbourUserManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().select_related("agency")


class User(AbstractUser):
    """A member of staff at one agency, with one role."""

    Role = Role

    public_id = PublicIdField()
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="users", verbose_name=_("agency")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)

    objects = HarbourUserManager()

    REQUIRED_FIELDS = ["email", "agency", "role"]

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self) -> None:
        super().clean()
        if self.agency_id and self.role and not role_allowed_at(self.role, self.agency.kind):
            raise ValidationError(
                {
                    "role": _("%(role)s is not a role at this kind of agency (%(kind)s).")
                    % {"role": self.get_role_display(), "kind": self.agency.get_kind_display()}
                }
            )

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class AccountChange(models.Model):
    """A new account or a change to one, asked for by one administrator and approved by another.

    The database itself refuses an approval by the administrator who asked, and any request or
    approval by the person the account belongs to (no one changes their own role or agency).
    """

    class Kind(models.TextChoices):
        NEW_ACCOUNT = "new_account", _("New account")
        ROLE = "role", _("Change of role or agency")
        EMAIL = "email", _("Change of email address")
        REACTIVATE = "reactivate", _("Account reopened")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        CONFIRMING = "confirming", _("Approved, waiting for the person to confirm")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        LAPSED = "lapsed", _("Not confirmed in time")

    OPEN = (Status.PENDING, Status.CONFIRMING)

    public_id = PublicIdField()
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="account_changes", verbose_name=_("account")
    )
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    # What it was and what it is to become (role and agency for ROLE, email for EMAIL).
    old_role = models.CharField(_("role before"), max_length=32, choices=Role.choices, blank=True)
    role = models.CharField(_("new role"), max_length=32, choices=Role.choices, blank=True)
    old_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    old_email = models.EmailField(_("email before"), blank=True)
    email = models.EmailField(_("new email"), blank=True)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("asked for by")
    )
    requested_at = models.DateTimeField(_("asked for"), default=timezone.now)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("account change")
        verbose_name_plural = _("account changes")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=models.Q(status__in=["pending", "confirming"]),
                name="accounts_change_one_open_per_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")),
                name="accounts_change_not_approved_by_requester",
            ),
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("user")),
                name="accounts_change_not_decided_by_its_subject",
            ),
            models.CheckConstraint(
                condition=~models.Q(requested_by=models.F("user")),
                name="accounts_change_not_asked_by_its_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class AccountLink(models.Model):
    """A one-time link emailed to a person: to set up their account (new, or after a reset) or
    to confirm a new email address from the old one.

    The token is made when the email is sent and only its SHA-256 hash is kept; the link works
    once, until ``expires_at``, and a newer link of the same purpose replaces it.
    """

    class Purpose(models.TextChoices):
        SET_UP = "set_up", _("Set a password and an authenticator")
        EMAIL = "email", _("Confirm a new email address")

    public_id = PublicIdField()
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="account_links")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    change = models.ForeignKey(
        AccountChange, on_delete=models.PROTECT, null=True, blank=True, related_name="links"
    )
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    issued_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("one-time link")
        verbose_name_plural = _("one-time links")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.public_id})"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.token_hash is not None
            and self.used_at is None
            and self.withdrawn_at is None
            and self.expires_at is not None
            and now < self.expires_at
        )
