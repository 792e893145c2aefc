from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
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
                    "role": _("A %(role)s cannot belong to a %(kind)s.")
                    % {"role": self.get_role_display(), "kind": self.agency.get_kind_display()}
                }
            )

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
