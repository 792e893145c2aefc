"""Access-checking getters of the records app. Each refuses (logged through
``harbour.people.activity.refusal_record``) what the user may not see, looking like a record
that does not exist, and logs the reads of what it returns."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from harbour.accounts.roles import Role
from harbour.audit.services import Action, access_log
from harbour.core.ids import looks_like_public_id
from harbour.people.activity import refusal_record
from harbour.people.queries import may_work_with_people
from harbour.records.models import (
    ErasureRequest,
    Hold,
    Recommendation,
    RetentionRule,
    RetentionRun,
    Review,
    SubjectAccessRequest,
    Tombstone,
)


class RecordNotFound(Http404):
    pass


def _refuse(*, user, record_type: str, record_id: str, why: str):
    refusal_record(
        user=user,
        record_type=record_type,
        record_id=str(record_id)[:64],
        why=why,
        what="refused_records_reads",
    )
    raise RecordNotFound


def _find(model, record_id: str):
    if not (isinstance(record_id, str) and looks_like_public_id(record_id)):
        return None
    return model.objects.filter(public_id=record_id).first()


def is_administrator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.ADMINISTRATOR)


def erasure_request_get_for_user(*, user, request_id: str) -> ErasureRequest:
    """Administrators (who decide) and the caseworker who asked."""
    request = _find(ErasureRequest, request_id)
    if request is None or not (is_administrator(user) or request.requested_by_id == user.pk):
        _refuse(
            user=user,
            record_type="records.erasurerequest",
            record_id=request_id,
            why="no such record" if request is None else "not the decider or requester",
        )
    access_log(user=user, action=Action.VIEW, record=request)
    return request


def subject_access_get_for_user(*, user, request_id: str) -> SubjectAccessRequest:
    """Casework staff of the agency handling her request; the read of her copy is logged."""
    request = _find(SubjectAccessRequest, request_id)
    if request is None or not (may_work_with_people(user) and user.agency_id == request.agency_id):
        _refuse(
            user=user,
            record_type="records.subjectaccessrequest",
            record_id=request_id,
            why="no such record" if request is None else "not the handling agency",
        )
    # Her copy is a read of her record.
    access_log(
        user=user,
        action=Action.VIEW,
        record=request.person,
        reason=f"Subject access request {request.public_id}",
        detail={"part": "subject_access"},
    )
    return request


def may_see_reviews(user) -> bool:
    return is_administrator(user) or may_work_with_people(user) or chairs(user)


def chairs(user) -> bool:
    return bool(user.is_authenticated and Review.objects.filter(chair=user).exists())


def review_get_for_user(*, user, review_id: str) -> Review:
    """The chair, administrators and casework staff (who export their agency's chronology and
    complete its recommendations). The page names no one: holds show references only."""
    review = _find(Review, review_id)
    allowed = review is not None and (
        review.chair_id == user.pk or is_administrator(user) or may_work_with_people(user)
    )
    if not allowed:
        _refuse(
            user=user,
            record_type="records.review",
            record_id=review_id,
            why="no such record" if review is None else "role",
        )
    return review


def hold_get_for_chair(*, user, hold_id: str) -> Hold:
    hold = _find(Hold, hold_id)
    if hold is None or hold.review.chair_id != user.pk:
        _refuse(
            user=user,
            record_type="records.hold",
            record_id=hold_id,
            why="no such record" if hold is None else "not the chair",
        )
    return hold


def recommendation_get_for_user(*, user, recommendation_id: str) -> Recommendation:
    recommendation = _find(Recommendation, recommendation_id)
    allowed = recommendation is not None and (
        recommendation.review.chair_id == user.pk
        or (may_work_with_people(user) and user.agency_id == recommendation.agency_id)
    )
    if not allowed:
        _refuse(
            user=user,
            record_type="records.recommendation",
            record_id=recommendation_id,
            why="no such record" if recommendation is None else "not its agency or the chair",
        )
    return recommendation


def home_for_user(user) -> dict:
    """What the records page lists for this user."""
    context: dict = {"is_administrator": is_administrator(user)}
    if is_administrator(user):
        context["rules"] = RetentionRule.objects.all()
        context["runs"] = RetentionRun.objects.all()[:5]
        context["tombstones"] = Tombstone.objects.count()
        context["erasure_requests"] = ErasureRequest.objects.filter(
            state=ErasureRequest.State.WAITING
        )[:50]
    if may_work_with_people(user):
        context["subject_access"] = SubjectAccessRequest.objects.filter(
            agency_id=user.agency_id
        ).exclude(state=SubjectAccessRequest.State.RELEASED)[:50]
        context["my_erasure_requests"] = ErasureRequest.objects.filter(requested_by=user)[:20]
        context["recommendations"] = Recommendation.objects.filter(
            agency_id=user.agency_id, status=Recommendation.Status.OPEN
        ).select_related("review")[:50]
    context["reviews"] = (
        Review.objects.all()
        if is_administrator(user) or may_work_with_people(user)
        else Review.objects.filter(Q(chair=user))
    )[:50]
    return context
