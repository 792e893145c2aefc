"""Links from other apps' pages to MARAC (the risk checklist result)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from harbour.marac.queries import referral_for_source
from harbour.marac.services import is_coordinator_of
from harbour.people.queries import may_work_with_people


@dataclass(frozen=True)
class MaracReferralLink:
    reference: str
    status: str
    marac: str  # the MARAC's name, or "" while none is set up for her area
    url: str | None  # None when the user may not open the referral


def marac_referral_link(*, user, source) -> MaracReferralLink | None:
    """The MARAC referral that ``source`` (an assessment) gave a reason to, as ``user`` may
    follow it: the MARAC's coordinators and the referring agency may open it."""
    referral = referral_for_source(source=source)
    if referral is None:
        return None
    may_open = is_coordinator_of(user, referral.marac) or (
        may_work_with_people(user) and user.agency_id == referral.referred_by_agency_id
    )
    return MaracReferralLink(
        reference=referral.reference,
        status=str(referral.get_status_display()),
        marac=referral.marac.name if referral.marac else "",
        url=reverse("marac:referral", args=[referral.public_id]) if may_open else None,
    )
