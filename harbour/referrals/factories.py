"""Test factories for referrals (synthetic data), for this app's and others' tests.

``referral_make`` saves a referral as it stands after the journey and the receiving agency's
decision, without the services' checks (tests of figures make hundreds)::

    referral_make(person=person, from_agency=police, to_agency=hub, need="housing",
                  sent_at=when, accepted_at=when + datetime.timedelta(days=2))
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.directory.models import TaxonomyTerm
from harbour.directory.taxonomy import NEEDS
from harbour.referrals.choices import ReceivingView, RiskLevel, Status
from harbour.referrals.models import Referral


def referral_make(
    *,
    person,
    to_agency,
    from_agency=None,
    need: str | None = None,
    sent_at: datetime.datetime | None = None,
    accepted_at: datetime.datetime | None = None,
    declined_at: datetime.datetime | None = None,
    risk_level: str = RiskLevel.STANDARD,
) -> Referral:
    """A referral of ``person`` from ``from_agency`` (None: her own) to ``to_agency``, for the
    kind of support whose needs-taxonomy code is ``need``."""
    status = Status.SENT
    if accepted_at is not None:
        status = Status.ACCEPTED
    elif declined_at is not None:
        status = Status.DECLINED
    return Referral.objects.create(
        person=person,
        from_agency=from_agency,
        to_agency=to_agency,
        need=TaxonomyTerm.objects.get(taxonomy__code=NEEDS, code=need) if need else None,
        receiving_view=ReceivingView.SERVICE,
        reason="Synthetic referral for tests.",
        risk_level=risk_level,
        sent_at=sent_at or timezone.now(),
        status=status,
        accepted_at=accepted_at,
        declined_at=declined_at,
    )
