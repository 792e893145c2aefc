"""People's write services check access to her record, like a read: a user who may not read
her is refused, the refusal is logged, and nothing changes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from harbour.audit.models import AccessLogEntry
from harbour.audit.services import Action
from harbour.core import doors
from harbour.people import services
from harbour.people.models import (
    Agreement,
    Involvement,
    LawfulBasis,
    Person,
    PersonEvent,
    Regime,
    Share,
)

pytestmark = pytest.mark.django_db


def _state(person) -> dict:
    with doors.opened("test: what was stored"):
        stored = Person.objects.get(pk=person.pk)
        return {
            "phone": stored.phone,
            "history": stored.history.count(),
            "agreements": Agreement.objects.filter(person=person).count(),
            "withdrawn": Agreement.objects.filter(
                person=person, withdrawn_at__isnull=False
            ).count(),
            "shares": Share.objects.filter(person=person).count(),
            "involvements": Involvement.objects.filter(person=person).count(),
            "events": PersonEvent.objects.filter(person=person).count(),
        }


def _refusals(user) -> int:
    return AccessLogEntry.objects.filter(user=user, action=Action.DENIED).count()


def _write(name: str, world, user):
    person = world.person
    if name == "person_update":
        return services.person_update(
            person=person, by=user, reason="Her new number", phone="07700 900999"
        )
    if name == "agreement_record":
        return services.agreement_record(
            person=person,
            by=user,
            agencies=[user.agency],
            purpose="Support",
            given_at=timezone.now() - datetime.timedelta(minutes=5),
            given_how="in_person",
        )
    if name == "agreement_withdraw":
        return services.agreement_withdraw(agreement=world.agreement, by=user, how="phone")
    # share_record creates an involvement: it would give her record to the user's agency.
    return services.share_record(
        person=person,
        by=user,
        agency=world.shared_user.agency,
        purpose="Outreach support",
        categories=["identity"],
        regime=Regime.UK_GDPR,
        basis=LawfulBasis.objects.get(code="gdpr-6-1-e-public-task"),
    )


WRITES = ["person_update", "agreement_record", "agreement_withdraw", "share_record"]


@pytest.mark.parametrize("name", WRITES)
def test_a_user_without_access_is_refused_logged_and_nothing_changes(world, name):
    before = _state(world.person)
    refusals = _refusals(world.uninvolved_user)
    with pytest.raises(PermissionDenied):
        _write(name, world, world.uninvolved_user)
    assert _state(world.person) == before
    assert _refusals(world.uninvolved_user) == refusals + 1
    assert not Involvement.objects.filter(
        person=world.person, agency=world.uninvolved_user.agency
    ).exists()


@pytest.mark.parametrize("name", WRITES)
def test_a_user_whose_emergency_access_ended_is_refused(world, name, user_factory):
    """Access is checked when she writes, not when she first read the record."""
    from harbour.people.models import EmergencyAccess

    services.emergency_access_grant(
        user=world.uninvolved_user,
        person_id=world.person.public_id,
        reason="Urgent safeguarding call from the hospital",
    )
    EmergencyAccess.objects.filter(user=world.uninvolved_user).update(ended_at=timezone.now())
    before = _state(world.person)
    with pytest.raises(PermissionDenied):
        _write(name, world, world.uninvolved_user)
    assert _state(world.person) == before


@pytest.mark.parametrize("name", WRITES)
def test_a_user_with_access_writes(world, name):
    before = _state(world.person)
    _write(name, world, world.involved_user)
    assert _state(world.person) != before
