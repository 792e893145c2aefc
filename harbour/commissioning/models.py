"""Commissioning: funders, their funding streams, contracts with the directory's organisations
for named services, budgets by financial year, and the providers' quarterly returns.

Money is held in pounds with pence (``Decimal``). Years are financial years named by the year
they start in (2026 is April 2026 to March 2027); quarter 1 is April to June. Nothing here is
about a person: returns hold counts and spend only. See ``docs/commissioning.md``.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.core.fields import user_fk
from harbour.core.ids import PublicIdField

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(0)]}


def quarter_start(year: int, quarter: int) -> datetime.date:
    """First day of ``quarter`` (1-4) of the financial year starting in April of ``year``."""
    month = 4 + 3 * (quarter - 1)
    return datetime.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def quarter_end(year: int, quarter: int) -> datetime.date:
    """Last day of ``quarter`` of financial year ``year``."""
    if quarter == 4:
        return datetime.date(year + 1, 3, 31)
    return quarter_start(year, quarter + 1) - datetime.timedelta(days=1)


def financial_year_of(day: datetime.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def quarter_of(day: datetime.date) -> tuple[int, int]:
    """(financial year, quarter) of ``day``."""
    return financial_year_of(day), ((day.month - 4) % 12) // 3 + 1


def year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


class Funder(models.Model):
    """Who the money comes from: the Combined Authority, the Police and Crime Commissioner."""

    public_id = PublicIdField()
    name = models.CharField(_("name"), max_length=200, unique=True)
    identifier = models.CharField(
        _("organisation identifier"),
        max_length=100,
        unique=True,
        help_text=_("As the Organisation Identifier Standard gives it, such as GB-LAE-LIV."),
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name",)
        verbose_name = _("funder")

    def __str__(self) -> str:
        return self.name


class FundingStream(models.Model):
    """A fund with a total over its years (a victim-services fund of £3m over three years)."""

    public_id = PublicIdField()
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="streams")
    code = models.SlugField(
        _("programme code"),
        max_length=50,
        unique=True,
        help_text=_("A short code for the fund, used in the open data (letters, digits, hyphens)."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    total = models.DecimalField(_("total (£)"), **MONEY)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name",)
        verbose_name = _("funding stream")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The fund must end after it starts.")})


class Contract(models.Model):
    """A contract (a grant, in 360Giving's words) with an organisation for named services."""

    public_id = PublicIdField()
    stream = models.ForeignKey(
        FundingStream, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("fund")
    )
    reference = models.SlugField(
        _("contract reference"),
        max_length=50,
        unique=True,
        help_text=_("Providers name the contract by this in their returns."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("provider"),
    )
    services = models.ManyToManyField(
        "directory.Service", related_name="contracts", verbose_name=_("services")
    )
    areas = models.ManyToManyField(
        "regions.LocalAuthority", related_name="contracts", verbose_name=_("areas served")
    )
    amount = models.DecimalField(_("amount awarded (£)"), **MONEY)
    awarded_on = models.DateField(_("awarded"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    created_by = user_fk(_("set up by"))
    created_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("reference",)
        verbose_name = _("contract")

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The contract must end after it starts.")})

    def quarters(self) -> list[tuple[int, int]]:
        """Every (financial year, quarter) the contract runs in, in order."""
        year, quarter = quarter_of(self.starts_on)
        last = quarter_of(self.ends_on)
        out = []
        while (year, quarter) <= last:
            out.append((year, quarter))
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
        return out


class Budget(models.Model):
    """What a contract may spend in one financial year."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("financial year"))
    amount = models.DecimalField(_("budget (£)"), **MONEY)
    set_by = user_fk(_("set by"))
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("contract", "year")
        constraints = [
            models.UniqueConstraint(fields=("contract", "year"), name="commissioning_budget_once")
        ]

    def __str__(self) -> str:
        return f"{self.contract.reference} {year_label(self.year)}"


class ReturnSource(models.TextChoices):
    FORM = "form", _("Form")
    UPLOAD = "upload", _("Spreadsheet")


class QuarterlyReturn(models.Model):
    """A provider's return for one quarter of a contract: spend and counts, never people."""

    public_id = PublicIdField()
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="returns")
    year = models.PositiveSmallIntegerField(_("financial year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    spend = models.DecimalField(_("spend (£)"), **MONEY)
    referrals_received = models.PositiveIntegerField(_("referrals received"))
    people_supported = models.PositiveIntegerField(_("people supported"))
    outcomes_achieved = models.PositiveIntegerField(_("outcomes achieved"))
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(max_length=8, choices=ReturnSource.choices)
    submitted_by = user_fk(_("submitted by"))
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("contract", "year", "quarter")
        constraints = [
            models.UniqueConstraint(
                fields=("contract", "year", "quarter"), name="commissioning_return_once"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="commissioning_return_quarter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract.reference} {year_label(self.year)} Q{self.quarter}"

    @property
    def period_label(self) -> str:
        return f"{year_label(self.year)} Q{self.quarter}"
