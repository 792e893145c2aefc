"""Reads of risk tools and assessments. The only door to an assessment is
:func:`assessment_get_for_user`: an assessment is about her, so it follows her record's
need-to-know (``person_get_for_user``), and every read and refusal is logged."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.http import Http404

from harbour.audit.services import Action, access_log
from harbour.core.ids import looks_like_public_id
from harbour.people.activity import refusal_record
from harbour.people.queries import PersonNotFound, person_get_for_user
from harbour.risk import conf
from harbour.risk.models import Assessment, RiskToolVersion

ASSESSMENT = "risk.assessment"


class AssessmentNotFound(Http404):
    """No assessment the user may read has this identifier (it may not exist at all)."""


def risk_tool_current(*, key: str) -> RiskToolVersion:
    """The version of a tool that new assessments use."""
    return RiskToolVersion.objects.select_related("tool").get(tool__key=key, is_current=True)


def risk_tools_for_user(*, user) -> list[RiskToolVersion]:
    """The current versions of the tools ``user``'s role completes."""
    from harbour.people.queries import may_work_with_people

    if not may_work_with_people(user):
        return []
    keys = [key for key, roles in conf.tool_roles().items() if user.role in roles]
    return list(
        RiskToolVersion.objects.select_related("tool")
        .filter(tool__key__in=keys, is_current=True)
        .order_by("tool__name")
    )


def _assessments() -> QuerySet[Assessment]:
    return Assessment.objects.select_related(
        "tool_version", "tool_version__tool", "assessed_by", "assessed_by_agency", "incident"
    )


def _refuse(*, user, record_id: str, why: str) -> None:
    refusal_record(
        user=user,
        record_type=ASSESSMENT,
        record_id=record_id,
        why=why,
        what="refused_assessment_reads",
    )


def assessment_get_for_user(*, user, assessment_id: str, reason: str | None = None) -> Assessment:
    """The assessment with public id ``assessment_id``, if ``user`` may read the person
    assessed. Her record is read through ``person_get_for_user`` (logged) and set on the
    assessment. Raises :class:`AssessmentNotFound` (a 404), after logging the refusal,
    when there is no such assessment or she may not read the person."""
    assessment = None
    if isinstance(assessment_id, str) and looks_like_public_id(assessment_id):
        assessment = (
            _assessments()
            .annotate(person_public_id=F("person__public_id"))
            .filter(public_id=assessment_id)
            .first()
        )
    if assessment is None:
        _refuse(user=user, record_id=str(assessment_id)[:64], why="no such record")
        raise AssessmentNotFound
    why = reason or f"risk assessment {assessment.public_id}"
    try:
        person = person_get_for_user(
            user=user, person_id=assessment.person_public_id, reason=why, part="risk assessment"
        )
    except PersonNotFound:
        _refuse(user=user, record_id=assessment.public_id, why="may not read the person")
        raise AssessmentNotFound from None
    assessment.person = person
    access_log(user=user, action=Action.VIEW, record=assessment, reason=why)
    return assessment


def assessments_for_person(*, person) -> QuerySet[Assessment]:
    """Assessments of a person already read through the getter, newest first."""
    return _assessments().filter(person_id=person.pk).order_by("-assessed_at", "-id")


def assessments_for_incident(*, incident) -> QuerySet[Assessment]:
    """Assessments made for an incident already read through its getter, newest first."""
    return _assessments().filter(incident_id=incident.pk).order_by("-assessed_at", "-id")


def assessed_incident_ids() -> QuerySet:
    """Primary keys of incidents with at least one assessment (a subquery for ``pk__in``)."""
    return Assessment.objects.exclude(incident_id=None).values("incident_id")
