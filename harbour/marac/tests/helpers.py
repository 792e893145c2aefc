"""Helpers for the MARAC tests: sharing bases, checklists, incidents and times."""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.accounts.roles import Role
from harbour.incidents.choices import Relationship, YesNoNotKnown
from harbour.marac.services import BasisSpec
from harbour.people.models import LawfulBasis, ProcessingCondition, Regime
from harbour.risk.definitions import Answer, Level
from harbour.risk.queries import risk_tool_current


def bases() -> list[BasisSpec]:
    p6 = ProcessingCondition.objects.get(code="dpa-sch1-p6-statutory-purposes")
    sch8 = ProcessingCondition.objects.get(code="dpa-35-5-sch8-p1-statutory")
    return [
        BasisSpec(
            regime=Regime.UK_GDPR,
            basis=LawfulBasis.objects.get(code="gdpr-6-1-e-public-task"),
            condition=p6,
            preconditions_confirmed=list(p6.preconditions),
            purpose="Crime and Disorder Act 1998 s.115",
        ),
        BasisSpec(
            regime=Regime.DPA_PART_3,
            basis=LawfulBasis.objects.get(code="dpa-35-2-b-law-enforcement-task"),
            condition=sch8,
            preconditions_confirmed=list(sch8.preconditions),
            purpose="Prevention and detection of crime",
        ),
    ]


def police_answers(yes: int = 0) -> dict[str, str]:
    definition = risk_tool_current(key="police-checklist").definition
    plain = [q.id for q in definition.questions if not q.opens]
    chosen = set(plain[:yes])
    return {q.id: Answer.YES if q.id in chosen else Answer.NO for q in definition.questions}


def assess(world, *, level=Level.HIGH, judgement=None, person=None, incident=None, at=None):
    """A police checklist graded ``level`` (raised by ``judgement`` if given)."""
    from harbour.risk.services import assessment_record

    return assessment_record(
        by=world.officer,
        person=person or world.victim,
        tool_key="police-checklist",
        answers=police_answers(),
        officer_level=level,
        officer_reasons="Synthetic reasons for the grade.",
        judgement_level=judgement,
        judgement_reason="Synthetic judgement." if judgement else "",
        incident=incident,
        assessed_at=at,
    )


def incident(world, *, occurred_at, harmer=None, by=None, victim=None):
    """A police incident (or, for a non-police ``by``, a disclosure) naming the harmer."""
    from harbour.incidents.factories import incident_make
    from harbour.incidents.services import disclosure_record, incident_harmer_add

    by = by or world.officer
    victim = victim or world.victim
    harmer = harmer or world.harmer
    if by.role == Role.POLICE_OFFICER:
        return incident_make(
            by=by,
            victim=victim,
            harmers=[harmer],
            occurred_at=occurred_at,
            visited_at=occurred_at + datetime.timedelta(minutes=30),
            domestic_abuse=None,
            local_authority=world.area,
        )
    record = disclosure_record(
        by=by,
        victim=victim,
        occurred_at=occurred_at,
        local_authority=world.area,
        children_present=YesNoNotKnown.NO,
        children_in_household=YesNoNotKnown.NO,
        victim_aged_16_or_over=YesNoNotKnown.YES,
    )
    incident_harmer_add(
        incident=record,
        person=harmer,
        by=by,
        relationship=Relationship.FORMER_PARTNER,
        aged_16_or_over=YesNoNotKnown.YES,
    )
    return record


def ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def future(**delta) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(**delta)).replace(microsecond=0)


def listed_case(world, *, days_ahead: int = 7, invite: bool = True):
    """Her high-risk referral on the agenda of a meeting ``days_ahead`` days from now, with the
    agencies invited. Returns (meeting, hearing)."""
    from harbour.marac.services import agenda_build, invitations_send, meeting_schedule

    assess(world, level=Level.HIGH)
    meeting = meeting_schedule(
        marac=world.marac, by=world.coordinator, starts_at=future(days=days_ahead)
    )
    [hearing] = agenda_build(meeting=meeting, by=world.coordinator)
    if invite:
        invitations_send(meeting=meeting, by=world.coordinator)
    return meeting, hearing


def during(meeting, hours: int = 1):
    """Travel to ``hours`` after the meeting started."""
    import time_machine

    return time_machine.travel(meeting.starts_at + datetime.timedelta(hours=hours), tick=False)
