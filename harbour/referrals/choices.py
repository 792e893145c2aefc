"""Coded values of referrals, needs assessments and self-referrals. Labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SENT = "sent", _("Waiting for a decision")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = frozenset({Status.SENT, Status.ACCEPTED})


class RiskLevel(models.TextChoices):
    """The level from the latest risk identification (see harbour.risk), as the sender gave it."""

    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    STANDARD = "standard", _("Standard")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


class ReceivingView(models.TextChoices):
    """What the receiving agency's users see of a referral: see harbour.referrals.matrix."""

    TRIAGE = "triage", _("Victim care hub (triage)")
    ADVOCACY = "advocacy", _("IDVA service")
    SERVICE = "service", _("Specialist service")


class DeclineReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("She does not meet the service's criteria")
    OUTSIDE_AREA = "outside_area", _("She lives outside the area the service covers")
    NO_CAPACITY = "no_capacity", _("The service cannot take new referrals at the moment")
    ALREADY_SUPPORTED = "already_supported", _("The service already supports her")
    SHE_DECLINED = "she_declined", _("She does not want the service")
    NO_SAFE_CONTACT = "no_safe_contact", _("There is no safe way to contact her")
    OTHER = "other", _("Another reason")


class Outcome(models.TextChoices):
    SUPPORT_COMPLETED = "support_completed", _("Support given and completed")
    REFERRED_ON = "referred_on", _("Referred on to other services")
    SHE_ENDED = "she_ended", _("She chose to end support")
    NO_CONTACT = "no_contact", _("She could not be contacted safely")
    MOVED_AWAY = "moved_away", _("She moved out of the area")
    OTHER = "other", _("Another outcome")


class Domain(models.TextChoices):
    """The areas of a hub needs assessment, in the order they are asked about."""

    SAFETY = "safety", _("Safety")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing")
    MONEY = "money", _("Money")
    LEGAL = "legal", _("Legal and court")
    CHILDREN = "children", _("Children")
    EMOTIONAL = "emotional", _("Emotional wellbeing")


class NeedLevel(models.TextChoices):
    NONE = "none", _("None")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class SelfReferralStatus(models.TextChoices):
    NEW = "new", _("To triage")
    TRIAGED = "triaged", _("Triaged")
    CLOSED = "closed", _("Closed")


class SelfReferralClosure(models.TextChoices):
    NO_CONTACT = "no_contact", _("She could not be contacted safely")
    SIGNPOSTED = "signposted", _("She was given information about other support")
    ALREADY_SUPPORTED = "already_supported", _("She is already supported (another request)")
    NOT_GENUINE = "not_genuine", _("Not a genuine request")
    OTHER = "other", _("Another reason")


# Ways a self-referral may ask to be contacted: only those that need no address.
SELF_REFERRAL_CHANNELS = ("phone_call", "text_message", "email")


# The kind of support (a term of the directory's needs taxonomy) that an area of the needs
# assessment calls for, when she has a medium or high need there. Health has no term of its own:
# her GP and health services are reached outside the directory.
DOMAIN_NEEDS = {
    Domain.SAFETY: "domestic-abuse",
    Domain.HOUSING: "housing",
    Domain.MONEY: "money",
    Domain.LEGAL: "legal-advice",
    Domain.CHILDREN: "children-young-people",
    Domain.EMOTIONAL: "emotional-support",
}

# Levels of need for which services are suggested.
SUGGESTED_AT = frozenset({NeedLevel.MEDIUM, NeedLevel.HIGH})
