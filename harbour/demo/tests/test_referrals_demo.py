"""The demo region has referrals in every state, a needs assessment and self-referrals."""

from __future__ import annotations

import pytest

from harbour.referrals.models import NeedsAssessment, Referral, SelfReferral


@pytest.mark.django_db
def test_demo_referrals(demo_region):
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == {"sent", "accepted", "declined", "withdrawn", "closed"}
    assert Referral.objects.filter(receiving_view="service", status="accepted").exists()
    assert Referral.objects.filter(onward_from__isnull=False).count() == 2
    assert NeedsAssessment.objects.count() == 2
    assert SelfReferral.objects.filter(status="new").count() == 2
