"""Every write of the records app: erasure requests and their decisions, subject access
requests, reviews' holds and recommendations, chronology exports, correction requests.

Each takes the user acting (``by``) and checks what they may do; refusals raise
``PermissionDenied`` (the views log them) or ``ValidationError`` naming the field, and change
nothing. See ``docs/records.md``.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.accounts.roles import Role
from harbour.audit.services import Action, access_log
from harbour.people.queries import may_work_with_people, person_access_for_user
from harbour.people.services import person_event_add
from harbour.records import events
from harbour.records.models import (
    ChronologyExport,
    CorrectionRequest,
    ErasureRequest,
    Hold,
    Recommendation,
    RefusalGround,
    Review,
    SubjectAccessRequest,
    Tombstone,
)
from harbour.records.retention import erase_with_tombstone, person_is_held, records_about
from harbour.records.subject_access import pack_build
from harbour.statistics.export import neutralise_formula


def _require_casework_access(*, by, person) -> None:
    if not may_work_with_people(by) or not person_access_for_user(user=by, person=person):
        raise PermissionDenied(_("You may not work with this person's record."))


def one_calendar_month_after(day: datetime.date) -> datetime.date:
    """The same day of the next month, or that month's last day when it has no such day
    (a request received on 31 January is due on 28 or 29 February)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# Erasure ---------------------------------------------------------------------------------------


def erasure_request(*, person, by, reason: str) -> ErasureRequest:
    """A caseworker of her case asks for her records to be erased, with a reason."""
    _require_casework_access(by=by, person=person)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why her records should be erased.")})
    if ErasureRequest.objects.filter(person=person, state=ErasureRequest.State.WAITING).exists():
        raise ValidationError({"reason": _("A request to erase her records is already waiting.")})
    with transaction.atomic():
        request = ErasureRequest.objects.create(
            person=person, requested_by=by, reason=reason.strip()
        )
        access_log(
            user=by,
            action=Action.CREATE,
            record=request,
            reason=f"Erasure request for person {person.public_id}",
        )
    return request


def _may_decide(*, request: ErasureRequest, by) -> None:
    if not (by.is_authenticated and by.is_active and by.role == Role.ADMINISTRATOR):
        raise PermissionDenied(_("Only an administrator decides a request to erase records."))
    if by.pk == request.requested_by_id:
        raise PermissionDenied(_("The person who asked cannot approve their own request."))


def erasure_approve(*, request: ErasureRequest, by) -> ErasureRequest:
    """A second person approves: her records are erased with tombstones, unless a hold stops
    it, in which case the request is refused and says so."""
    _may_decide(request=request, by=by)
    with transaction.atomic():
        request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
        if request.state != ErasureRequest.State.WAITING:
            raise ValidationError({"decision": _("This request has already been decided.")})
        request.decided_by = by
        request.decided_at = timezone.now()
        if person_is_held(request.person_id):
            request.state = ErasureRequest.State.REFUSED
            request.refusal_ground = RefusalGround.HOLD
            request.save(update_fields=["state", "decided_by", "decided_at", "refusal_ground"])
            access_log(
                user=by, action=Action.REVIEW, record=request, reason="Erasure refused: hold"
            )
            return request
        erased = 0
        for record_type, pk in records_about(request.person_id):
            erased += erase_with_tombstone(
                record_type=record_type,
                pk=pk,
                why=Tombstone.Why.REQUEST,
                by=by,
                request=request,
            )
        request.state = ErasureRequest.State.ERASED
        request.save(update_fields=["state", "decided_by", "decided_at"])
        access_log(
            user=by,
            action=Action.REVIEW,
            record=request,
            reason="Erasure approved",
            detail={"erased": erased},
        )
    return request


def erasure_refuse(*, request: ErasureRequest, by, ground: str, note: str = "") -> ErasureRequest:
    """Refuse, recording the ground (a hold, a legal obligation...) and, for "other", why."""
    _may_decide(request=request, by=by)
    if ground not in RefusalGround.values:
        raise ValidationError({"ground": _("Choose the ground for refusing.")})
    if ground == RefusalGround.OTHER and not (note or "").strip():
        raise ValidationError({"note": _("Explain the ground for refusing.")})
    with transaction.atomic():
        request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
        if request.state != ErasureRequest.State.WAITING:
            raise ValidationError({"ground": _("This request has already been decided.")})
        request.state = ErasureRequest.State.REFUSED
        request.refusal_ground = ground
        request.refusal_note = (note or "").strip()
        request.decided_by = by
        request.decided_at = timezone.now()
        request.save()
        access_log(
            user=by, action=Action.REVIEW, record=request, reason=f"Erasure refused: {ground}"
        )
    return request


# Subject access --------------------------------------------------------------------------------


def subject_access_request(*, person, by, received_on: datetime.date) -> SubjectAccessRequest:
    """Record her request and build her copy; it waits for a caseworker's review."""
    _require_casework_access(by=by, person=person)
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date received must not be in the future.")})
    pack = pack_build(person=person)
    with transaction.atomic():
        request = SubjectAccessRequest.objects.create(
            person=person,
            agency=by.agency,
            received_on=received_on,
            due_on=one_calendar_month_after(received_on),
            recorded_by=by,
            pack=pack.sections,
            withheld=pack.withheld,
        )
        access_log(
            user=by,
            action=Action.EXPORT,
            record=request,
            reason=f"Subject access: copy built for person {person.public_id}",
            detail={"part": "subject_access", "withheld": len(pack.withheld)},
        )
    return request


def _require_same_agency(*, request: SubjectAccessRequest, by) -> None:
    if not may_work_with_people(by) or by.agency_id != request.agency_id:
        raise PermissionDenied(_("Only the agency handling her request works on it."))


def subject_access_review(*, request: SubjectAccessRequest, by) -> SubjectAccessRequest:
    """A caseworker has read the pack and its withheld list: it may be released."""
    _require_same_agency(request=request, by=by)
    with transaction.atomic():
        request = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
        if request.state != SubjectAccessRequest.State.BUILT:
            raise ValidationError({"decision": _("This copy has already been reviewed.")})
        request.state = SubjectAccessRequest.State.REVIEWED
        request.reviewed_by = by
        request.reviewed_at = timezone.now()
        request.save(update_fields=["state", "reviewed_by", "reviewed_at"])
        access_log(user=by, action=Action.REVIEW, record=request, reason="Subject access review")
    return request


def subject_access_release(*, request: SubjectAccessRequest, by) -> SubjectAccessRequest:
    _require_same_agency(request=request, by=by)
    with transaction.atomic():
        request = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
        if request.state != SubjectAccessRequest.State.REVIEWED:
            raise ValidationError({"decision": _("A copy is reviewed before it is released.")})
        request.state = SubjectAccessRequest.State.RELEASED
        request.released_by = by
        request.released_at = timezone.now()
        request.save(update_fields=["state", "released_by", "released_at"])
        person_event_add(person=request.person, type=events.SUBJECT_ACCESS_RELEASED, by=by)
        access_log(
            user=by,
            action=Action.SHARE,
            record=request,
            reason="Subject access: copy released to her",
        )
    return request


# Reviews: holds, recommendations, chronologies --------------------------------------------------


def _require_chair(*, review: Review, by) -> None:
    if not (by.is_authenticated and by.is_active and by.pk == review.chair_id):
        raise PermissionDenied(_("Only the review's chair does this."))


def hold_place(*, review: Review, person, by) -> Hold:
    """The chair holds a person's records for the review: retention and erasure stop."""
    _require_chair(review=review, by=by)
    if review.closed_on is not None:
        raise ValidationError({"person": _("The review is closed.")})
    if person is None:
        raise ValidationError({"person": _("Enter the reference of a person record.")})
    with transaction.atomic():
        existing = Hold.objects.filter(review=review, person=person, lifted_at__isnull=True)
        if existing.exists():
            raise ValidationError({"person": _("Her records are already held for this review.")})
        hold = Hold.objects.create(review=review, person=person, placed_by=by)
        access_log(
            user=by,
            action=Action.CREATE,
            record=hold,
            reason=f"Hold for review {review.public_id} on person {person.public_id}",
        )
    return hold


def hold_lift(*, hold: Hold, by, reason: str) -> Hold:
    _require_chair(review=hold.review, by=by)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the hold is lifted.")})
    with transaction.atomic():
        hold = Hold.objects.select_for_update().get(pk=hold.pk)
        if hold.lifted_at is not None:
            raise ValidationError({"reason": _("This hold has already been lifted.")})
        hold.lifted_at = timezone.now()
        hold.lifted_by = by
        hold.lift_reason = reason.strip()
        hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        access_log(user=by, action=Action.UPDATE, record=hold, reason="Hold lifted")
    return hold


def recommendation_add(
    *, review: Review, by, text: str, agency, due_on: datetime.date
) -> Recommendation:
    _require_chair(review=review, by=by)
    errors = {}
    if not (text or "").strip():
        errors["text"] = _("Enter the recommendation.")
    if agency is None:
        errors["agency"] = _("Choose the agency it is for.")
    if due_on is None:
        errors["due_on"] = _("Enter the date it is due by.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        recommendation = Recommendation.objects.create(
            review=review, text=text.strip(), agency=agency, due_on=due_on, added_by=by
        )
        access_log(user=by, action=Action.CREATE, record=recommendation)
    return recommendation


def recommendation_complete(*, recommendation: Recommendation, by, note: str) -> Recommendation:
    """Its agency (or the chair) records it done, saying what was done."""
    if not (
        by.is_authenticated
        and by.is_active
        and (by.agency_id == recommendation.agency_id or by.pk == recommendation.review.chair_id)
    ):
        raise PermissionDenied(_("Only the agency it is for, or the chair, completes it."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what was done.")})
    with transaction.atomic():
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if recommendation.status == Recommendation.Status.DONE:
            raise ValidationError({"note": _("It has already been completed.")})
        recommendation.status = Recommendation.Status.DONE
        recommendation.completed_at = timezone.now()
        recommendation.completed_by = by
        recommendation.completion_note = note.strip()
        recommendation.save()
        access_log(user=by, action=Action.UPDATE, record=recommendation, reason="Completed")
    return recommendation


def chronology_rows(*, review: Review, agency) -> list[dict[str, str]]:
    """The agency's contact with the held people, in date order: when, what happened, who
    acted. Read from the timeline events its users wrote."""
    from django.apps import apps

    from harbour.people.events import describe

    PersonEvent = apps.get_model("people", "PersonEvent")
    held = Hold.objects.filter(review=review).values_list("person_id", flat=True)
    rows = []
    for event in (
        PersonEvent.objects.filter(person_id__in=list(held), by_agency=agency)
        .select_related("by", "person")
        .defer(*_person_paths())
        .order_by("at", "id")
    ):
        rows.append(
            {
                "date": timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M"),
                "person": event.person.public_id,
                "what": describe(event.type, event.parameters or {}),
                "who": (event.by.get_full_name() or event.by.get_username()) if event.by else "",
            }
        )
    return rows


def _person_paths() -> list[str]:
    from harbour.people.queries import person_encrypted_paths

    return person_encrypted_paths("person")


def chronology_export(*, review: Review, by) -> tuple[ChronologyExport, str]:
    """The user's agency's chronology for the review as CSV (cells safe for spreadsheets),
    logged as an export."""
    if not may_work_with_people(by):
        raise PermissionDenied(_("Only casework staff export their agency's chronology."))
    rows = chronology_rows(review=review, agency=by.agency)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Date"), _("Person"), _("What happened"), _("Who acted")])
    for row in rows:
        writer.writerow([neutralise_formula(row[key]) for key in ("date", "person", "what", "who")])
    with transaction.atomic():
        export = ChronologyExport.objects.create(
            review=review, agency=by.agency, by=by, rows=len(rows)
        )
        access_log(
            user=by,
            action=Action.EXPORT,
            record=export,
            reason=f"Chronology for review {review.public_id}",
            detail={"rows": len(rows)},
        )
    return export, buffer.getvalue()


# Corrections -----------------------------------------------------------------------------------


def correction_request_record(
    *,
    person,
    by,
    received_on: datetime.date,
    asked: str,
    outcome: str,
    outcome_reason: str,
    fields_changed: list[str] | tuple[str, ...] = (),
) -> CorrectionRequest:
    """What she asked to be corrected and the outcome. A correction made is made through the
    people app's correction page (its history keeps what was corrected)."""
    _require_casework_access(by=by, person=person)
    errors = {}
    if not (asked or "").strip():
        errors["asked"] = _("Say what she asked to be corrected.")
    if outcome not in CorrectionRequest.Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    if not (outcome_reason or "").strip():
        errors["outcome_reason"] = _("Say why.")
    if received_on is None or received_on > timezone.localdate():
        errors["received_on"] = _("Enter the date received, not in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = CorrectionRequest.objects.create(
            person=person,
            received_on=received_on,
            asked=asked.strip(),
            outcome=outcome,
            outcome_reason=outcome_reason.strip(),
            fields_changed=list(fields_changed),
            recorded_by=by,
        )
        person_event_add(
            person=person,
            type=events.CORRECTION_REQUESTED,
            by=by,
            parameters={"outcome": str(request.get_outcome_display())},
        )
        access_log(user=by, action=Action.CREATE, record=request, reason="Correction request")
    return request
