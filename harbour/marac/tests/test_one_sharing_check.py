"""A MARAC's recorded basis is checked by the one sharing check (``harbour.people.sharing``),
against everything a hearing shares: bases and conditions no longer in use are refused, and so
is a condition that does not cover special-category or criminal-offence information."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harbour.marac.models import MARAC_SHARED_CATEGORIES, Marac, MaracSharingBasis
from harbour.people.models import LawfulBasis, ProcessingCondition, Regime
from harbour.people.sharing import footing_errors

pytestmark = pytest.mark.django_db

NAMES = {
    "basis": "basis",
    "condition": "condition",
    "preconditions": "preconditions_confirmed",
    "justification": "justification",
}


def _errors(basis: MaracSharingBasis) -> set[str]:
    try:
        basis.clean()
    except ValidationError as error:
        return set(error.error_dict)
    return set()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_marac_basis_is_refused_exactly_when_the_sharing_check_refuses(db, data):
    lawful = data.draw(st.sampled_from(list(LawfulBasis.objects.all())))
    condition = data.draw(st.none() | st.sampled_from(list(ProcessingCondition.objects.all())))
    lawful.is_active = data.draw(st.booleans())
    if condition is not None:
        condition.is_active = data.draw(st.booleans())
    recorded = MaracSharingBasis(
        marac=Marac(name="Test MARAC"),
        regime=data.draw(st.sampled_from(Regime.values)),
        basis=lawful,
        condition=condition,
        purpose="Crime and Disorder Act 1998 s.115",
        preconditions_confirmed=(
            list(condition.preconditions) if condition and data.draw(st.booleans()) else []
        ),
        justification=data.draw(st.sampled_from(["", "Protocol section 4"])),
    )
    expected = footing_errors(
        regime=recorded.regime,
        basis=lawful,
        condition=condition,
        categories=MARAC_SHARED_CATEGORIES,
        preconditions_confirmed=recorded.preconditions_confirmed,
        justification=recorded.justification,
    )
    assert _errors(recorded) == {NAMES[k] for k in expected}


def test_the_checks_the_marac_copy_used_to_skip(db):
    public_task = LawfulBasis.objects.get(code="gdpr-6-1-e-public-task")
    p6 = ProcessingCondition.objects.get(code="dpa-sch1-p6-statutory-purposes")
    good = MaracSharingBasis(
        marac=Marac(name="Test MARAC"),
        regime=Regime.UK_GDPR,
        basis=public_task,
        condition=p6,
        purpose="Crime and Disorder Act 1998 s.115",
        preconditions_confirmed=list(p6.preconditions),
    )
    assert _errors(good) == set()
    public_task.is_active = False
    assert _errors(good) == {"basis"}
    public_task.is_active = True
    p6.is_active = False
    assert _errors(good) == {"condition"}
    # A condition for criminal-offence data alone does not cover what a hearing shares.
    good.condition = ProcessingCondition.objects.filter(covers="criminal_offence").first()
    good.preconditions_confirmed = list(good.condition.preconditions)
    assert "condition" in _errors(good)
    # Nor does no condition at all.
    good.condition = None
    assert _errors(good) == {"condition"}
