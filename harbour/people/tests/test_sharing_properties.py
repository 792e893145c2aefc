"""The one sharing check (``harbour.people.sharing``): properties over every footing.

Bases and conditions are built in memory from each regime, cover, agreement and in-use flag, so
the properties hold for any a region might record in the admin, not only the shipped ones.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harbour.people.models import (
    SPECIAL_CATEGORY_DATA,
    ConditionCovers,
    DataCategory,
    LawfulBasis,
    ProcessingCondition,
    Regime,
)
from harbour.people.sharing import FIELDS, footing_errors, needs_condition, relies_on_agreement

PRECONDITIONS = ["It is necessary to protect her.", "Her consent is not sought."]

regimes = st.sampled_from(Regime.values)
categories = st.lists(st.sampled_from(DataCategory.values), max_size=len(DataCategory.values))
bases = st.builds(
    lambda regime, active, agreement: LawfulBasis(
        code="b", regime=regime, title="B", reference="B", is_active=active,
        relies_on_agreement=agreement,
    ),
    regimes, st.booleans(), st.booleans(),
)  # fmt: skip
conditions = st.none() | st.builds(
    lambda regime, covers, active, pre, justify, agreement: ProcessingCondition(
        code="c", regime=regime, covers=covers, title="C", reference="C", is_active=active,
        preconditions=pre, requires_justification=justify, relies_on_agreement=agreement,
    ),
    regimes, st.sampled_from(ConditionCovers.values), st.booleans(),
    st.sampled_from([[], PRECONDITIONS]), st.booleans(), st.booleans(),
)  # fmt: skip
confirmed = st.sampled_from([[], PRECONDITIONS[:1], PRECONDITIONS])
justifications = st.sampled_from(["", "   ", "She cannot be asked safely."])


@given(regimes, bases, conditions, categories, confirmed, justifications)
def test_a_footing_the_check_allows_is_lawful(regime, basis, condition, shared, pre, why):
    errors = footing_errors(
        regime=regime, basis=basis, condition=condition, categories=shared,
        preconditions_confirmed=pre, justification=why,
    )  # fmt: skip
    assert set(errors) <= set(FIELDS)
    if errors:
        return
    assert shared and basis.is_active and basis.regime == regime
    special = bool(SPECIAL_CATEGORY_DATA.intersection(shared))
    criminal = DataCategory.CRIMINAL_OFFENCE in shared
    if special or (criminal and regime == Regime.UK_GDPR):
        assert condition is not None
    if condition is not None:
        assert condition.is_active and condition.regime == regime
        assert condition.applies_to(special_category=special, criminal_offence=criminal)
        assert set(condition.preconditions) <= set(pre)
        assert why.strip() or not condition.requires_justification


@given(regimes, bases, conditions, categories, confirmed, justifications)
def test_what_is_not_in_use_or_of_another_regime_is_always_refused(
    regime, basis, condition, shared, pre, why
):
    errors = footing_errors(
        regime=regime, basis=basis, condition=condition, categories=shared,
        preconditions_confirmed=pre, justification=why,
    )  # fmt: skip
    assert ("basis" in errors) == (not basis.is_active or basis.regime != regime)
    if condition is not None and (not condition.is_active or condition.regime != regime):
        assert "condition" in errors


@given(regimes, bases, conditions, categories, categories)
def test_sharing_more_never_needs_less(regime, basis, condition, shared, more):
    """Adding categories never lifts the need for a condition, nor makes one cover more."""
    wider = [*shared, *more]
    assert needs_condition(regime=regime, categories=wider) >= needs_condition(
        regime=regime, categories=shared
    )
    narrow = footing_errors(regime=regime, basis=basis, condition=condition, categories=shared)
    wide = footing_errors(regime=regime, basis=basis, condition=condition, categories=wider)
    if shared and "condition" in narrow:
        assert "condition" in wide


@given(bases, conditions)
def test_agreement_is_needed_when_the_basis_or_the_condition_relies_on_it(basis, condition):
    expected = basis.relies_on_agreement or bool(condition and condition.relies_on_agreement)
    assert relies_on_agreement(basis=basis, condition=condition) == expected


def test_under_part_3_offences_alone_need_no_condition():
    assert not needs_condition(regime=Regime.DPA_PART_3, categories=["criminal_offence"])
    assert needs_condition(regime=Regime.UK_GDPR, categories=["criminal_offence"])
    assert needs_condition(regime=Regime.DPA_PART_3, categories=["health"])


# share_record uses the check: it refuses exactly the footings the check refuses -------------


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(regime=regimes, basis_code=st.sampled_from(["public-task", "part3"]), data=st.data())
def test_share_record_refuses_exactly_what_the_check_refuses(world, regime, basis_code, data):
    from harbour.people.services import share_record

    basis = LawfulBasis.objects.get(
        code="gdpr-6-1-e-public-task" if basis_code == "public-task"
        else "dpa-35-2-b-law-enforcement-task"
    )  # fmt: skip
    condition = data.draw(
        st.none() | st.sampled_from(list(ProcessingCondition.objects.filter(is_active=True)))
    )
    shared = data.draw(categories)
    pre = list(condition.preconditions) if condition and data.draw(st.booleans()) else []
    why = data.draw(justifications)
    expected = footing_errors(
        regime=regime, basis=basis, condition=condition, categories=shared,
        preconditions_confirmed=pre, justification=why,
    )  # fmt: skip
    with transaction.atomic():
        try:
            share_record(
                person=world.person, by=world.involved_user, agency=world.uninvolved_user.agency,
                purpose="Support", categories=shared, regime=regime, basis=basis,
                condition=condition, preconditions_confirmed=pre, justification=why,
            )  # fmt: skip
        except ValidationError as error:
            refused = {k for k in error.error_dict if k in FIELDS}
        else:
            refused = set()
        transaction.set_rollback(True)
    assert refused == set(expected)
