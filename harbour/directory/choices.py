"""Fixed lists the directory's forms and pages choose from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceStatus(models.TextChoices):
    # The values are Open Referral UK's service statuses.
    ACTIVE = "active", _("Open")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")
    INACTIVE = "inactive", _("Not taking new people")
    DEFUNCT = "defunct", _("Closed for good")


# Statuses shown on the public site (a closed service is shown only to staff and in the API).
PUBLIC_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)


class Gender(models.TextChoices):
    # The values are codes of the eligibility taxonomy (harbour.directory.taxonomy).
    ALL = "all-genders", _("Everyone")
    WOMEN = "women", _("Women and girls")
    MEN = "men", _("Men and boys")


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("A place people can visit")
    VIRTUAL = "virtual", _("Online or by phone only")
    POSTAL = "postal", _("A postal address only")


class Weekday(models.TextChoices):
    # RFC 5545 BYDAY codes, as Open Referral UK's schedules use them.
    MO = "MO", _("Monday")
    TU = "TU", _("Tuesday")
    WE = "WE", _("Wednesday")
    TH = "TH", _("Thursday")
    FR = "FR", _("Friday")
    SA = "SA", _("Saturday")
    SU = "SU", _("Sunday")


WEEKDAY_ORDER = [day.value for day in Weekday]

# Languages a service is delivered in (ISO 639-1 codes where one exists, ISO 639-3 otherwise),
# chosen for the region's communities. Interpreted support is described in the service's text.
LANGUAGES: list[tuple[str, str]] = [
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("bn", _("Bengali")),
    ("bfi", _("British Sign Language")),
    ("zh", _("Chinese")),
    ("cs", _("Czech")),
    ("fa", _("Farsi")),
    ("fr", _("French")),
    ("ku", _("Kurdish")),
    ("lt", _("Lithuanian")),
    ("ps", _("Pashto")),
    ("pl", _("Polish")),
    ("pt", _("Portuguese")),
    ("pa", _("Punjabi")),
    ("ro", _("Romanian")),
    ("ru", _("Russian")),
    ("sk", _("Slovak")),
    ("so", _("Somali")),
    ("es", _("Spanish")),
    ("ti", _("Tigrinya")),
    ("uk", _("Ukrainian")),
    ("ur", _("Urdu")),
    ("cy", _("Welsh")),
]
LANGUAGE_NAMES = dict(LANGUAGES)

# Accessibility of a place (Open Referral UK's location accessibility).
ACCESSIBILITY: list[tuple[str, str]] = [
    ("step-free", _("Step-free access")),
    ("accessible-toilet", _("Accessible toilet")),
    ("hearing-loop", _("Hearing loop")),
    ("quiet-room", _("Quiet, private room")),
    ("children-welcome", _("Children welcome")),
    ("parking", _("Accessible parking nearby")),
]
ACCESSIBILITY_NAMES = dict(ACCESSIBILITY)


class FeedbackKind(models.TextChoices):
    PHONE = "phone", _("The phone number or email is wrong")
    ADDRESS = "address", _("The address or area is wrong")
    TIMES = "times", _("The opening times are wrong")
    CLOSED = "closed", _("The service has closed")
    OTHER = "other", _("Something else is wrong")
