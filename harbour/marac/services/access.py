"""What every MARAC service shares: who may act, the MARAC's recorded sharing basis, and how
access given for a case ends."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from harbour.accounts.roles import AgencyKind, Role
from harbour.marac.choices import (
    Criterion,
    ReferralStatus,
)
from harbour.marac.models import (
    Hearing,
    Marac,
    MaracAction,
    MaracReferral,
    MaracSharingBasis,
)
from harbour.people.models import DataCategory, Regime
from harbour.people.queries import may_work_with_people, person_encrypted_paths
from harbour.people.services import (
    involvement_end,
    involvement_end_for_source,
    share_record,
    share_stop,
)

MAX_TEXT = 4000

# What goes to the MARAC with a referral, and what her record opens to an agency hearing her case.
REFERRAL_CATEGORIES = (
    DataCategory.IDENTITY,
    DataCategory.CONTACT,
    DataCategory.CIRCUMSTANCES,
    DataCategory.CRIMINAL_OFFENCE,
    DataCategory.RISK,
)
HEARING_CATEGORIES = tuple(DataCategory.values)
# What an agency's information for the meeting includes unless it says otherwise.
INFORMATION_CATEGORIES = (
    DataCategory.CIRCUMSTANCES,
    DataCategory.CRIMINAL_OFFENCE,
    DataCategory.RISK,
)
# Agencies that can hear a case: those whose staff work with people's records.
CASEWORK_AGENCY_KINDS = (
    AgencyKind.POLICE,
    AgencyKind.IDVA_SERVICE,
    AgencyKind.VICTIM_CARE_HUB,
    AgencyKind.SPECIALIST_SERVICE,
    AgencyKind.SEX_WORKER_PROJECT,
    AgencyKind.COUNCIL,
)
ASSESSMENT_CRITERIA = (
    Criterion.HIGH_RISK,
    Criterion.PROFESSIONAL_JUDGEMENT,
    Criterion.POTENTIAL_ESCALATION,
)


# Who may do what ----------------------------------------------------------------------------


def is_coordinator_of(user, marac: Marac | None) -> bool:
    """A MARAC coordinator at the agency that runs ``marac``."""
    return (
        marac is not None
        and user is not None
        and getattr(user, "is_authenticated", False)
        and user.has_role(Role.MARAC_COORDINATOR)
        and user.agency_id == marac.agency_id
    )


def _require_coordinator(user, marac: Marac | None) -> None:
    if not is_coordinator_of(user, marac):
        raise PermissionDenied(_("Only the coordinators of this MARAC can do this."))


def regime_for(agency) -> str:
    """The police share for law enforcement (Part 3); every other agency under UK GDPR."""
    return Regime.DPA_PART_3 if agency.kind == AgencyKind.POLICE else Regime.UK_GDPR


def _text(value: str, *, field: str, required: str | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > MAX_TEXT:
        raise ValidationError(
            {field: _("Keep it to %(max)s characters or fewer.") % {"max": MAX_TEXT}}
        )
    return value


def _uk_day(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


def may_take_part(user, hearing: Hearing) -> bool:
    """The coordinators of its MARAC, and casework users of an agency invited to hear it."""
    if is_coordinator_of(user, hearing.meeting.marac):
        return True
    return (
        may_work_with_people(user)
        and hearing.invitations.filter(agency_id=user.agency_id, ended_at__isnull=True).exists()
    )


def may_complete(user, action: MaracAction) -> bool:
    """The coordinators, and casework users of the owning agency while it hears the case."""
    marac = action.hearing.meeting.marac
    if is_coordinator_of(user, marac):
        return True
    if not may_work_with_people(user) or user.agency_id != action.agency_id:
        return False
    return (
        user.agency_id == marac.agency_id
        or action.hearing.invitations.filter(
            agency_id=user.agency_id, ended_at__isnull=True
        ).exists()
    )


# Sharing on the MARAC's recorded basis ---------------------------------------------------------


def sharing_basis_for(*, marac: Marac, regime: str) -> MaracSharingBasis:
    basis = (
        MaracSharingBasis.objects.select_related("basis", "condition")
        .filter(marac=marac, regime=regime)
        .first()
    )
    if basis is None:
        raise ValidationError(
            _(
                "The %(marac)s has no information-sharing basis recorded for %(regime)s. Ask an "
                "administrator to record it before sharing."
            )
            % {"marac": marac.name, "regime": Regime(regime).label}
        )
    return basis


def _share(*, marac: Marac, person, by, agency, purpose: str, categories: Sequence[str]):
    """Record a share from ``by``'s agency to ``agency`` on the MARAC's basis for ``by``'s
    regime. The share gives no access of its own (``involve=False``)."""
    recorded = sharing_basis_for(marac=marac, regime=regime_for(by.agency))
    return share_record(
        person=person,
        by=by,
        agency=agency,
        purpose=f"{purpose} ({recorded.purpose})"[:200],
        categories=list(categories),
        regime=recorded.regime,
        basis=recorded.basis,
        condition=recorded.condition,
        justification=recorded.justification or marac.protocol,
        preconditions_confirmed=list(recorded.preconditions_confirmed),
        involve=False,
    )


# Ending access given for a case ------------------------------------------------------------


def _locked_referral(referral: MaracReferral) -> MaracReferral:
    return (
        MaracReferral.objects.select_for_update(of=("self",))
        .select_related("marac", "marac__agency", "person", "share")
        .defer(*person_encrypted_paths("person"))
        .get(pk=referral.pk)
    )


def _end_hearing_access(*, hearing: Hearing, by, reason: str) -> int:
    """End every current invitation to a hearing: its share stops and the agency's part in her
    case through it ends."""
    ended = 0
    for invitation in hearing.invitations.filter(ended_at__isnull=True).select_related(
        "share", "involvement", "agency"
    ):
        if invitation.share_id:  # stopping the share ends the involvement tied to it
            share_stop(share=invitation.share, by=by, reason=reason)
        elif invitation.involvement_id:
            involvement_end(involvement=invitation.involvement, by=by, reason=reason)
        invitation.ended_at = timezone.now()
        invitation.end_reason = reason[:200]
        invitation.save(update_fields=["ended_at", "end_reason"])
        ended += 1
    return ended


def _end_referral_access(referral: MaracReferral, *, by, reason: str) -> None:
    for hearing in referral.hearings.all():
        _end_hearing_access(hearing=hearing, by=by, reason=reason)
        for information in hearing.information.exclude(share=None).select_related("share"):
            share_stop(share=information.share, by=by, reason=reason)
    if referral.share_id:
        share_stop(share=referral.share, by=by, reason=reason)
    involvement_end_for_source(source=referral, by=by, reason=reason)


def require_hearing_open(hearing: Hearing) -> None:
    if not hearing.is_on_agenda or hearing.meeting.is_cancelled:
        raise ValidationError(_("This case is no longer on the agenda."))
    if hearing.referral.status not in (ReferralStatus.LISTED, ReferralStatus.HEARD):
        raise ValidationError(_("This case is closed."))
