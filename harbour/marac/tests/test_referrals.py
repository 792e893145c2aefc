"""MARAC referrals: made by Harbour from an assessment meeting a criterion (and not from one that
meets none), never two waiting for her, made by a coordinator on judgement, shared with the
coordinating agency on the MARAC's recorded basis, and kept when no MARAC covers her area."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from harbour.audit.models import AccessLogEntry, Action
from harbour.marac.choices import Criterion, Origin, ReferralStatus
from harbour.marac.models import MaracReferral, MaracSharingBasis
from harbour.marac.services import marac_setup, referral_create_manual
from harbour.marac.tests.helpers import ago, assess, bases, incident
from harbour.people.models import Involvement, InvolvementKind, Regime, Share
from harbour.people.queries import person_access_for_user
from harbour.people.services import involvement_add
from harbour.risk.definitions import Level

pytestmark = pytest.mark.django_db


def referrals(world):
    return MaracReferral.objects.filter(person=world.victim)


def test_a_high_risk_assessment_refers_her_to_her_area_s_marac(world):
    assessment = assess(world, level=Level.HIGH)
    referral = referrals(world).get()
    assert referral.marac == world.marac
    assert referral.local_authority == world.area
    assert referral.criteria == [Criterion.HIGH_RISK]
    assert referral.origin == Origin.AUTOMATIC
    assert referral.status == ReferralStatus.OPEN
    assert referral.referred_by == world.officer
    assert not referral.is_repeat
    reason = referral.reasons.get()
    assert (reason.kind, reason.source_type, reason.source_id) == (
        Criterion.HIGH_RISK,
        "risk.assessment",
        assessment.public_id,
    )
    assert reason.detail["level"] == Level.HIGH


def test_professional_judgement_refers_her(world):
    assess(world, level=Level.MEDIUM, judgement=Level.HIGH)
    assert referrals(world).get().criteria == [Criterion.PROFESSIONAL_JUDGEMENT]


def test_potential_escalation_refers_her_even_at_medium_risk(world):
    for days in (200, 90, 5):
        incident(world, occurred_at=ago(days=days))
    assessment = assess(world, level=Level.MEDIUM)
    assert assessment.potential_escalation
    referral = referrals(world).get()
    assert referral.criteria == [Criterion.POTENTIAL_ESCALATION]
    assert referral.reasons.get().detail["police_callouts_12_months"] == 3


@pytest.mark.parametrize("level", [Level.STANDARD, Level.MEDIUM])
def test_standard_or_medium_risk_without_another_criterion_refers_no_one(world, level):
    assessment = assess(world, level=level)
    assert assessment.marac_criteria == []
    assert not referrals(world).exists()


def test_no_second_referral_while_one_waits_criteria_are_added_to_it(world):
    first = assess(world, level=Level.HIGH)
    for days in (200, 90, 5):
        incident(world, occurred_at=ago(days=days))
    second = assess(world, level=Level.HIGH)
    referral = referrals(world).get()
    assert referral.criteria == [Criterion.HIGH_RISK, Criterion.POTENTIAL_ESCALATION]
    assert sorted(r.source_id for r in referral.reasons.all()) == sorted(
        [first.public_id, second.public_id, second.public_id]
    )
    assess(world, level=Level.HIGH)
    assert referrals(world).count() == 1


def test_the_database_refuses_two_waiting_referrals_for_her(world):
    assess(world, level=Level.HIGH)
    existing = referrals(world).get()
    with pytest.raises(IntegrityError), transaction.atomic():
        MaracReferral.objects.create(
            person=world.victim,
            local_authority=world.area,
            marac=world.marac,
            origin=Origin.AUTOMATIC,
            referred_by_agency=world.police,
            status=ReferralStatus.LISTED,
        )
    MaracReferral.objects.filter(pk=existing.pk).update(status=ReferralStatus.HEARD)
    assess(world, level=Level.HIGH)  # heard, not waiting: a new referral
    assert referrals(world).count() == 2


def test_the_referral_is_shared_with_the_coordinating_agency_on_the_marac_s_basis(world):
    assert not person_access_for_user(user=world.coordinator, person=world.victim)
    assess(world, level=Level.HIGH)
    referral = referrals(world).get()
    share = referral.share
    assert share.agency == world.council
    assert share.shared_by_agency == world.police
    assert share.regime == Regime.DPA_PART_3  # the police share for law enforcement
    assert share.basis.code == "dpa-35-2-b-law-enforcement-task"
    assert share.condition.code == "dpa-35-5-sch8-p1-statutory"
    assert "Liverpool MARAC" in share.purpose
    access = person_access_for_user(user=world.coordinator, person=world.victim)
    assert access and {i.kind for i in access.involvements} == {InvolvementKind.REFERRAL}
    assert AccessLogEntry.objects.filter(
        action=Action.CREATE, record_type="marac.maracreferral", record_id=referral.public_id
    ).exists()


def test_an_idva_s_referral_is_shared_under_uk_gdpr(world):
    from harbour.risk.services import assessment_record
    from harbour.risk.tests.test_assessments import answers

    assessment_record(
        by=world.idva,
        person=world.victim,
        tool_key="practitioner-checklist",
        answers=answers("practitioner-checklist", yes=14),
    )
    share = referrals(world).get().share
    assert (share.regime, share.basis.code, share.condition.code) == (
        Regime.UK_GDPR,
        "gdpr-6-1-e-public-task",
        "dpa-sch1-p6-statutory-purposes",
    )


def test_without_a_usable_basis_the_referral_is_still_made_and_flagged(world):
    MaracSharingBasis.objects.filter(marac=world.marac, regime=Regime.DPA_PART_3).delete()
    assess(world, level=Level.HIGH)
    referral = referrals(world).get()
    assert referral.share is None
    assert person_access_for_user(user=world.coordinator, person=world.victim)
    assert AccessLogEntry.objects.filter(
        record_id=referral.public_id, reason="MARAC sharing basis could not be used", flagged=True
    ).exists()


def test_a_referral_for_an_area_without_a_marac_waits_for_one(world):
    from harbour.regions.models import LocalAuthority

    sefton = LocalAuthority.objects.create(gss_code="E08000014", name="Sefton")
    world.victim.local_authority = sefton
    world.victim.save(update_fields=["local_authority"])
    assess(world, level=Level.HIGH)
    referral = referrals(world).get()
    assert referral.marac is None and referral.local_authority == sefton
    assert AccessLogEntry.objects.filter(record_id=referral.public_id, flagged=True).exists()
    assert not Share.objects.filter(person=world.victim, agency=world.hub).exists()

    marac = marac_setup(
        local_authority=sefton,
        agency=world.hub,
        name="Sefton MARAC",
        protocol="Test protocol",
        bases=bases(),
    )
    referral.refresh_from_db()
    assert referral.marac == marac
    assert referral.share.agency == world.hub and referral.share.shared_by == world.officer
    assert (
        Involvement.objects.active()
        .filter(person=world.victim, agency=world.hub, kind=InvolvementKind.REFERRAL)
        .exists()
    )


def test_her_area_comes_from_the_incident_when_her_record_has_none(world):
    world.victim.local_authority = None
    world.victim.save(update_fields=["local_authority"])
    record = incident(world, occurred_at=ago(hours=5))
    assess(world, level=Level.HIGH, incident=record)
    assert referrals(world).get().local_authority == world.area


# A coordinator's referral on professional judgement ---------------------------------------


def _coordinator_reads_her(world):
    involvement_add(
        person=world.victim, agency=world.council, kind=InvolvementKind.ASSIGNMENT, by=world.officer
    )


def test_a_coordinator_refers_her_on_judgement_with_a_reason(world):
    _coordinator_reads_her(world)
    referral = referral_create_manual(
        person=world.victim,
        by=world.coordinator,
        marac=world.marac,
        reason="Disclosed threats to kill to her GP; no checklist yet.",
    )
    assert referral.origin == Origin.COORDINATOR
    assert referral.criteria == [Criterion.PROFESSIONAL_JUDGEMENT]
    assert referral.reason == "Disclosed threats to kill to her GP; no checklist yet."
    assert referral.share is None  # her own agency runs the MARAC: nothing left it
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM marac_maracreferral WHERE id = %s", [referral.pk])
        raw = cursor.fetchone()[0]
    assert "threats" not in raw  # encrypted at rest


def test_a_coordinator_s_referral_needs_a_reason_and_no_referral_waiting(world):
    _coordinator_reads_her(world)
    with pytest.raises(ValidationError) as error:
        referral_create_manual(
            person=world.victim, by=world.coordinator, marac=world.marac, reason=" "
        )
    assert "reason" in error.value.message_dict
    assess(world, level=Level.HIGH)
    with pytest.raises(ValidationError, match="already has a referral waiting"):
        referral_create_manual(
            person=world.victim, by=world.coordinator, marac=world.marac, reason="Judgement."
        )
    assert referrals(world).count() == 1


@pytest.mark.parametrize("who", ["officer", "other_coordinator"])
def test_only_the_marac_s_coordinators_refer_by_hand(world, who):
    _coordinator_reads_her(world)
    with pytest.raises(PermissionDenied):
        referral_create_manual(
            person=world.victim, by=getattr(world, who), marac=world.marac, reason="Judgement."
        )
    assert not referrals(world).exists()


def test_a_coordinator_who_may_not_read_her_cannot_refer_her(world):
    with pytest.raises(PermissionDenied):
        referral_create_manual(
            person=world.victim, by=world.coordinator, marac=world.marac, reason="Judgement."
        )
