"""A share recorded without involving the agency, and the involvement it may give later."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.roles import AgencyKind, Role
from harbour.people.models import InvolvementKind, LawfulBasis, Regime
from harbour.people.queries import person_access_for_user
from harbour.people.services import share_involvement_add, share_record, share_stop


@pytest.fixture
def scoped(world):
    agency = AgencyFactory(name="Scoped Service", kind=AgencyKind.SPECIALIST_SERVICE)
    user = UserFactory(role=Role.SPECIALIST_CASEWORKER, agency=agency, username="scoped")
    share = share_record(
        person=world.person,
        by=world.involved_user,
        agency=agency,
        purpose="Referral",
        categories=["identity", "contact"],
        regime=Regime.UK_GDPR,
        basis=LawfulBasis.objects.get(code="gdpr-6-1-e-public-task"),
        involve=False,
    )
    return share, user


def test_a_share_without_involvement_opens_nothing(world, scoped):
    share, user = scoped
    assert share.involvement is None
    assert not person_access_for_user(user=user, person=world.person)


def test_involving_later_ties_the_involvement_to_the_share(world, scoped):
    share, user = scoped
    involvement = share_involvement_add(
        share=share, by=world.involved_user, kind=InvolvementKind.REFERRAL
    )
    assert involvement.kind == "referral"
    assert share_involvement_add(share=share, by=world.involved_user) == involvement
    assert person_access_for_user(user=user, person=world.person)
    share_stop(share=share, by=world.involved_user, reason="Done")
    assert not person_access_for_user(user=user, person=world.person)
    with pytest.raises(ValidationError):
        share_involvement_add(share=share, by=world.involved_user)
