"""A follow-up scheme's sharing basis is checked by the one sharing check
(``harbour.people.sharing``): the scheme refuses exactly what the check refuses."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harbour.followups.models import FollowupScheme
from harbour.followups.rules import scheme_errors
from harbour.people.models import DataCategory, LawfulBasis, ProcessingCondition, Regime
from harbour.people.sharing import footing_errors

pytestmark = pytest.mark.django_db

NAMES = {
    "basis": "share_basis",
    "condition": "share_condition",
    "preconditions": "share_preconditions_confirmed",
    "justification": "share_justification",
}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_scheme_refuses_exactly_what_the_sharing_check_refuses(db, data):
    basis = data.draw(st.sampled_from(list(LawfulBasis.objects.all())))
    condition = data.draw(st.none() | st.sampled_from(list(ProcessingCondition.objects.all())))
    # Whatever a region sets in the admin: a basis or condition no longer in use, too.
    basis.is_active = data.draw(st.booleans())
    if condition is not None:
        condition.is_active = data.draw(st.booleans())
    scheme = FollowupScheme(
        share_regime=data.draw(st.sampled_from(Regime.values)),
        share_basis=basis,
        share_condition=condition,
        share_categories=data.draw(
            st.lists(st.sampled_from(DataCategory.values), min_size=1, unique=True)
        ),
        share_preconditions_confirmed=(
            list(condition.preconditions) if condition and data.draw(st.booleans()) else []
        ),
        share_justification=data.draw(st.sampled_from(["", "Protocol section 4"])),
    )
    expected = footing_errors(
        regime=scheme.share_regime,
        basis=basis,
        condition=condition,
        categories=scheme.share_categories,
        preconditions_confirmed=scheme.share_preconditions_confirmed,
        justification=scheme.share_justification,
    )
    found = {k for k in scheme_errors(scheme) if k in NAMES.values()}
    assert found == {NAMES[k] for k in expected}


def test_a_scheme_on_a_basis_no_longer_in_use_is_refused(db):
    scheme = FollowupScheme(
        share_regime="uk_gdpr",
        share_basis=LawfulBasis.objects.get(code="gdpr-6-1-e-public-task"),
        share_categories=["identity"],
    )
    assert scheme_errors(scheme) == {}
    scheme.share_basis.is_active = False
    assert "share_basis" in scheme_errors(scheme)
