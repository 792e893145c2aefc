"""What each agency sees of a referral: the need-to-know matrix, as data.

A referral shares what the receiving agency needs to act on it, not her whole record. Which
parts are shown depends on who is looking (the receiving agency's view, or the sender) and on
the referral's state. ``harbour.referrals.queries.referral_get_for_user`` applies this table;
``docs/referrals.md`` prints it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from harbour.accounts.roles import AgencyKind
from harbour.people.models import DataCategory
from harbour.referrals.choices import ReceivingView, Status


class Part(models.TextChoices):
    """A part of what a referral can show."""

    NAME = "name", _("Name")
    DATE_OF_BIRTH = "date_of_birth", _("Date of birth")
    SAFE_CONTACT = "safe_contact", _("Safe-contact preferences and code word")
    CONTACT_NEEDED = "contact_needed", _("The contact details for her safe ways to be contacted")
    CONTACT_ALL = "contact_all", _("All her contact details (address, phone, email)")
    AREA = "area", _("Local authority area")
    LANGUAGE = "language", _("Language and interpreter")
    CHILDREN = "children", _("Children in the household")
    REASON = "reason", _("Reason for the referral")
    NEED = "need", _("Kind of support needed")
    RISK_LEVEL = "risk_level", _("Risk level")
    RISK_REASONS = "risk_reasons", _("Reasons for the risk level")
    CIRCUMSTANCES = "circumstances", _("Background (what happened)")
    SOURCE = "source", _("The record it came from (for example a police incident)")
    OUTCOME = "outcome", _("Decision and outcome")


_TRIAGE = frozenset(
    {
        Part.NAME,
        Part.DATE_OF_BIRTH,
        Part.SAFE_CONTACT,
        Part.CONTACT_ALL,
        Part.AREA,
        Part.LANGUAGE,
        Part.CHILDREN,
        Part.REASON,
        Part.NEED,
        Part.RISK_LEVEL,
        Part.RISK_REASONS,
        Part.CIRCUMSTANCES,
        Part.SOURCE,
        Part.OUTCOME,
    }
)
_SERVICE = frozenset(
    {
        Part.NAME,
        Part.SAFE_CONTACT,
        Part.CONTACT_NEEDED,
        Part.AREA,
        Part.LANGUAGE,
        Part.REASON,
        Part.NEED,
        Part.RISK_LEVEL,
        Part.OUTCOME,
    }
)

# What the receiving agency's casework users see while the referral is open (sent or accepted)
# and its share stands.
OPEN_VIEW: dict[str, frozenset[str]] = {
    ReceivingView.TRIAGE: _TRIAGE,
    ReceivingView.ADVOCACY: _TRIAGE,
    ReceivingView.SERVICE: _SERVICE,
}
# Once closed, the receiving agency keeps a record of the work it did: who, for what, how it
# ended. Never her contact details or the reason again.
CLOSED_VIEW = frozenset({Part.NAME, Part.NEED, Part.OUTCOME})
# Declined, withdrawn, or sharing stopped (she withdrew her agreement): nothing about her.
NOTHING = frozenset({Part.OUTCOME})
# The sender sees what it sent; her name only while it may still read her record.
SENDER_VIEW = frozenset(
    {
        Part.NAME,
        Part.REASON,
        Part.NEED,
        Part.RISK_LEVEL,
        Part.RISK_REASONS,
        Part.CIRCUMSTANCES,
        Part.SOURCE,
        Part.OUTCOME,
    }
)

# What a referral shares, as recorded on the share (``harbour.people.services.share_record``).
# No view ever shows health or equality information (special category). Every view holds
# criminal-offence information: a specialist service sees no background, but the kind of support
# she needs and her risk level tell it that she is the victim of an alleged offence, which is
# criminal-offence data under UK GDPR Article 10 (decision 0040).
CATEGORIES: dict[str, tuple[str, ...]] = {
    ReceivingView.TRIAGE: (
        DataCategory.IDENTITY,
        DataCategory.CONTACT,
        DataCategory.CIRCUMSTANCES,
        DataCategory.CRIMINAL_OFFENCE,
        DataCategory.RISK,
    ),
    ReceivingView.ADVOCACY: (
        DataCategory.IDENTITY,
        DataCategory.CONTACT,
        DataCategory.CIRCUMSTANCES,
        DataCategory.CRIMINAL_OFFENCE,
        DataCategory.RISK,
    ),
    ReceivingView.SERVICE: (
        DataCategory.IDENTITY,
        DataCategory.CONTACT,
        DataCategory.CIRCUMSTANCES,
        DataCategory.CRIMINAL_OFFENCE,
        DataCategory.RISK,
    ),
}

# Accepting a referral involves the agency in her case (its users then read her whole record
# through the people app) only for these views: the hub triages and coordinates, an IDVA takes
# on her case. A specialist service works from the referral alone.
INVOLVED_ON_ACCEPT = frozenset({ReceivingView.TRIAGE, ReceivingView.ADVOCACY})

# Which agencies can receive referrals, and the view their users get.
VIEW_FOR_AGENCY_KIND: dict[str, str] = {
    AgencyKind.VICTIM_CARE_HUB: ReceivingView.TRIAGE,
    AgencyKind.IDVA_SERVICE: ReceivingView.ADVOCACY,
    AgencyKind.SPECIALIST_SERVICE: ReceivingView.SERVICE,
    AgencyKind.SEX_WORKER_PROJECT: ReceivingView.SERVICE,
    AgencyKind.COUNCIL: ReceivingView.SERVICE,
}


def receiving_view_for(agency) -> str | None:
    """The view an agency's users get of referrals to it, or None if it cannot receive any."""
    return VIEW_FOR_AGENCY_KIND.get(agency.kind)


def receiver_parts(*, view: str, status: str, share_active: bool) -> frozenset[str]:
    """What the receiving agency sees of a referral in ``status``."""
    if status in (Status.SENT, Status.ACCEPTED):
        return OPEN_VIEW[view] if share_active else NOTHING
    if status == Status.CLOSED:
        return CLOSED_VIEW if share_active else NOTHING
    return NOTHING


def matrix_rows() -> list[tuple[str, list[bool]]]:
    """The open-referral matrix as rows (part label, shown in triage / advocacy / service)."""
    views = [ReceivingView.TRIAGE, ReceivingView.ADVOCACY, ReceivingView.SERVICE]
    return [(str(part.label), [part in OPEN_VIEW[v] for v in views]) for part in Part]
