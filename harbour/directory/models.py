"""The directory: organisations, their services and places, and the needs each service meets.

Shaped on Open Referral UK 3.0 (see docs/directory.md for the mapping): every record the standard
gives an identifier carries a UUID (``oruk_id``) for the API; staff pages address records by
their public id. Records the standard nests under a service but that Harbour keeps as fields
(areas, languages, eligibility, contact) get UUIDs derived from the service's (``derived_uuid``),
so they stay the same between requests.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from harbour.core.ids import PublicIdField
from harbour.directory.choices import (
    WEEKDAY_ORDER,
    FeedbackKind,
    Gender,
    LocationType,
    ServiceStatus,
)

MAX_AGE = 120


def derived_uuid(parent: uuid.UUID, kind: str, key: str = "") -> uuid.UUID:
    """A stable UUID for a record nested under ``parent`` (e.g. a service's area)."""
    return uuid.uuid5(parent, f"{kind}:{key}")


class Taxonomy(models.Model):
    oruk_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    uri = models.URLField(_("web address"), blank=True)
    version = models.CharField(_("version"), max_length=20, blank=True)
    link_type = models.SlugField(_("what a term says about a service"), max_length=40)

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    oruk_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)

    class Meta:
        ordering = ["taxonomy", "position", "name"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="directory_term_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    public_id = PublicIdField()
    oruk_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), max_length=2000)
    email = models.EmailField(_("email address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # The partnership agency behind this organisation, if it is one: referrals to its services
    # go to this agency.
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_organisations",
        verbose_name=_("partnership agency"),
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    public_id = PublicIdField()
    oruk_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="locations"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    location_type = models.CharField(
        _("kind of place"),
        max_length=10,
        choices=LocationType.choices,
        default=LocationType.PHYSICAL,
    )
    address_1 = models.CharField(_("building and street"), max_length=200, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    state_province = models.CharField(_("county"), max_length=100, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True)
    country = models.CharField(_("country code"), max_length=2, default="GB")
    local_authority = models.ForeignKey(
        "regions.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("local authority"),
    )
    # Refuges and safe houses: the address is never published, on the public site or the API.
    address_confidential = models.BooleanField(_("keep the address confidential"), default=False)
    accessibility = models.JSONField(_("accessibility"), default=list, blank=True)
    accessibility_details = models.TextField(
        _("more about accessibility"), blank=True, max_length=1000
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name

    @property
    def has_address(self) -> bool:
        return bool(self.address_1 and self.city and self.postal_code)

    @property
    def address_published(self) -> bool:
        return self.has_address and not self.address_confidential

    def clean(self) -> None:
        super().clean()
        if self.location_type in (LocationType.PHYSICAL, LocationType.POSTAL):
            missing = {
                field: _("Enter the %(field)s.")
                % {"field": self._meta.get_field(field).verbose_name}
                for field in ("address_1", "city", "state_province", "postal_code")
                if not getattr(self, field).strip()
            }
            if missing:
                raise ValidationError(missing)


class Service(models.Model):
    public_id = PublicIdField()
    oruk_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what the service does"), max_length=4000)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    alert = models.CharField(
        _("notice"),
        max_length=300,
        blank=True,
        help_text=_("A short, temporary notice, for example about a change to opening times."),
    )
    # Contact
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    phone_description = models.CharField(_("about the phone line"), max_length=200, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    url = models.URLField(_("website"), blank=True)
    # Who it is for
    gender = models.CharField(
        _("who can use it"), max_length=20, choices=Gender.choices, default=Gender.ALL
    )
    minimum_age = models.PositiveSmallIntegerField(
        _("youngest age"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        _("oldest age"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    eligibility_description = models.TextField(
        _("more about who can use it"), blank=True, max_length=1000
    )
    # How to get in
    self_referral = models.BooleanField(_("people can contact it themselves"), default=True)
    professional_referral = models.BooleanField(_("professionals can refer people"), default=True)
    how_to_access = models.TextField(_("how to get support"), blank=True, max_length=1000)
    fees = models.CharField(_("cost"), max_length=200, blank=True, default="Free")
    languages = models.JSONField(_("languages"), default=list, blank=True)
    needs = models.ManyToManyField(
        TaxonomyTerm, related_name="services", verbose_name=_("kinds of support")
    )
    areas = models.ManyToManyField(
        "regions.LocalAuthority", related_name="directory_services", verbose_name=_("areas served")
    )
    locations = models.ManyToManyField(
        Location, through="ServiceAtLocation", related_name="services", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [models.Index(fields=["status", "name"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if (
            self.minimum_age is not None
            and self.maximum_age is not None
            and self.minimum_age > self.maximum_age
        ):
            raise ValidationError(
                {"maximum_age": _("The oldest age must be the same as or more than the youngest.")}
            )
        if not (self.phone or self.email or self.url):
            raise ValidationError(
                _(
                    "Enter at least one way to contact the service: a phone number, email "
                    "or website."
                )
            )
        if not (self.self_referral or self.professional_referral):
            raise ValidationError(
                {"self_referral": _("Say how people can start using the service.")}
            )


class ServiceAtLocation(models.Model):
    oruk_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="at_services")

    class Meta:
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="directory_sal_unique")
        ]

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"


class Schedule(models.Model):
    """When a service is open (an RFC 5545 weekly rule, as Open Referral UK has it)."""

    oruk_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    byday = models.CharField(_("days"), max_length=20)  # "MO,TU,WE"
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    description = models.CharField(_("notes"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("opening time")
        verbose_name_plural = _("opening times")

    def __str__(self) -> str:
        return f"{self.byday} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"

    @property
    def days(self) -> list[str]:
        return sorted(filter(None, self.byday.split(",")), key=WEEKDAY_ORDER.index)


class SearchCount(models.Model):
    """How many public searches there were in a week for a need in an area.

    Nothing else about a search is kept: no address, no words, no time finer than the week.
    An empty code means the search did not choose a need (or an area).
    """

    week = models.DateField(_("week beginning"))
    need_code = models.CharField(_("need"), max_length=60, blank=True)
    area_code = models.CharField(_("area"), max_length=9, blank=True)
    count = models.PositiveIntegerField(_("searches"), default=0)

    class Meta:
        ordering = ["-week", "need_code", "area_code"]
        verbose_name = _("weekly search count")
        verbose_name_plural = _("weekly search counts")
        constraints = [
            models.UniqueConstraint(
                fields=["week", "need_code", "area_code"], name="directory_search_count_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.week} {self.need_code or '-'} {self.area_code or '-'}: {self.count}"


class EntryReport(models.Model):
    """A member of the public says a directory entry is out of date. No personal data."""

    public_id = PublicIdField()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("what is wrong"), max_length=20, choices=FeedbackKind.choices)
    details = models.TextField(_("details"), blank=True, max_length=500)
    received_on = models.DateField(_("received on"))  # the day only, never the time
    resolved_at = models.DateTimeField(_("dealt with at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("report of an out-of-date entry")
        verbose_name_plural = _("reports of out-of-date entries")

    def __str__(self) -> str:
        return f"{self.service}: {self.get_kind_display()}"
