"""Coded values of the 24-hour follow-up."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """Where a follow-up stands."""

    AWAITING_NOTICE = "awaiting_notice", _("Waiting for the police to record what she was told")
    OPEN = "open", _("Visit due")
    VISITED = "visited", _("Visited")
    CLOSED = "closed", _("Closed without a visit")
    DECLINED = "declined", _("She declined")
    NOT_SHARED = "not_shared", _("Not shared: she could not be asked")
    WITHDRAWN = "withdrawn", _("Not needed: no longer recorded as domestic abuse")


# Follow-ups the IDVA service works on (shared with it); the others were never shared.
SHARED_STATUSES = frozenset({Status.OPEN, Status.VISITED, Status.CLOSED})
DONE_STATUSES = frozenset(
    {Status.VISITED, Status.CLOSED, Status.DECLINED, Status.NOT_SHARED, Status.WITHDRAWN}
)


class CloseReason(models.TextChoices):
    """Why an IDVA service closed a follow-up without a visit."""

    NO_CONTACT = "no_contact", _("No contact after repeated attempts")
    NOT_SAFE = "not_safe", _("It is not safe to contact her")
    SUPPORTED_ELSEWHERE = "supported_elsewhere", _("She is already supported by another service")
    MOVED_AWAY = "moved_away", _("She has moved out of the area")
    OTHER = "other", _("Another reason")


class NoticeAnswer(models.TextChoices):
    """What the police recorded about telling her of the follow-up."""

    AGREES = "agrees", _("I told her, and she is happy for an IDVA to contact her")
    DECLINES = "declines", _("I told her, and she does not want an IDVA to contact her")
    NOT_TOLD = "not_told", _("I could not tell her (for example, it was not safe to talk)")


class ContactMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone call")
    VIDEO = "video", _("Video call")
    MESSAGE = "message", _("Text or email message")


class Prosecution(models.TextChoices):
    """Whether she supports a prosecution."""

    YES = "yes", _("Yes, she supports a prosecution")
    NO = "no", _("No, she does not support a prosecution")
    UNDECIDED = "undecided", _("She has not decided")


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class ReferralService(models.TextChoices):
    """Kinds of service an IDVA refers her to at the visit (a structured list, for figures);
    referrals made in Harbour are also linked from the follow-up."""

    REFUGE = "refuge", _("Refuge or safe accommodation")
    HOUSING = "housing", _("Housing options")
    OUTREACH = "outreach", _("Domestic abuse outreach")
    SEXUAL_VIOLENCE = "sexual_violence", _("Sexual violence support")
    HARMFUL_PRACTICES = "harmful_practices", _("Harmful practices service")
    MENTAL_HEALTH = "mental_health", _("Mental health support")
    SUBSTANCE_USE = "substance_use", _("Drug or alcohol service")
    CHILDREN = "children", _("Children's services")
    LEGAL = "legal", _("Legal advice or protective orders")
    FINANCIAL = "financial", _("Money and benefits advice")
    VICTIM_CARE_HUB = "victim_care_hub", _("Victim care hub")
    OTHER = "other", _("Another service")
