"""Reads of follow-ups. The only door to a follow-up is :func:`followup_get_for_user`.

A follow-up is opened only by the IDVA service it is assigned to (its IDVAs and MARAC
coordinators), and only while they may read her record (``person_get_for_user``: the share
made for the follow-up involves the service). Anyone else, the police who recorded the incident
included, gets the same 404 as an identifier that does not exist; the refusal is logged and
repeated refusals are flagged for review. The police see what they need through the incident
(:func:`followup_for_incident`): whether she was told, and when the visit is due.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from harbour.audit.services import Action, access_log
from harbour.core.ids import looks_like_public_id
from harbour.followups.choices import SHARED_STATUSES, Status
from harbour.followups.models import Followup
from harbour.followups.services import may_work_on_followups
from harbour.people.activity import refusal_record
from harbour.people.queries import (
    PersonNotFound,
    PersonSummary,
    person_get_for_user,
    person_summaries_for_user,
)

FOLLOWUP = "followups.followup"


class FollowupNotFound(Http404):
    """No follow-up the user may open has this identifier (it may not exist at all)."""


def _followups() -> QuerySet[Followup]:
    return Followup.objects.select_related(
        "agency", "local_authority", "assigned_to", "scheme", "incident", "share"
    ).annotate(person_public_id=F("person__public_id"))


def _refuse(*, user, record_id: str, why: str, part: str) -> None:
    refusal_record(
        user=user,
        record_type=FOLLOWUP,
        record_id=record_id,
        why=why,
        what="refused_followup_reads",
        detail={"part": part},
    )


def followup_get_for_user(
    *, user, followup_id: str, reason: str | None = None, part: str = "followup"
) -> Followup:
    """The follow-up with public id ``followup_id``, if ``user`` works at the IDVA service it
    is assigned to and may read her. ``followup.person`` is her record as read (logged).
    Raises :class:`FollowupNotFound` (a 404) after logging a refusal. Call it outside a
    transaction that may roll back."""
    followup = None
    if isinstance(followup_id, str) and looks_like_public_id(followup_id):
        followup = _followups().filter(public_id=followup_id).first()
    if followup is None:
        _refuse(user=user, record_id=str(followup_id)[:64], why="no such record", part=part)
        raise FollowupNotFound
    if not may_work_on_followups(user) or user.agency_id != followup.agency_id:
        _refuse(user=user, record_id=followup.public_id, why="not the IDVA service", part=part)
        raise FollowupNotFound
    if followup.status not in SHARED_STATUSES:
        _refuse(user=user, record_id=followup.public_id, why="not shared", part=part)
        raise FollowupNotFound
    why = reason or f"follow-up {followup.public_id}"
    try:
        person = person_get_for_user(
            user=user, person_id=followup.person_public_id, reason=why, part=part
        )
    except PersonNotFound:
        _refuse(user=user, record_id=followup.public_id, why="may not read her", part=part)
        raise FollowupNotFound from None
    followup.person = person
    access_log(user=user, action=Action.VIEW, record=followup, reason=why, detail={"part": part})
    return followup


def followup_for_incident(*, incident) -> Followup | None:
    """The follow-up of an incident the caller has read through ``incident_get_for_user``."""
    return _followups().filter(incident=incident).first()


# Lists -----------------------------------------------------------------------------------------

SHOW_OPEN = "open"
SHOW_OVERDUE = "overdue"
SHOW_DONE = "done"
SHOW_CHOICES = (SHOW_OPEN, SHOW_OVERDUE, SHOW_DONE)

# How the list is sorted: by deadline (the default), by risk level (highest first, then the
# deadline) or by area (then the deadline).
SORT_DEADLINE = "deadline"
SORT_RISK = "risk"
SORT_AREA = "area"
SORT_CHOICES = (SORT_DEADLINE, SORT_RISK, SORT_AREA)


@dataclass
class FollowupRow:
    followup: Followup
    person: PersonSummary
    risk_level: str = ""  # the latest checklist's level ("" when none was completed)
    offences: tuple[str, ...] = ()
    children: str = ""  # "yes", "no" or "not_known": present at or living in the household

    @property
    def risk_label(self) -> str:
        from harbour.risk.definitions import Level

        return str(Level(self.risk_level).label) if self.risk_level else ""


def _with_risk(followups: QuerySet[Followup]) -> QuerySet[Followup]:
    """Each follow-up's risk level: the latest checklist of its incident, else her latest.
    Levels are plain (coded) columns: nothing is decrypted."""
    from harbour.risk.models import Assessment

    def latest(**match):
        return Subquery(
            Assessment.objects.filter(**match).order_by("-assessed_at", "-id").values("level")[:1]
        )

    return followups.annotate(
        risk_level=Coalesce(
            latest(incident_id=OuterRef("incident_id")),
            latest(person_id=OuterRef("person_id")),
            Value(""),
        )
    ).annotate(
        risk_rank=Case(
            When(risk_level="high", then=Value(0)),
            When(risk_level="medium", then=Value(1)),
            When(risk_level="standard", then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    )


def children_answer(incident) -> str:
    """ "yes" when children were present or live with her, "no" when neither, else "not_known"."""
    values = (incident.children_present, incident.children_in_household)
    if "yes" in values:
        return "yes"
    if all(v == "no" for v in values):
        return "no"
    return "not_known"


def followups_for_user(
    *,
    user,
    show: str = SHOW_OPEN,
    mine: bool = False,
    sort: str = SORT_DEADLINE,
    limit: int = 300,
) -> list[FollowupRow]:
    """The user's IDVA service's follow-ups (shared with it) whose survivor she may read:
    ``open`` (visit due, earliest deadline first), ``overdue`` (visit due, deadline passed) or
    ``done`` (visited or closed without a visit, latest first); with ``mine``, only those
    assigned to her; ``sort`` by deadline, risk level or area. Each row carries the risk level,
    the offences and whether children were present or live with her (coded values, never
    decrypted). Names come from one logged list read."""
    if not may_work_on_followups(user):
        return []
    followups = _with_risk(_followups().filter(agency_id=user.agency_id))
    if mine:
        followups = followups.filter(assigned_to=user)
    if show == SHOW_DONE:
        followups = followups.filter(status__in=(Status.VISITED, Status.CLOSED))
        order = [Coalesce("visited_at", "closed_at").desc(), "-id"]
    else:
        followups = followups.filter(status=Status.OPEN)
        order = ["due_at", "id"]
        if show == SHOW_OVERDUE:
            followups = followups.filter(due_at__lt=timezone.now())
    if sort == SORT_RISK:
        order = ["risk_rank", *order]
    elif sort == SORT_AREA:
        order = ["local_authority__name", *order]
    followups = list(followups.order_by(*order).prefetch_related("incident__offences")[:limit])
    people = person_summaries_for_user(
        user=user,
        person_ids={f.person_id for f in followups},
        purpose=f"my service's 24-hour follow-ups ({show})",
    )
    return [
        FollowupRow(
            followup=f,
            person=people[f.person_id],
            risk_level=f.risk_level,
            offences=tuple(str(o) for o in f.incident.offences.all()),
            children=children_answer(f.incident),
        )
        for f in followups
        if f.person_id in people
    ]


def followup_risk_level(*, followup: Followup) -> str:
    """The risk level shown on a follow-up's page (see :func:`_with_risk`)."""
    row = _with_risk(Followup.objects.filter(pk=followup.pk)).values("risk_level").first()
    return row["risk_level"] if row else ""


def followup_counts(*, user, mine: bool = False) -> dict[str, int]:
    """How many of the service's follow-ups (with ``mine``, of hers) are open, overdue and
    done (no names)."""
    if not may_work_on_followups(user):
        return {}
    followups = Followup.objects.filter(agency_id=user.agency_id)
    if mine:
        followups = followups.filter(assigned_to=user)
    return {
        SHOW_OPEN: followups.filter(status=Status.OPEN).count(),
        SHOW_OVERDUE: followups.filter(status=Status.OPEN, due_at__lt=timezone.now()).count(),
        SHOW_DONE: followups.filter(status__in=(Status.VISITED, Status.CLOSED)).count(),
    }


def awaiting_notice_for_officer(*, user) -> QuerySet[Followup]:
    """Follow-ups of incidents the officer recorded, waiting for her to record what she told
    the survivor."""
    return (
        Followup.objects.filter(
            status=Status.AWAITING_NOTICE,
            incident__recorded_by=user,
            incident__recorded_by_agency_id=user.agency_id,
        )
        .select_related("incident", "agency")
        .order_by("due_at")
    )


def followup_contacts(*, followup: Followup):
    return followup.contacts.select_related("recorded_by").order_by("at", "id")


def followup_decisions(*, followup: Followup):
    return followup.decisions.select_related("recorded_by").order_by("recorded_at", "id")
