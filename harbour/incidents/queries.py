"""Reads of incidents. The only door to an incident is :func:`incident_get_for_user`.

An incident is about her, so it follows her record's need-to-know: a user may open it when she
may read the victim (``person_get_for_user``: her agency is involved, she is named on a
restricted record, or she holds an emergency override). The read of the victim and of the
incident are both logged; a refusal looks exactly like an incident that does not exist (404) and
is logged as DENIED, and repeated refusals are flagged for review.

People harming her are shown only to users who may read their records: others see the
relationship, not who.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from harbour.audit.services import Action, access_log
from harbour.core.ids import looks_like_public_id
from harbour.incidents import checklists, rules
from harbour.incidents.choices import ActionStatus, IncidentKind
from harbour.incidents.models import Incident, IncidentAction, IncidentHarmer
from harbour.people.activity import refusal_record
from harbour.people.queries import (
    PersonNotFound,
    PersonSummary,
    may_work_with_people,
    person_access_for_user,
    person_get_for_user,
    person_summaries_for_user,
)

INCIDENT = "incidents.incident"


class IncidentNotFound(Http404):
    """No incident the user may read has this identifier (it may not exist at all)."""


def _incidents() -> QuerySet[Incident]:
    return Incident.objects.select_related(
        "recorded_by_agency", "recorded_by", "local_authority", "outcome"
    )


def _refuse(*, user, record_id: str, why: str, part: str) -> None:
    refusal_record(
        user=user,
        record_type=INCIDENT,
        record_id=record_id,
        why=why,
        what="refused_incident_reads",
        detail={"part": part},
    )


def incident_get_for_user(
    *, user, incident_id: str, reason: str | None = None, part: str = "incident"
) -> Incident:
    """The incident with public id ``incident_id``, if ``user`` may read its victim.

    The victim is read through ``person_get_for_user`` (logged) and set on the incident, so
    ``incident.victim`` is the record as read. Raises :class:`IncidentNotFound` (a 404),
    after logging the refusal, when there is no such incident or the user may not read her.
    Call it outside a transaction that may roll back.
    """
    incident = None
    if isinstance(incident_id, str) and looks_like_public_id(incident_id):
        incident = (
            _incidents()
            .annotate(victim_public_id=F("victim__public_id"))
            .filter(public_id=incident_id)
            .first()
        )
    if incident is None:
        _refuse(user=user, record_id=str(incident_id)[:64], why="no such record", part=part)
        raise IncidentNotFound
    why = reason or f"incident {incident.public_id}"
    try:
        victim = person_get_for_user(
            user=user, person_id=incident.victim_public_id, reason=why, part=part
        )
    except PersonNotFound:
        _refuse(user=user, record_id=incident.public_id, why="may not read the victim", part=part)
        raise IncidentNotFound from None
    incident.victim = victim
    access_log(user=user, action=Action.VIEW, record=incident, reason=why, detail={"part": part})
    return incident


def incident_may_change(*, user, incident: Incident) -> bool:
    """Whether ``user`` may change an incident she has read: only its recording agency."""
    return may_work_with_people(user) and user.agency_id == incident.recorded_by_agency_id


# The people harming her --------------------------------------------------------------------


@dataclass
class HarmerView:
    """A person harming her, as one user may see them."""

    harmer: IncidentHarmer
    person: object | None  # the record, when the user may read it (read and logged)
    instances_with_her: int  # recorded instances of abuse between the two, this one included
    instances_with_her_12_months: int
    other_victims: int | None  # people this person is recorded as harming besides her

    @property
    def repeat(self) -> bool:
        return self.instances_with_her > 1


def _harmer_rows(incident: Incident) -> QuerySet[IncidentHarmer]:
    # Only what the access check needs of the person: nothing is decrypted here.
    return (
        IncidentHarmer.objects.filter(incident=incident)
        .select_related("person")
        .only(
            "id",
            "incident_id",
            "relationship",
            "aged_16_or_over",
            "added_at",
            "added_by_id",
            "person__id",
            "person__public_id",
            "person__is_restricted",
        )
    )


def incident_harmers_for_user(*, user, incident: Incident) -> list[HarmerView]:
    """The people harming her in an incident the user has read, with the repeats between them
    and her, and (to users who may read the person) how many other people they harm."""
    views = []
    year_ago = rules.months_before(timezone.now(), 12)
    for harmer in _harmer_rows(incident):
        person = None
        if person_access_for_user(user=user, person=harmer.person):
            person = person_get_for_user(
                user=user,
                person_id=harmer.person.public_id,
                reason=f"incident {incident.public_id}",
                part="incident",
            )
        between = abuse_instances_between(incident.victim_id, harmer.person_id)
        views.append(
            HarmerView(
                harmer=harmer,
                person=person,
                instances_with_her=between.count(),
                instances_with_her_12_months=between.filter(occurred_at__gte=year_ago).count(),
                other_victims=(
                    harmer_victim_count(harmer.person_id, excluding=incident.victim_id)
                    if person is not None
                    else None
                ),
            )
        )
    return views


def _pk(record) -> int:
    return record if isinstance(record, int) else record.pk


def abuse_instances_between(
    victim, harmer, since: datetime.datetime | None = None
) -> QuerySet[Incident]:
    """Every recorded instance of abuse of ``victim`` by ``harmer`` (people or their ids), by
    any agency and of any kind (police incident or disclosure), oldest first; with ``since``,
    those that happened at or after it. A MARAC "repeat" is one of these after her last
    referral."""
    instances = Incident.objects.filter(victim_id=_pk(victim), harmers__person_id=_pk(harmer))
    if since is not None:
        instances = instances.filter(occurred_at__gte=since)
    return instances.distinct().order_by("occurred_at", "id")


def police_callouts_in_last(victim, months: int = 12, at: datetime.datetime | None = None) -> int:
    """Police call-outs to ``victim`` for domestic abuse in the ``months`` before ``at`` (now):
    police-recorded incidents visited in that time, not decided to be other than domestic
    abuse. Three or more in 12 months is "potential escalation", a MARAC referral criterion."""
    at = at or timezone.now()
    return (
        Incident.objects.filter(
            victim_id=_pk(victim),
            kind=IncidentKind.POLICE,
            visited_at__gt=rules.months_before(at, months),
            visited_at__lte=at,
        )
        .exclude(domestic_abuse=False)
        .count()
    )


def harmer_victim_count(harmer, *, excluding=None) -> int:
    """How many different people ``harmer`` is recorded as harming (besides ``excluding``)."""
    rows = IncidentHarmer.objects.filter(person_id=_pk(harmer))
    if excluding is not None:
        rows = rows.exclude(incident__victim_id=_pk(excluding))
    return rows.values("incident__victim_id").distinct().count()


def repeat_pairs(
    *, since: datetime.datetime | None = None, min_instances: int = 2
) -> list[tuple[int, int, int]]:
    """(victim id, harmer id, instances) for every pair with at least ``min_instances``
    recorded instances of abuse (since ``since``): for services such as MARAC's repeat check,
    never for display without the getters."""
    rows = IncidentHarmer.objects.all()
    if since is not None:
        rows = rows.filter(incident__occurred_at__gte=since)
    pairs = (
        rows.values("incident__victim_id", "person_id")
        .annotate(instances=Count("incident", distinct=True))
        .filter(instances__gte=min_instances)
        .order_by("-instances")
    )
    return [(p["incident__victim_id"], p["person_id"], p["instances"]) for p in pairs]


def harmers_of_several_victims(*, min_victims: int = 2) -> list[tuple[int, int]]:
    """(harmer id, number of victims) for people recorded as harming several people."""
    rows = (
        IncidentHarmer.objects.values("person_id")
        .annotate(victims=Count("incident__victim", distinct=True))
        .filter(victims__gte=min_victims)
        .order_by("-victims")
    )
    return [(r["person_id"], r["victims"]) for r in rows]


# Lists ---------------------------------------------------------------------------------------


@dataclass
class IncidentRow:
    incident: Incident
    victim: PersonSummary
    offences: list[str] = field(default_factory=list)


def incidents_for_user(*, user, limit: int = 200) -> list[IncidentRow]:
    """Incidents and disclosures recorded by the user's agency, newest first, whose victim she
    may read (others are left out). Names come from one logged list read."""
    if not may_work_with_people(user):
        return []
    incidents = list(
        _incidents()
        .filter(recorded_by_agency_id=user.agency_id)
        .prefetch_related("offences")
        .order_by("-occurred_at", "-id")[:limit]
    )
    victims = person_summaries_for_user(
        user=user,
        person_ids={i.victim_id for i in incidents},
        purpose="my agency's incidents",
    )
    return [
        IncidentRow(
            incident=incident,
            victim=victims[incident.victim_id],
            offences=[o.name for o in incident.offences.all()],
        )
        for incident in incidents
        if incident.victim_id in victims
    ]


@dataclass
class PersonIncidents:
    """Incidents about a person, for her page: where she was harmed, and where she was named
    as harming someone (the other person's name only to users who may read it)."""

    as_victim: list[Incident]
    as_harmer: list[tuple[Incident, PersonSummary | None]]
    victims_harmed: int


def incidents_about_person_for_user(*, user, person) -> PersonIncidents:
    """For a person the user has read through the getter."""
    as_victim = list(
        _incidents()
        .filter(victim_id=person.pk)
        .prefetch_related("offences")
        .order_by("-occurred_at")
    )
    named = list(
        _incidents()
        .filter(harmers__person_id=person.pk)
        .distinct()
        .prefetch_related("offences")
        .order_by("-occurred_at")
    )
    victims = (
        person_summaries_for_user(
            user=user,
            person_ids={i.victim_id for i in named},
            purpose="incidents naming a person as harming someone",
        )
        if named
        else {}
    )
    return PersonIncidents(
        as_victim=as_victim,
        as_harmer=[(incident, victims.get(incident.victim_id)) for incident in named],
        victims_harmed=len({i.victim_id for i in named}),
    )


def incident_actions(*, incident: Incident) -> QuerySet[IncidentAction]:
    return incident.actions.select_related("completed_by").order_by("due_at")


def incident_support_history(*, incident: Incident):
    return incident.support.select_related("recorded_by").order_by("recorded_at", "id")


def open_actions_for_officer(*, user) -> QuerySet[IncidentAction]:
    return (
        IncidentAction.objects.filter(
            status=ActionStatus.OPEN,
            incident__recorded_by=user,
            incident__recorded_by_agency_id=user.agency_id,
        )
        .select_related("incident")
        .order_by("due_at")
    )


def incidents_needing_steps(*, user) -> QuerySet[Incident]:
    """The officer's police incidents whose domestic-abuse decision is outstanding, or that are
    domestic abuse and have no risk checklist yet."""
    needs_a_step = Q(domestic_abuse__isnull=True)
    assessed = checklists.assessed_incident_ids()
    if assessed is not None:
        needs_a_step |= Q(domestic_abuse=True) & ~Q(pk__in=assessed)
    return (
        Incident.objects.filter(
            kind=IncidentKind.POLICE,
            recorded_by=user,
            recorded_by_agency_id=user.agency_id,
        )
        .filter(needs_a_step)
        .order_by("visited_at")
    )
