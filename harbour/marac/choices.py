"""Coded values of MARAC referrals, meetings, hearings and actions. Labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Criterion(models.TextChoices):
    """Why a case is referred to MARAC (SafeLives' referral criteria)."""

    HIGH_RISK = "high_risk", _("Visible high risk")
    PROFESSIONAL_JUDGEMENT = "professional_judgement", _("Professional judgement")
    POTENTIAL_ESCALATION = (
        "potential_escalation",
        _("Potential escalation (3 or more police call-outs in 12 months)"),
    )
    REPEAT = "repeat", _("Repeat (a new instance of abuse within 12 months of her last referral)")


class ReasonKind(models.TextChoices):
    """What a line of a referral's reasons records: a criterion met, or a further instance of
    abuse recorded while the case waits to be heard (information for the meeting, not a
    criterion: the case is not a repeat of itself)."""

    HIGH_RISK = Criterion.HIGH_RISK.value, Criterion.HIGH_RISK.label
    PROFESSIONAL_JUDGEMENT = (
        Criterion.PROFESSIONAL_JUDGEMENT.value,
        Criterion.PROFESSIONAL_JUDGEMENT.label,
    )
    POTENTIAL_ESCALATION = (
        Criterion.POTENTIAL_ESCALATION.value,
        Criterion.POTENTIAL_ESCALATION.label,
    )
    REPEAT = Criterion.REPEAT.value, Criterion.REPEAT.label
    FURTHER_INSTANCE = "further_instance", _("A further instance of abuse before the hearing")


class Origin(models.TextChoices):
    AUTOMATIC = "automatic", _("Made by Harbour when the criteria were met")
    COORDINATOR = "coordinator", _("Made by the MARAC coordinator")


class ReferralStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a meeting")
    LISTED = "listed", _("On a meeting's agenda")
    HEARD = "heard", _("Heard: actions under way")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Waiting to be heard: at most one such referral per person.
WAITING_STATUSES = (ReferralStatus.OPEN, ReferralStatus.LISTED)
# Not yet closed: the agencies hearing it keep their part in her case.
ACTIVE_STATUSES = (ReferralStatus.OPEN, ReferralStatus.LISTED, ReferralStatus.HEARD)


class HearingOutcome(models.TextChoices):
    ACTIONS_AGREED = "actions_agreed", _("Heard: actions agreed")
    NO_ACTIONS = "no_actions", _("Heard: no actions needed")
    ADJOURNED = "adjourned", _("Not heard: to be listed at a later meeting")


HEARD_OUTCOMES = (HearingOutcome.ACTIONS_AGREED, HearingOutcome.NO_ACTIONS)


class ClosureOutcome(models.TextChoices):
    ACTIONS_COMPLETED = "actions_completed", _("Every action completed")
    NO_ACTIONS = "no_actions", _("Heard; no actions were needed")
    MOVED_AREA = "moved_area", _("She moved to another area: passed to that area's MARAC")
    OTHER = "other", _("Another outcome")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Not needed")


# Kinds of agency invited to hear every case of their area, besides those involved with her.
STANDING_AGENCY_KINDS = ("police", "idva_service", "victim_care_hub", "council")
