"""Coded values of safety reports, alerts and subscribers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Consent(models.TextChoices):
    """What the reporter chose may happen with her report."""

    ALERT_ONLY = "alert_only", _("Warn other workers only")
    POLICE_ANONYMISED = (
        "police_anonymised",
        _("Warn other workers, and pass anonymised information to the police"),
    )
    POLICE_FULL = (
        "police_full",
        _("Warn other workers, and pass the full report and my contact details to the police"),
    )


POLICE_CONSENTS = frozenset({Consent.POLICE_ANONYMISED, Consent.POLICE_FULL})


class WorkingPattern(models.TextChoices):
    STREET = "street", _("Street")
    ONLINE = "online", _("Online or indoors")


class SubscriberPattern(models.TextChoices):
    STREET = "street", _("Street")
    ONLINE = "online", _("Online or indoors")
    BOTH = "both", _("Both")


def pattern_matches(subscriber_pattern: str, alert_pattern: str) -> bool:
    return subscriber_pattern == SubscriberPattern.BOTH or subscriber_pattern == alert_pattern


class ViolenceType(models.TextChoices):
    PHYSICAL = "physical", _("Physical assault")
    SEXUAL = "sexual", _("Sexual assault or rape")
    ROBBERY = "robbery", _("Robbery or theft")
    THREATS = "threats", _("Threats or intimidation")
    REFUSED_PAYMENT = "refused_payment", _("Refused to pay")
    CONDOM = "condom", _("Removed a condom or refused to use one")
    STALKING = "stalking", _("Stalking or harassment")
    ONLINE_ABUSE = "online_abuse", _("Online abuse or sharing images")
    TIME_WASTER = "time_waster", _("Time-wasting or suspicious behaviour")
    OTHER = "other", _("Something else")


class ContactMethod(models.TextChoices):
    STREET = "street", _("Approached on the street")
    VEHICLE = "vehicle", _("From a vehicle")
    PHONE = "phone", _("Phone call or text")
    WEBSITE = "website", _("Through a website or app")
    SOCIAL = "social", _("Social media")
    OTHER = "other", _("Another way")


class Gender(models.TextChoices):
    MAN = "man", _("Man")
    WOMAN = "woman", _("Woman")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not sure")


class AgeRange(models.TextChoices):
    UNDER_25 = "under_25", _("Under 25")
    FROM_25 = "25_34", _("25 to 34")
    FROM_35 = "35_44", _("35 to 44")
    FROM_45 = "45_54", _("45 to 54")
    FROM_55 = "55_plus", _("55 or over")
    UNKNOWN = "unknown", _("Not sure")


class ReportStatus(models.TextChoices):
    NEW = "new", _("Waiting for review")
    ALERTED = "alerted", _("Alert published")
    ACCEPTED = "accepted", _("Accepted without a new alert")
    REJECTED = "rejected", _("Rejected")


# Reports the project has accepted: these, with the reporter's consent, reach the police.
ACCEPTED_STATUSES = frozenset({ReportStatus.ALERTED, ReportStatus.ACCEPTED})


class RejectReason(models.TextChoices):
    NOT_CREDIBLE = "not_credible", _("Not credible or false")
    DUPLICATE = "duplicate", _("Sent more than once")
    NOT_SAFETY = "not_safety", _("Not about a safety risk")
    ABUSIVE = "abusive", _("Abusive or malicious")
    OTHER = "other", _("Another reason")


class AlertStatus(models.TextChoices):
    LIVE = "live", _("Live")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class ProcessingCondition(models.TextChoices):
    """The Data Protection Act 2018, Schedule 1, condition an alert's criminal-offence data is
    processed under."""

    SAFEGUARDING = (
        "safeguarding",
        _("Safeguarding of individuals at risk (DPA 2018, Schedule 1, paragraph 18)"),
    )
    PREVENTING_CRIME = (
        "preventing_crime",
        _("Preventing or detecting unlawful acts (DPA 2018, Schedule 1, paragraph 10)"),
    )


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be vetted")
    VETTED = "vetted", _("Vetted")
    SUSPENDED = "suspended", _("Suspended")


class NoticeKind(models.TextChoices):
    NEW_ALERT = "new_alert", _("New safety alert")
    ALERT_WITHDRAWN = "alert_withdrawn", _("Safety alert withdrawn")


class NoticeStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class IdentifierKind(models.TextChoices):
    PHONE = "phone", _("Phone number")
    REGISTRATION = "registration", _("Vehicle registration")
    HANDLE = "handle", _("Online handle")


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    VIEWED = "viewed", _("Read")
    REDACTED = "redacted", _("Redacted")
    PUBLISHED = "published", _("Alert published")
    ACCEPTED = "accepted", _("Accepted without a new alert")
    REJECTED = "rejected", _("Rejected")
    EXPORTED = "exported", _("Exported to the police")
    WITHDRAWN = "withdrawn", _("Alert withdrawn")
