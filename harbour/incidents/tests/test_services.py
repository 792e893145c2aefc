"""Recording incidents: involvement, prompted actions, people harming her, decisions, history,
and the queries later work relies on (repeats, people harming several victims, call-outs)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.incidents.choices import (
    ActionKind,
    ActionStatus,
    IncidentKind,
    Relationship,
    Support,
    YesNoNotKnown,
)
from harbour.incidents.factories import incident_make
from harbour.incidents.models import (
    Incident,
    IncidentAction,
    IncidentHarmer,
    OffenceType,
    OutcomeCode,
    SupportForAction,
)
from harbour.incidents.queries import (
    abuse_instances_between,
    harmer_victim_count,
    harmers_of_several_victims,
    police_callouts_in_last,
    repeat_pairs,
)
from harbour.incidents.services import (
    disclosure_record,
    incident_action_complete,
    incident_domestic_abuse_confirm,
    incident_harmer_add,
    incident_outcome_record,
    incident_record,
    incident_support_record,
)
from harbour.people.factories import person_make
from harbour.people.models import Involvement, InvolvementKind
from harbour.people.queries import person_get_for_user

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 3, 21, 0, tzinfo=datetime.UTC)  # a Tuesday evening


def _record(base, **overrides):
    values = {
        "by": base.officer,
        "victim": base.victim,
        "occurred_at": NOW - datetime.timedelta(hours=2),
        "visited_at": NOW - datetime.timedelta(hours=1),
        "local_authority": base.area,
        "offences": OffenceType.objects.filter(code__in=["physical_assault", "strangulation"]),
        "supports_action": Support.UNDECIDED,
        "children_present": YesNoNotKnown.YES,
        "children_in_household": YesNoNotKnown.YES,
        "children_count": 2,
    }
    values.update(overrides)
    return incident_record(**values)


def test_reference_data_is_loaded():
    assert OffenceType.objects.filter(code="strangulation", is_active=True).exists()
    assert OffenceType.objects.filter(harmful_practice=True).count() == 3
    sixteen = OutcomeCode.objects.get(code="16")
    assert sixteen.victim_support == "does_not_support"
    assert "does not support" in sixteen.title


@time_machine.travel(NOW, tick=False)
def test_recording_involves_the_force_and_prompts_the_childrens_actions(base):
    incident = _record(base)
    assert incident.kind == IncidentKind.POLICE
    assert incident.victim_aged_16_or_over == YesNoNotKnown.YES  # from her date of birth
    involvement = Involvement.objects.get(person=base.victim, kind=InvolvementKind.INCIDENT)
    assert involvement.agency == base.officer.agency
    assert involvement.source_id == incident.public_id
    actions = {a.kind: a for a in incident.actions.all()}
    assert set(actions) == {ActionKind.CHILDRENS_SOCIAL_CARE, ActionKind.SCHOOL_NOTICE}
    visited = NOW - datetime.timedelta(hours=1)
    assert actions[ActionKind.CHILDRENS_SOCIAL_CARE].due_at == visited + datetime.timedelta(
        hours=24
    )
    # Tuesday 20:00 UTC visit: the school is told before 08:30 on Wednesday (GMT in March).
    assert actions[ActionKind.SCHOOL_NOTICE].due_at == datetime.datetime(
        2026, 3, 4, 8, 30, tzinfo=datetime.UTC
    )
    assert list(incident.support.values_list("value", flat=True)) == [Support.UNDECIDED]


@time_machine.travel(NOW, tick=False)
def test_no_children_no_prompts(base):
    incident = _record(
        base, children_present=YesNoNotKnown.NO, children_in_household=YesNoNotKnown.NOT_KNOWN
    )
    assert not incident.actions.exists()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"visited_at": NOW - datetime.timedelta(hours=3)}, "visited_at"),  # before it happened
        ({"occurred_at": NOW + datetime.timedelta(hours=1)}, "occurred_at"),  # in the future
        ({"offences": OffenceType.objects.none()}, "offences"),
        ({"supports_action": "maybe"}, "supports_action"),
    ],
)
def test_bad_input_is_refused_and_saves_nothing(base, overrides, field):
    before = (Incident.objects.count(), Involvement.objects.count(), IncidentAction.objects.count())
    with pytest.raises(ValidationError) as error:
        _record(base, **overrides)
    assert field in error.value.message_dict
    after = (Incident.objects.count(), Involvement.objects.count(), IncidentAction.objects.count())
    assert after == before


def test_only_police_officers_record_police_incidents(base):
    with pytest.raises(PermissionDenied):
        _record(base, by=base.idva)


def test_an_officer_cannot_record_for_someone_she_may_not_read(base):
    stranger = person_make(by=UserFactory(role=Role.IDVA))
    with pytest.raises(PermissionDenied):
        _record(base, by=base.other_officer, victim=stranger)


@time_machine.travel(NOW, tick=False)
def test_people_harming_her_are_person_records_involving_the_force(base):
    incident = _record(base)
    father = person_make(by=base.officer, given_name="Tariq", family_name="Ellery")
    incident_harmer_add(
        incident=incident, person=base.harmer, by=base.officer, relationship=Relationship.PARTNER
    )
    incident_harmer_add(
        incident=incident,
        person=father,
        by=base.officer,
        relationship=Relationship.PARENT,
        aged_16_or_over=YesNoNotKnown.YES,
    )
    assert incident.harmers.count() == 2
    harmer = IncidentHarmer.objects.get(incident=incident, person=base.harmer)
    assert harmer.aged_16_or_over == YesNoNotKnown.YES  # from his date of birth
    assert Involvement.objects.filter(
        person=base.harmer, kind=InvolvementKind.INCIDENT, source_id=incident.public_id
    ).exists()
    with pytest.raises(ValidationError, match="already named"):
        incident_harmer_add(
            incident=incident, person=father, by=base.officer, relationship=Relationship.PARENT
        )
    with pytest.raises(ValidationError, match="victim herself"):
        incident_harmer_add(
            incident=incident,
            person=base.victim,
            by=base.officer,
            relationship=Relationship.PARTNER,
        )
    with pytest.raises(ValidationError) as error:
        incident_harmer_add(
            incident=incident,
            person=person_make(by=base.officer),
            by=base.officer,
            relationship="neighbour",
        )
    assert "relationship" in error.value.message_dict


@time_machine.travel(NOW, tick=False)
def test_only_the_recording_agency_changes_an_incident(base):
    incident = _record(base)
    with pytest.raises(PermissionDenied):
        incident_harmer_add(
            incident=incident, person=base.harmer, by=base.idva, relationship=Relationship.PARTNER
        )
    with pytest.raises(PermissionDenied):
        incident_support_record(incident=incident, by=base.idva, value=Support.NO)


@time_machine.travel(NOW, tick=False)
def test_domestic_abuse_decision_against_the_act_needs_a_reason(base):
    incident = _record(base)
    with pytest.raises(ValidationError, match="person harming her first"):
        incident_domestic_abuse_confirm(incident=incident, by=base.officer, domestic_abuse=True)
    incident_harmer_add(
        incident=incident, person=base.harmer, by=base.officer, relationship=Relationship.STRANGER
    )
    with pytest.raises(ValidationError) as error:
        incident_domestic_abuse_confirm(incident=incident, by=base.officer, domestic_abuse=True)
    assert "note" in error.value.message_dict
    incident.refresh_from_db()
    assert incident.domestic_abuse is None
    test = incident_domestic_abuse_confirm(incident=incident, by=base.officer, domestic_abuse=False)
    assert test.result == YesNoNotKnown.NO
    incident.refresh_from_db()
    assert incident.domestic_abuse is False
    assert incident.domestic_abuse_test == YesNoNotKnown.NO
    # Not domestic abuse: the school notice (Operation Encompass) is closed as not needed;
    # the children's social care referral stays for the officer to decide.
    statuses = dict(incident.actions.values_list("kind", "status"))
    assert statuses[ActionKind.SCHOOL_NOTICE] == ActionStatus.NOT_NEEDED
    assert statuses[ActionKind.CHILDRENS_SOCIAL_CARE] == ActionStatus.OPEN


@time_machine.travel(NOW, tick=False)
def test_support_for_action_keeps_its_history_and_the_outcome_must_agree(base):
    incident = _record(base, supports_action=Support.YES)
    sixteen = OutcomeCode.objects.get(code="16")
    with pytest.raises(ValidationError, match="Record her change first"):
        incident_outcome_record(incident=incident, by=base.officer, outcome=sixteen)
    incident.refresh_from_db()
    assert incident.outcome is None
    with pytest.raises(ValidationError, match="already her answer"):
        incident_support_record(incident=incident, by=base.officer, value=Support.YES)
    incident_support_record(
        incident=incident, by=base.officer, value=Support.NO, note="Withdrew after a week"
    )
    incident_outcome_record(incident=incident, by=base.officer, outcome=sixteen)
    incident.refresh_from_db()
    assert incident.outcome.code == "16"
    assert incident.supports_action == Support.NO
    history = list(
        SupportForAction.objects.filter(incident=incident).values_list("value", flat=True)
    )
    assert history == [Support.YES, Support.NO]
    assert incident.history.count() >= 3  # created, support changed, outcome


@time_machine.travel(NOW, tick=False)
def test_actions_are_completed_with_who_and_when(base):
    incident = _record(base)
    school = incident.actions.get(kind=ActionKind.SCHOOL_NOTICE)
    with pytest.raises(ValidationError) as error:
        incident_action_complete(action=school, by=base.officer, status=ActionStatus.NOT_NEEDED)
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        incident_action_complete(
            action=school, by=base.officer, completed_at=NOW + datetime.timedelta(hours=1)
        )
    assert "completed_at" in error.value.message_dict
    done = incident_action_complete(
        action=school, by=base.officer, completed_at=NOW - datetime.timedelta(minutes=5)
    )
    assert done.status == ActionStatus.DONE and done.completed_by == base.officer
    assert not done.overdue
    with pytest.raises(ValidationError, match="already been completed"):
        incident_action_complete(action=done, by=base.officer)


def test_a_disclosure_has_no_police_fields(base):
    victim = person_get_for_user(user=base.idva, person_id=base.victim.public_id)
    disclosure = disclosure_record(
        by=base.idva,
        victim=victim,
        occurred_at=timezone.now() - datetime.timedelta(days=1),
        local_authority=base.area,
        offences=OffenceType.objects.filter(code="coercive_control"),
    )
    assert disclosure.kind == IncidentKind.DISCLOSURE
    assert disclosure.visited_at is None and disclosure.supports_action == ""
    with pytest.raises(ValidationError):
        incident_support_record(incident=disclosure, by=base.idva, value=Support.NO)
    with pytest.raises(ValidationError):
        incident_outcome_record(
            incident=disclosure, by=base.idva, outcome=OutcomeCode.objects.get(code="1")
        )
    with pytest.raises(PermissionDenied):
        disclosure_record(
            by=base.officer,
            victim=base.victim,
            occurred_at=timezone.now(),
            local_authority=base.area,
        )
    # The database refuses police-only fields on a disclosure, whatever the code path.
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.filter(pk=disclosure.pk).update(visited_at=timezone.now())


def test_repeats_between_the_same_people_by_any_agency(base):
    now = timezone.now()
    first = incident_make(
        by=base.officer,
        victim=base.victim,
        harmers=[base.harmer],
        occurred_at=now - datetime.timedelta(days=200),
    )
    second = incident_make(
        by=base.officer,
        victim=base.victim,
        harmers=[base.harmer],
        occurred_at=now - datetime.timedelta(days=20),
    )
    # The IDVA records abuse she disclosed: it counts, though it is not a police incident.
    victim = person_get_for_user(user=base.idva, person_id=base.victim.public_id)
    disclosure = disclosure_record(
        by=base.idva,
        victim=victim,
        occurred_at=now - datetime.timedelta(days=2),
        local_authority=base.area,
    )
    harmer_for_idva = person_make(by=base.idva)  # someone else; and the same harmer, linked:
    from harbour.people.services import involvement_add

    involvement_add(
        person=base.harmer, agency=base.idva.agency, kind=InvolvementKind.SHARE, by=base.officer
    )
    incident_harmer_add(
        incident=disclosure, person=base.harmer, by=base.idva, relationship=Relationship.PARTNER
    )
    incident_harmer_add(
        incident=disclosure,
        person=harmer_for_idva,
        by=base.idva,
        relationship=Relationship.IN_LAW,
        aged_16_or_over=YesNoNotKnown.YES,
    )
    instances = list(abuse_instances_between(base.victim, base.harmer))
    assert instances == [first, second, disclosure]
    since = list(
        abuse_instances_between(base.victim, base.harmer, now - datetime.timedelta(days=30))
    )
    assert since == [second, disclosure]
    assert list(abuse_instances_between(base.victim, harmer_for_idva)) == [disclosure]
    pairs = {(v, h): n for v, h, n in repeat_pairs()}
    assert pairs == {(base.victim.pk, base.harmer.pk): 3}


def test_a_person_harming_several_victims_can_be_found(base):
    other_victim = person_make(by=base.officer)
    incident_make(by=base.officer, victim=base.victim, harmers=[base.harmer])
    incident_make(by=base.officer, victim=other_victim, harmers=[base.harmer])
    incident_make(by=base.officer, victim=other_victim, harmers=[base.harmer])
    assert harmer_victim_count(base.harmer) == 2
    assert harmer_victim_count(base.harmer, excluding=base.victim) == 1
    assert harmers_of_several_victims() == [(base.harmer.pk, 2)]


@pytest.mark.parametrize(("recent", "expected"), [(2, 2), (3, 3)])
def test_police_callouts_in_the_last_12_months(base, recent, expected):
    now = timezone.now()
    for days in range(recent):
        incident_make(
            by=base.officer,
            victim=base.victim,
            harmers=[base.harmer],
            occurred_at=now - datetime.timedelta(days=30 + days * 60),
        )
    # Older than 12 months, not domestic abuse, or a disclosure: not counted.
    incident_make(
        by=base.officer,
        victim=base.victim,
        harmers=[base.harmer],
        occurred_at=now - datetime.timedelta(days=380),
    )
    incident_make(
        by=base.officer,
        victim=base.victim,
        harmers=[person_make(by=base.officer)],
        relationship=Relationship.STRANGER,
        domestic_abuse=False,
    )
    victim = person_get_for_user(user=base.idva, person_id=base.victim.public_id)
    disclosure_record(
        by=base.idva,
        victim=victim,
        occurred_at=now - datetime.timedelta(days=3),
        local_authority=base.area,
    )
    assert police_callouts_in_last(base.victim, months=12) == expected
    assert police_callouts_in_last(base.victim, months=24) == expected + 1
