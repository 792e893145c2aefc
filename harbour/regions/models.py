from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

GSS_CODE_PATTERN = r"^[EWSN][0-9]{8}$"

gss_code_validator = RegexValidator(
    GSS_CODE_PATTERN,
    _("Enter a GSS code such as E08000012."),
)


class LocalAuthority(models.Model):
    """A local authority area of the region, with the populations rates are worked out on."""

    gss_code = models.CharField(
        _("GSS code"), max_length=9, unique=True, validators=[gss_code_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    population_all_ages = models.PositiveIntegerField(_("population, all ages"), null=True)
    women_16_plus = models.PositiveIntegerField(_("women aged 16 and over"), null=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("local authority")
        verbose_name_plural = _("local authorities")

    def __str__(self) -> str:
        return self.name
