"""What the police told her, her answer, and what follows: a share on the scheme's basis, or her
refusal respected (nothing shared, nobody visits, no reminders)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from harbour.audit.models import AccessLogEntry, Action
from harbour.followups.choices import NoticeAnswer, Status
from harbour.followups.models import Followup
from harbour.followups.services import followup_notice_record
from harbour.followups.tests.conftest import public_task_scheme
from harbour.people.models import Agreement, Share
from harbour.people.queries import PersonNotFound, person_get_for_user


def test_she_agrees_her_record_is_shared_on_the_schemes_basis(base):
    followup = base.followup(answer=NoticeAnswer.AGREES)
    assert followup.status == Status.OPEN
    assert followup.told_at == followup.incident.visited_at
    assert followup.notice_recorded_by == base.officer
    share = followup.share
    assert share.agency == base.idva_service
    assert share.basis == base.scheme.share_basis
    assert share.condition == base.scheme.share_condition
    assert share.regime == "uk_gdpr" and share.agreement is None
    # The IDVA service is now involved: its IDVA reads her through the one door.
    person = person_get_for_user(user=base.idva, person_id=followup.person.public_id)
    assert person.pk == followup.person_id
    assert AccessLogEntry.objects.filter(
        action=Action.SHARE, record_id=followup.person.public_id
    ).exists()


def test_she_declines_nothing_is_shared_and_her_refusal_is_kept(base):
    followup = base.followup(answer=NoticeAnswer.DECLINES)
    assert followup.status == Status.DECLINED
    assert followup.share is None
    assert followup.notice_answer == NoticeAnswer.DECLINES
    assert followup.told_at is not None and followup.notice_recorded_by == base.officer
    assert not Share.objects.filter(person=followup.person, agency=base.idva_service).exists()
    with pytest.raises(PersonNotFound):
        person_get_for_user(user=base.idva, person_id=followup.person.public_id)
    assert followup.person.events.filter(type="followups.declined").exists()


def test_not_told_shares_under_a_basis_that_does_not_need_her_agreement(base):
    followup = base.followup(answer=NoticeAnswer.NOT_TOLD)
    assert followup.status == Status.OPEN
    assert followup.told_at is None
    assert followup.share is not None


@pytest.fixture
def consent_scheme(base):
    from harbour.people.models import LawfulBasis, ProcessingCondition

    base.scheme.share_basis = LawfulBasis.objects.get(code="gdpr-6-1-a-consent")
    base.scheme.share_condition = ProcessingCondition.objects.get(
        code="dpa-sch1-p29-consent-criminal"
    )
    base.scheme.share_preconditions_confirmed = []
    base.scheme.full_clean()
    base.scheme.save()
    return base.scheme


def test_where_the_scheme_relies_on_her_agreement_it_is_recorded_before_sharing(
    base, consent_scheme
):
    followup = base.followup(answer=NoticeAnswer.AGREES)
    assert followup.status == Status.OPEN
    agreement = followup.agreement
    assert agreement.explicit and agreement.is_active
    assert list(agreement.agencies.all()) == [base.idva_service]
    assert followup.share.agreement == agreement


def test_where_the_scheme_relies_on_her_agreement_and_she_was_not_asked_nothing_is_shared(
    base, consent_scheme
):
    followup = base.followup(answer=NoticeAnswer.NOT_TOLD)
    assert followup.status == Status.NOT_SHARED
    assert followup.share is None
    assert not Agreement.objects.filter(person=followup.person).exists()


def test_bad_answers_change_nothing(base):
    followup = base.followup(answer=None)
    for answer, told_at, field in [
        ("maybe", timezone.now(), "answer"),
        (NoticeAnswer.AGREES, None, "told_at"),
        (NoticeAnswer.AGREES, timezone.now() + datetime.timedelta(hours=1), "told_at"),
        (
            NoticeAnswer.DECLINES,
            followup.incident.occurred_at - datetime.timedelta(hours=1),
            "told_at",
        ),
    ]:
        with pytest.raises(ValidationError) as error:
            followup_notice_record(
                followup=followup, by=base.officer, answer=answer, told_at=told_at
            )
        assert field in error.value.error_dict
    followup.refresh_from_db()
    assert followup.status == Status.AWAITING_NOTICE and followup.notice_answer == ""


def test_only_the_recording_force_records_the_notice_and_only_once(base):
    from harbour.accounts.factories import AgencyFactory, UserFactory
    from harbour.accounts.roles import AgencyKind, Role

    followup = base.followup(answer=None)
    other_force = AgencyFactory(name="Another Force", kind=AgencyKind.POLICE)
    stranger = UserFactory(role=Role.POLICE_OFFICER, agency=other_force)
    for user in (stranger, base.idva):
        with pytest.raises(PermissionDenied):
            followup_notice_record(
                followup=followup, by=user, answer=NoticeAnswer.DECLINES, told_at=timezone.now()
            )
    followup_notice_record(
        followup=followup, by=base.officer, answer=NoticeAnswer.DECLINES, told_at=timezone.now()
    )
    with pytest.raises(ValidationError):
        followup_notice_record(
            followup=followup, by=base.officer, answer=NoticeAnswer.AGREES, told_at=timezone.now()
        )
    assert Followup.objects.get(pk=followup.pk).status == Status.DECLINED


def test_a_scheme_with_a_wrong_basis_is_refused(base):
    from harbour.people.models import LawfulBasis

    with pytest.raises(ValidationError) as error:
        public_task_scheme(
            base.other_area,
            base.idva_service,
            share_basis=LawfulBasis.objects.get(code="dpa-35-2-b-law-enforcement-task"),
            share_preconditions_confirmed=[],
        )
    assert {"share_basis", "share_preconditions_confirmed"} <= set(error.value.error_dict)


def test_the_officer_records_her_answer_on_the_notice_page(base, staff_client):
    followup = base.followup(answer=None)
    incident = followup.incident
    client = staff_client(base.officer)
    url = f"/staff/followups/notice/{incident.public_id}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Knowsley IDVA Service" in page.content.decode()
    bad = client.post(url, {"answer": NoticeAnswer.DECLINES, "told_at": ""})
    assert bad.status_code == 400
    assert "There is a problem" in bad.content.decode()
    told = timezone.localtime(incident.visited_at).strftime("%d/%m/%Y %H:%M")
    done = client.post(url, {"answer": NoticeAnswer.DECLINES, "told_at": told, "note": ""})
    assert done.status_code == 302
    followup.refresh_from_db()
    assert followup.status == Status.DECLINED
    assert "nothing was shared" in client.get(url).content.decode()
