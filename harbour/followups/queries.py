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

from django.db.models import F, QuerySet
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


@dataclass
class FollowupRow:
    followup: Followup
    person: PersonSummary


def followups_for_user(*, user, show: str = SHOW_OPEN, limit: int = 300) -> list[FollowupRow]:
    """The user's IDVA service's follow-ups (shared with it) whose survivor she may read:
    ``open`` (visit due, earliest deadline first), ``overdue`` (visit due, deadline passed) or
    ``done`` (visited or closed without a visit, latest first). Names come from one logged
    list read."""
    if not may_work_on_followups(user):
        return []
    followups = _followups().filter(agency_id=user.agency_id)
    if show == SHOW_DONE:
        followups = followups.filter(status__in=(Status.VISITED, Status.CLOSED)).order_by(
            Coalesce("visited_at", "closed_at").desc(), "-id"
        )
    else:
        followups = followups.filter(status=Status.OPEN).order_by("due_at", "id")
        if show == SHOW_OVERDUE:
            followups = followups.filter(due_at__lt=timezone.now())
    followups = list(followups[:limit])
    people = person_summaries_for_user(
        user=user,
        person_ids={f.person_id for f in followups},
        purpose=f"my service's 24-hour follow-ups ({show})",
    )
    return [
        FollowupRow(followup=f, person=people[f.person_id])
        for f in followups
        if f.person_id in people
    ]


def followup_counts(*, user) -> dict[str, int]:
    """How many of the service's follow-ups are open, overdue and done (no names)."""
    if not may_work_on_followups(user):
        return {}
    mine = Followup.objects.filter(agency_id=user.agency_id)
    return {
        SHOW_OPEN: mine.filter(status=Status.OPEN).count(),
        SHOW_OVERDUE: mine.filter(status=Status.OPEN, due_at__lt=timezone.now()).count(),
        SHOW_DONE: mine.filter(status__in=(Status.VISITED, Status.CLOSED)).count(),
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
