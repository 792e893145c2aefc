"""Every write to MARAC: referrals (automatic and by the coordinator), repeats, meetings and
their agendas, invitations, information for the meeting, actions, outcomes and closure.

Each service checks who may act and from which state, writes the access log and, for
meaningful changes, her timeline; emails name no one (``harbour.notifications.catalogue``).
Services that take a ``person`` expect one the caller read through
``harbour.people.queries.person_get_for_user`` (or, for the automatic referrals, the record an
assessment or incident was just made about). See ``docs/marac.md``.
"""

from harbour.marac.services.access import (
    CASEWORK_AGENCY_KINDS,
    HEARING_CATEGORIES,
    INFORMATION_CATEGORIES,
    REFERRAL_CATEGORIES,
    is_coordinator_of,
    may_complete,
    may_take_part,
    regime_for,
    require_hearing_open,
    sharing_basis_for,
)
from harbour.marac.services.meetings import (
    action_cancel,
    action_complete,
    action_record,
    agencies_involved_with,
    agencies_to_invite,
    agenda_build,
    hearing_add,
    hearing_outcome_record,
    hearing_remove,
    information_record,
    invitation_add,
    invitations_send,
    meeting_cancel,
    meeting_schedule,
    standing_agencies,
)
from harbour.marac.services.referrals import (
    BasisSpec,
    Reason,
    last_referral_before,
    marac_attach_waiting,
    marac_for_area,
    marac_setup,
    referral_close,
    referral_create_manual,
    referral_from_assessment,
    referral_withdraw,
    repeat_check,
    repeat_of_for,
)

__all__ = [
    "CASEWORK_AGENCY_KINDS",
    "HEARING_CATEGORIES",
    "INFORMATION_CATEGORIES",
    "REFERRAL_CATEGORIES",
    "BasisSpec",
    "Reason",
    "action_cancel",
    "action_complete",
    "action_record",
    "agencies_involved_with",
    "agencies_to_invite",
    "agenda_build",
    "hearing_add",
    "hearing_outcome_record",
    "hearing_remove",
    "information_record",
    "invitation_add",
    "invitations_send",
    "is_coordinator_of",
    "last_referral_before",
    "marac_attach_waiting",
    "marac_for_area",
    "marac_setup",
    "may_complete",
    "may_take_part",
    "meeting_cancel",
    "meeting_schedule",
    "referral_close",
    "referral_create_manual",
    "referral_from_assessment",
    "referral_withdraw",
    "regime_for",
    "repeat_check",
    "repeat_of_for",
    "require_hearing_open",
    "sharing_basis_for",
    "standing_agencies",
]
