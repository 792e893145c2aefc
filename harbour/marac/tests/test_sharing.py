"""Sharing and need-to-know: invited agencies hear a case on the MARAC's recorded basis (a share
and a ``marac_hearing`` involvement each), what they record for the meeting is a share of its
own, logged; an uninvolved agency sees nothing of the case (404, logged), an invited agency
sees only its cases, and access ends when the case closes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from harbour.audit.models import AccessLogEntry, Action
from harbour.marac import queries
from harbour.marac.choices import ClosureOutcome, HearingOutcome
from harbour.marac.models import Information, Invitation
from harbour.marac.services import (
    hearing_outcome_record,
    information_record,
    invitation_add,
    invitations_send,
    referral_close,
)
from harbour.marac.tests.helpers import during, listed_case
from harbour.notifications.catalogue import Kind
from harbour.notifications.models import Notification
from harbour.people.models import DataCategory, Involvement, InvolvementKind, Regime
from harbour.people.queries import person_access_for_user
from harbour.people.services import person_restrict

pytestmark = pytest.mark.django_db


def test_invitations_share_her_record_on_the_marac_s_basis_and_involve_each_agency(world):
    assert not person_access_for_user(user=world.hub_worker, person=world.victim)
    meeting, hearing = listed_case(world)
    invitations = {i.agency: i for i in Invitation.objects.filter(hearing=hearing)}
    # The area's police, IDVA service and hub, and the specialist service involved with her;
    # not the IDVA service of another area, nor the coordinating council itself.
    assert set(invitations) == {
        world.police,
        world.idva_service,
        world.hub,
        world.specialist_service,
    }
    share = invitations[world.hub].share
    assert (share.regime, share.basis.code, share.condition.code) == (
        Regime.UK_GDPR,
        "gdpr-6-1-e-public-task",
        "dpa-sch1-p6-statutory-purposes",
    )
    assert share.preconditions_confirmed == share.condition.preconditions
    assert set(share.categories) == set(DataCategory.values)
    assert share.shared_by == world.coordinator
    assert "Liverpool MARAC meeting on" in share.purpose
    involvement = invitations[world.hub].involvement
    assert involvement.kind == InvolvementKind.MARAC_HEARING
    assert (involvement.source_type, involvement.source_id) == ("marac.hearing", hearing.public_id)
    access = person_access_for_user(user=world.hub_worker, person=world.victim)
    assert access and InvolvementKind.MARAC_HEARING in {i.kind for i in access.involvements}
    assert (
        AccessLogEntry.objects.filter(
            action=Action.SHARE, record_type="marac.hearing", record_id=hearing.public_id
        ).count()
        == 4
    )
    assert Notification.objects.filter(recipient=world.hub_worker, kind=Kind.MEETING).exists()
    assert invitations_send(meeting=meeting, by=world.coordinator) == 0  # nothing twice


def test_what_an_agency_knows_is_shared_with_the_marac_under_its_own_regime(world):
    _meeting, hearing = listed_case(world)
    police = information_record(
        hearing=hearing,
        by=world.officer,
        text="Two call-outs; bail conditions.",
        categories=[DataCategory.CRIMINAL_OFFENCE, DataCategory.RISK],
    )
    idva = information_record(hearing=hearing, by=world.idva, text="Engaging with support.")
    own = information_record(hearing=hearing, by=world.coordinator, text="Housing known.")
    assert police.share.regime == Regime.DPA_PART_3
    assert police.share.basis.code == "dpa-35-2-b-law-enforcement-task"
    assert police.share.agency == world.council
    assert police.share.categories == [DataCategory.CRIMINAL_OFFENCE, DataCategory.RISK]
    assert idva.share.regime == Regime.UK_GDPR
    assert own.share is None  # the coordinating agency's own knowledge leaves no agency
    entry = AccessLogEntry.objects.get(
        action=Action.CREATE, record_type="marac.information", record_id=police.public_id
    )
    assert entry.detail["share"] == police.share.public_id
    assert "bail" not in str(entry.detail)  # what was said never reaches the log


def test_information_needs_text_and_known_categories(world):
    _meeting, hearing = listed_case(world)
    with pytest.raises(ValidationError) as error:
        information_record(hearing=hearing, by=world.idva, text=" ", categories=["secrets"])
    assert set(error.value.message_dict) == {"text", "categories"}
    assert not Information.objects.exists()


def test_an_uninvolved_agency_sees_nothing_of_the_case_and_the_attempt_is_logged(world):
    meeting, hearing = listed_case(world)
    information_record(hearing=hearing, by=world.idva, text="Engaging with support.")
    for getter, record_type, record_id in (
        (queries.hearing_get_for_user, "marac.hearing", {"hearing_id": hearing.public_id}),
        (queries.meeting_get_for_user, "marac.meeting", {"meeting_id": meeting.public_id}),
        (
            queries.referral_get_for_user,
            "marac.maracreferral",
            {"referral_id": hearing.referral.public_id},
        ),
    ):
        with pytest.raises(queries.MaracNotFound):
            getter(user=world.outsider, **record_id)
        assert AccessLogEntry.objects.filter(
            user=world.outsider, action=Action.DENIED, record_type=record_type
        ).exists()
    with pytest.raises(PermissionDenied):
        information_record(hearing=hearing, by=world.outsider, text="Curious.")
    assert queries.meetings_for_user(user=world.outsider, upcoming=True) == []
    # Guessing an identifier is refused in the same way.
    with pytest.raises(queries.MaracNotFound):
        queries.hearing_get_for_user(user=world.outsider, hearing_id="a" * 16)


def test_another_marac_s_coordinator_sees_nothing_of_the_case(world):
    meeting, hearing = listed_case(world)
    with pytest.raises(queries.MaracNotFound):
        queries.hearing_get_for_user(user=world.other_coordinator, hearing_id=hearing.public_id)
    with pytest.raises(queries.MaracNotFound):
        queries.meeting_get_for_user(user=world.other_coordinator, meeting_id=meeting.public_id)


def test_an_invited_agency_reads_the_case_and_what_the_others_shared(world):
    _meeting, hearing = listed_case(world)
    information_record(hearing=hearing, by=world.officer, text="Bail conditions.")
    view = queries.hearing_get_for_user(user=world.hub_worker, hearing_id=hearing.public_id)
    assert view.person.pk == world.victim.pk
    assert [i.text for i in view.information] == ["Bail conditions."]
    entry = AccessLogEntry.objects.get(
        user=world.hub_worker, action=Action.VIEW, record_type="marac.hearing"
    )
    assert entry.detail["person"] == world.victim.public_id
    assert AccessLogEntry.objects.filter(
        user=world.hub_worker, action=Action.VIEW, record_type="people.person"
    ).exists()


def test_an_invited_agency_sees_only_its_own_cases_on_the_meeting(world):
    from harbour.marac.models import MaracReferral
    from harbour.marac.services import hearing_add
    from harbour.marac.tests.helpers import assess
    from harbour.people.factories import person_make

    meeting, hearing = listed_case(world)
    other = person_make(by=world.officer, local_authority=world.area)
    assess(world, person=other)
    hearing_add(
        meeting=meeting, referral=MaracReferral.objects.get(person=other), by=world.coordinator
    )
    invitations_send(meeting=meeting, by=world.coordinator)
    coordinator_view = queries.meeting_get_for_user(
        user=world.coordinator, meeting_id=meeting.public_id
    )
    assert len(coordinator_view.rows) == 2
    # The specialist service is involved with the first woman only.
    specialist_view = queries.meeting_get_for_user(
        user=world.specialist, meeting_id=meeting.public_id
    )
    assert [row.hearing.pk for row in specialist_view.rows] == [hearing.pk]
    assert specialist_view.rows[0].name == "Nadia Ellery"


def test_closing_the_case_ends_every_agency_s_access_through_it(world):
    meeting, hearing = listed_case(world)
    police_info = information_record(hearing=hearing, by=world.officer, text="Bail conditions.")
    with during(meeting):
        hearing_outcome_record(
            hearing=hearing, by=world.coordinator, outcome=HearingOutcome.NO_ACTIONS
        )
    referral_close(
        referral=hearing.referral, by=world.coordinator, outcome=ClosureOutcome.NO_ACTIONS
    )
    assert not Invitation.objects.filter(hearing=hearing, ended_at__isnull=True).exists()
    assert (
        not Involvement.objects.active()
        .filter(source_type__in=["marac.hearing", "marac.maracreferral"])
        .exists()
    )
    for invitation in Invitation.objects.filter(hearing=hearing):
        assert invitation.share.stopped_at is not None
    police_info.share.refresh_from_db()
    assert police_info.share.stopped_at is not None
    assert not person_access_for_user(user=world.hub_worker, person=world.victim)
    assert not person_access_for_user(user=world.coordinator, person=world.victim)
    with pytest.raises(queries.MaracNotFound):
        queries.hearing_get_for_user(user=world.hub_worker, hearing_id=hearing.public_id)
    # The police keep their own part in her case (they recorded her), not through the MARAC.
    assert person_access_for_user(user=world.officer, person=world.victim)
    # The coordinators keep the MARAC's record of the referral, without her name.
    view = queries.referral_get_for_user(
        user=world.coordinator, referral_id=hearing.referral.public_id
    )
    assert view.person is None


def test_a_restricted_record_is_not_shared_by_a_coordinator_not_named_on_it(world):
    meeting, hearing = listed_case(world, invite=False)
    person_restrict(
        person=world.victim, by=world.officer, reason="Works at the council", named_users=[]
    )
    assert invitations_send(meeting=meeting, by=world.coordinator) == 0
    with pytest.raises(ValidationError, match="restricted"):
        invitation_add(hearing=hearing, agency=world.hub, by=world.coordinator)
    view = queries.meeting_get_for_user(user=world.coordinator, meeting_id=meeting.public_id)
    assert view.rows[0].readable is False and view.rows[0].name == ""
