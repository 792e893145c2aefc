"""Sending a referral: where it may go, the sharing basis, and bad input that saves nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from harbour.accounts.factories import AgencyFactory
from harbour.accounts.roles import AgencyKind
from harbour.audit.models import AccessLogEntry, Action
from harbour.directory.queries import need_get
from harbour.notifications.catalogue import Kind
from harbour.notifications.models import Notification
from harbour.people.models import Involvement, LawfulBasis, PersonEvent, ProcessingCondition, Share
from harbour.people.queries import person_access_for_user
from harbour.people.services import agreement_record, agreement_withdraw
from harbour.referrals.models import Referral
from harbour.referrals.services import SharingBasis, referral_send

from .conftest import accepted_by_hub, public_task, send_to_hub, send_to_specialist


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def test_a_referral_to_the_hub_records_a_share_without_opening_her_record(world):
    referral = send_to_hub(world)
    assert referral.status == "sent"
    assert referral.receiving_view == "triage"
    share = referral.share
    assert share.agency == world.hub
    assert share.regime == "dpa_part_3"
    assert share.basis.code == "dpa-35-2-b-law-enforcement-task"
    assert set(share.categories) == {
        "identity",
        "contact",
        "circumstances",
        "criminal_offence",
        "risk",
    }
    assert share.involvement is None
    # Before it accepts, the hub works from the referral, not her whole record.
    assert not person_access_for_user(user=world.hub_worker, person=world.person)


def test_sending_logs_writes_her_timeline_and_tells_the_receiving_agency_without_details(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = send_to_hub(world)
    assert AccessLogEntry.objects.filter(
        action=Action.SHARE, record_type="referrals.referral", record_id=referral.public_id
    ).exists()
    assert PersonEvent.objects.filter(person=world.person, type="referrals.sent").exists()
    notes = Notification.objects.filter(recipient=world.hub_worker)
    assert [n.kind for n in notes] == [Kind.REFERRAL_RECEIVED]
    assert not Notification.objects.filter(recipient=world.specialist).exists()
    for message in mail.outbox:
        assert "Nadia" not in message.body and "Farrow" not in message.body
        assert "Kingfisher" not in message.body and "stairs" not in message.body


def test_a_specialist_service_is_found_in_the_directory_and_shares_less(world):
    hub_referral = accepted_by_hub(world)
    referral = send_to_specialist(world, onward_from=hub_referral)
    assert referral.receiving_view == "service"
    assert referral.service_name == "Forced marriage casework"
    assert referral.onward_from == hub_referral
    # No background, but the need and the risk level say she is the victim of an alleged
    # offence: criminal-offence information (decision 0040).
    assert set(referral.share.categories) == {
        "identity",
        "contact",
        "circumstances",
        "criminal_offence",
        "risk",
    }
    assert referral.share.involvement is None
    event = PersonEvent.objects.get(person=world.person, type="referrals.sent", by=world.hub_worker)
    assert event.parameters == {"agency": "Test Harmful Practices", "sender": world.hub.name}


def test_a_service_outside_the_partnership_cannot_receive_a_referral(world):
    hub_referral = accepted_by_hub(world)
    outside = world.outside_service
    with pytest.raises(ValidationError) as refused:
        send_to_specialist(
            world, onward_from=hub_referral, service=outside, to_agency=world.harmful
        )
    assert "outside the partnership" in _errors(refused)["service"][0]
    assert "cannot receive referrals in Harbour" in _errors(refused)["service"][0]
    assert not Referral.objects.filter(service=outside).exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"reason": "  "}, "reason", "Say why"),
        ({"risk_level": "very high"}, "risk_level", "risk level"),
        ({"reason": "x" * 4001}, "reason", "4000 characters"),
        ({"source": "incidents.incident:1"}, "source", "not recognised"),
        ({"source": "<script>:0123456789abcdef"}, "source", "not recognised"),
        ({"sharing": None}, "basis", "lawful basis"),
    ],
)
def test_bad_input_gets_a_clear_error_and_saves_nothing(world, change, field, words):
    shares_before = Share.objects.count()
    with pytest.raises(ValidationError) as refused:
        send_to_hub(world, **change)
    assert words in " ".join(_errors(refused)[field])
    assert not Referral.objects.exists()
    assert Share.objects.count() == shares_before
    assert not PersonEvent.objects.filter(type="referrals.sent").exists()


def test_where_a_referral_cannot_go(world):
    police_two = AgencyFactory(name="Another Force", kind=AgencyKind.POLICE)
    with pytest.raises(ValidationError) as refused:
        send_to_hub(world, to_agency=police_two)
    assert "cannot receive referrals" in _errors(refused)["to_agency"][0]
    world.hub.is_active = False
    world.hub.save()
    with pytest.raises(ValidationError):
        send_to_hub(world)
    assert not Referral.objects.exists()


def test_a_specialist_service_needs_a_service_and_a_need_it_meets_and_never_gets_the_background(
    world,
):
    hub_referral = accepted_by_hub(world)
    with pytest.raises(ValidationError) as refused:
        send_to_specialist(world, onward_from=hub_referral, service=None)
    assert "Choose the service" in _errors(refused)["service"][0]
    with pytest.raises(ValidationError) as refused:
        send_to_specialist(world, onward_from=hub_referral, need=need_get("sexual-violence"))
    assert "does not offer" in _errors(refused)["need"][0]
    with pytest.raises(ValidationError) as refused:
        send_to_specialist(world, onward_from=hub_referral, circumstances="What happened")
    assert "does not see the background" in _errors(refused)["circumstances"][0]
    # A broader need than the service's own is fine: harmful practices covers forced marriage.
    assert send_to_specialist(
        world, onward_from=hub_referral, need=need_get("harmful-practices")
    ).need.code == ("harmful-practices")


def test_a_closed_service_or_one_not_taking_professional_referrals_is_refused(world):
    hub_referral = accepted_by_hub(world)
    world.casework.status = "temporarily closed"
    world.casework.save()
    with pytest.raises(ValidationError) as refused:
        send_to_specialist(world, onward_from=hub_referral)
    assert "not taking referrals" in _errors(refused)["service"][0]


def test_one_open_referral_per_agency(world):
    first = send_to_hub(world)
    with pytest.raises(ValidationError) as refused:
        send_to_hub(world)
    assert first.reference in _errors(refused)["to_agency"][0]
    assert Referral.objects.count() == 1


def test_only_someone_who_may_read_her_record_may_refer_her(world):
    with pytest.raises(PermissionDenied):
        send_to_hub(world, by=world.other_specialist, to_agency=world.hub)


# The sharing basis -------------------------------------------------------------------------------


def _consent(world):
    return LawfulBasis.objects.get(code="gdpr-6-1-a-consent")


def _on_agreement(agreement=None) -> SharingBasis:
    """Consent, with her consent to sharing offence information (Schedule 1 paragraph 29)."""
    return SharingBasis(
        regime="uk_gdpr",
        basis=LawfulBasis.objects.get(code="gdpr-6-1-a-consent"),
        condition=ProcessingCondition.objects.get(code="dpa-sch1-p29-consent-criminal"),
        agreement=agreement,
    )


def test_consent_without_her_agreement_is_refused_with_a_clear_message(world):
    hub_referral = accepted_by_hub(world)
    with pytest.raises(ValidationError) as refused:
        send_to_specialist(
            world,
            onward_from=hub_referral,
            sharing=_on_agreement(),
        )
    assert "relies on her agreement" in _errors(refused)["agreement"][0]
    assert Referral.objects.count() == 1  # the hub's own


def test_her_agreement_must_name_the_agency_and_be_current(world):
    hub_referral = accepted_by_hub(world)
    wrong = agreement_record(
        person=world.person,
        by=world.hub_worker,
        agencies=[world.other],
        purpose="Outreach",
        given_at=timezone.now() - datetime.timedelta(hours=1),
        given_how="phone",
    )
    with pytest.raises(ValidationError) as refused:
        send_to_specialist(
            world,
            onward_from=hub_referral,
            sharing=_on_agreement(wrong),
        )
    assert "must be current and name the agency" in _errors(refused)["agreement"][0]
    right = agreement_record(
        person=world.person,
        by=world.hub_worker,
        agencies=[world.harmful],
        purpose="Specialist support",
        given_at=timezone.now() - datetime.timedelta(hours=1),
        given_how="phone",
    )
    agreement_withdraw(agreement=right, by=world.hub_worker, how="phone")
    with pytest.raises(ValidationError):
        send_to_specialist(
            world,
            onward_from=hub_referral,
            sharing=_on_agreement(right),
        )
    assert Referral.objects.count() == 1


def test_on_her_recorded_agreement(world):
    hub_referral = accepted_by_hub(world)
    agreement = agreement_record(
        person=world.person,
        by=world.hub_worker,
        agencies=[world.harmful],
        purpose="Specialist support",
        given_at=timezone.now() - datetime.timedelta(hours=1),
        given_how="phone",
        explicit=True,
    )
    referral = send_to_specialist(world, onward_from=hub_referral, sharing=_on_agreement(agreement))
    assert referral.share.agreement == agreement
    assert referral.share.condition.code == "dpa-sch1-p29-consent-criminal"


def test_agreement_alone_is_not_enough_for_offence_information(world):
    # Consent (Article 6) with no condition: the service is told she is the victim of an
    # alleged offence, which needs a condition of its own (decision 0040).
    hub_referral = accepted_by_hub(world)
    agreement = agreement_record(
        person=world.person,
        by=world.hub_worker,
        agencies=[world.harmful],
        purpose="Specialist support",
        given_at=timezone.now() - datetime.timedelta(hours=1),
        given_how="phone",
    )
    with pytest.raises(ValidationError) as refused:
        send_to_specialist(
            world,
            onward_from=hub_referral,
            sharing=SharingBasis(regime="uk_gdpr", basis=_consent(world), agreement=agreement),
        )
    assert "needs a condition" in _errors(refused)["condition"][0]
    # Paragraph 29 relies on her agreement, given explicitly.
    with pytest.raises(ValidationError) as refused:
        send_to_specialist(world, onward_from=hub_referral, sharing=_on_agreement(agreement))
    assert "explicit" in _errors(refused)["agreement"][0]
    assert Referral.objects.count() == 1


def test_an_onward_referral_on_a_public_task_alone_is_refused(world):
    hub_referral = accepted_by_hub(world)
    with pytest.raises(ValidationError) as refused:
        send_to_specialist(world, onward_from=hub_referral, sharing=public_task())
    assert "needs a condition" in _errors(refused)["condition"][0]
    assert Referral.objects.count() == 1


def test_a_basis_from_the_wrong_regime_or_without_its_condition_is_refused(world):
    # The hub's triage view includes offence information: under UK GDPR it needs a condition.
    with pytest.raises(ValidationError) as refused:
        send_to_hub(world, sharing=public_task())
    assert "needs a condition" in _errors(refused)["condition"][0]
    with pytest.raises(ValidationError) as refused:
        send_to_hub(
            world,
            sharing=SharingBasis(
                regime="dpa_part_3",
                basis=LawfulBasis.objects.get(code="gdpr-6-1-e-public-task"),
            ),
        )
    assert "regime chosen" in _errors(refused)["basis"][0]
    assert not Referral.objects.exists()


def test_a_safeguarding_condition_needs_each_precondition_and_a_justification(world):
    p18 = ProcessingCondition.objects.get(code="dpa-sch1-p18-safeguarding")
    sharing = SharingBasis(regime="uk_gdpr", basis=public_task().basis, condition=p18)
    with pytest.raises(ValidationError) as refused:
        send_to_hub(world, sharing=sharing)
    errors = _errors(refused)
    assert "Confirm every precondition" in errors["preconditions_confirmed"][0]
    assert "Explain why" in errors["justification"][0]
    referral = send_to_hub(
        world,
        sharing=SharingBasis(
            regime="uk_gdpr",
            basis=public_task().basis,
            condition=p18,
            preconditions_confirmed=p18.preconditions,
            justification="She is at risk and asking her now would put her in danger.",
        ),
    )
    assert referral.share.condition == p18


def test_every_error_comes_at_once_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as refused:
        send_to_hub(world, reason="", risk_level="", sharing=public_task())
    assert {"reason", "risk_level", "condition"} <= set(_errors(refused))
    assert not Share.objects.filter(agency=world.hub).exists()
    assert not Involvement.objects.filter(agency=world.hub).exists()


def test_refer_on_only_from_a_referral_the_agency_accepted(world):
    hub_referral = send_to_hub(world)  # not yet accepted
    with pytest.raises((ValidationError, PermissionDenied)):
        referral_send(
            person=world.person,
            by=world.hub_worker,
            to_agency=world.harmful,
            service=world.casework,
            need=need_get("forced-marriage"),
            reason="x",
            risk_level="high",
            sharing=public_task(),
            onward_from=hub_referral,
        )
