"""Reads with their access checks: a consultation is its running agency's analysts' own."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils import timezone

from harbour.audit.services import Action, access_log
from harbour.consultations.models import (
    Analysis,
    Audience,
    Consultation,
    Question,
    Theme,
)
from harbour.core.ids import looks_like_public_id


class NotFound(Exception):
    """Missing, or not this user's to see: the same answer for both."""


def _refuse(user, record_type: str, record_id: str) -> NotFound:
    access_log(
        user=user,
        action=Action.DENIED,
        record_type=record_type,
        record_id=record_id if looks_like_public_id(record_id) else "",
        reason="not the running agency's consultation",
    )
    return NotFound()


def consultations_for_user(*, user) -> QuerySet[Consultation]:
    return Consultation.objects.filter(agency=user.agency).annotate(
        response_count=Count("responses")
    )


def consultation_get_for_user(*, user, consultation_id: str) -> Consultation:
    """The consultation, for an analyst of the agency running it; otherwise NotFound (logged)."""
    consultation = Consultation.objects.filter(
        public_id=consultation_id, agency=user.agency
    ).first()
    if consultation is None or user.agency_id is None:
        raise _refuse(user, "consultations.consultation", consultation_id)
    return consultation


def analysis_get_for_user(*, user, analysis_id: str) -> Analysis:
    analysis = (
        Analysis.objects.select_related("question__consultation")
        .filter(public_id=analysis_id, question__consultation__agency=user.agency)
        .first()
    )
    if analysis is None or user.agency_id is None:
        raise _refuse(user, "consultations.analysis", analysis_id)
    access_log(user=user, action=Action.VIEW, record=analysis, reason="redacted answers")
    return analysis


def theme_get_for_user(*, user, theme_id: str) -> Theme:
    theme = (
        Theme.objects.select_related("analysis__question__consultation")
        .filter(public_id=theme_id, analysis__question__consultation__agency=user.agency)
        .first()
    )
    if theme is None or user.agency_id is None:
        raise _refuse(user, "consultations.theme", theme_id)
    return theme


def question_get(*, consultation: Consultation, question_id: str) -> Question:
    question = consultation.questions.filter(public_id=question_id).first()
    if question is None:
        raise NotFound
    return question


def consultations_open(*, audience: str | None = None) -> QuerySet[Consultation]:
    today = timezone.localdate()
    found = Consultation.objects.filter(opens_on__lte=today, closes_on__gte=today)
    if audience is None:
        return found
    # JSON containment is not on SQLite: filter in Python on a short list.
    ids = [c.pk for c in found if audience in c.audiences]
    return Consultation.objects.filter(pk__in=ids)


def consultation_open_get(*, consultation_id: str, audience: str | None = None) -> Consultation:
    """An open consultation by its public identifier (for the public page and the professional
    route); NotFound when closed, missing, or not asking ``audience``."""
    consultation = Consultation.objects.filter(public_id=consultation_id).first()
    if consultation is None or not consultation.is_open():
        raise NotFound
    if audience is not None and audience not in consultation.audiences:
        raise NotFound
    return consultation


def public_audiences(consultation: Consultation) -> list[str]:
    return [a for a in consultation.audiences if a != Audience.PROFESSIONALS]
