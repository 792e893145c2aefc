"""Coded values of incidents. Offence types and outcome codes are data (see ``reference_data``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentKind(models.TextChoices):
    """Who recorded the instance of abuse, and so which fields it has."""

    POLICE = "police", _("Police-recorded incident")
    DISCLOSURE = "disclosure", _("Abuse disclosed to an agency")


class YesNoNotKnown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_KNOWN = "not_known", _("Not known")


class Support(models.TextChoices):
    """Whether she supports police action."""

    YES = "yes", _("Yes, she supports police action")
    NO = "no", _("No, she does not support police action")
    UNDECIDED = "undecided", _("She has not decided")


class Relationship(models.TextChoices):
    """What the person harming her is to her.

    The first group makes them "personally connected" in the sense of section 2 of the Domestic
    Abuse Act 2021 (relatives as defined by section 63 of the Family Law Act 1996); the last
    group does not.
    """

    SPOUSE = "spouse", _("Husband, wife or civil partner")
    FORMER_SPOUSE = "former_spouse", _("Former husband, wife or civil partner")
    ENGAGED = "engaged", _("Agreed to marry her or to enter a civil partnership (even if ended)")
    PARTNER = "partner", _("Partner (an intimate personal relationship)")
    FORMER_PARTNER = "former_partner", _("Former partner (an intimate personal relationship)")
    SHARED_CHILD = (
        "shared_child",
        _("Parent of a child with her, or shares parental responsibility"),
    )
    PARENT = "parent", _("Her parent or step-parent")
    CHILD = "child", _("Her son or daughter, or stepchild")
    SIBLING = "sibling", _("Her brother or sister")
    IN_LAW = "in_law", _("A relative by marriage or civil partnership (an in-law)")
    OTHER_RELATIVE = (
        "other_relative",
        _("Another relative (grandparent, aunt, uncle, cousin, niece or nephew)"),
    )
    FRIEND = "friend", _("Friend or acquaintance")
    COMMUNITY = "community", _("Member of her community, not a relative")
    STRANGER = "stranger", _("Stranger")
    OTHER = "other", _("Other, not personally connected")


PERSONALLY_CONNECTED = frozenset(
    {
        Relationship.SPOUSE,
        Relationship.FORMER_SPOUSE,
        Relationship.ENGAGED,
        Relationship.PARTNER,
        Relationship.FORMER_PARTNER,
        Relationship.SHARED_CHILD,
        Relationship.PARENT,
        Relationship.CHILD,
        Relationship.SIBLING,
        Relationship.IN_LAW,
        Relationship.OTHER_RELATIVE,
    }
)


class ActionKind(models.TextChoices):
    """Actions an incident prompts, tracked until someone completes them."""

    CHILDRENS_SOCIAL_CARE = "childrens_social_care", _("Referral to children's social care")
    SCHOOL_NOTICE = "school_notice", _("Notice to the child's school (Operation Encompass)")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    NOT_NEEDED = "not_needed", _("Not needed")


class OutcomeSupport(models.TextChoices):
    """What an outcome code says about her support, so the two can be kept consistent."""

    ANY = "", _("Not about her support")
    SUPPORTS = "supports", _("She supports police action")
    DOES_NOT_SUPPORT = "does_not_support", _("She does not support police action")
