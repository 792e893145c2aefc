"""Every write to the 24-hour follow-up. See ``docs/followups.md``.

Services take the user acting (``by``) and follow-ups read through
``harbour.followups.queries`` (or, for the police's notice, the incident read through
``incident_get_for_user``). Each is one transaction, writes the access log and, where it
matters to her case, an event on her timeline. Bad input raises ``ValidationError`` field by
field and changes nothing.

The life of a follow-up::

    domestic abuse confirmed in a pilot area  ->  awaiting_notice  (no share yet)
    police record what she was told:  agrees    ->  open (shared with the IDVA service)
                                      declines  ->  declined (nothing shared, no visit)
                                      not told  ->  open, or not_shared where the scheme
                                                    shares only with her agreement
    the IDVA records contact with her           ->  visited (her decision, kept as history)
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.accounts.roles import AgencyKind, Role
from harbour.audit.services import Action, access_log
from harbour.core.scheduling import stages_schedule
from harbour.followups import conf, rules
from harbour.followups.choices import (
    CloseReason,
    ContactMethod,
    NoticeAnswer,
    Prosecution,
    ReferralService,
    Status,
    YesNo,
)
from harbour.followups.events import Event
from harbour.followups.models import (
    Followup,
    FollowupContact,
    FollowupReminder,
    FollowupScheme,
    ProsecutionDecision,
)
from harbour.notifications.catalogue import Kind
from harbour.notifications.services import notification_queue
from harbour.people.models import AgreementMethod
from harbour.people.queries import may_work_with_people, person_access_for_user
from harbour.people.services import agreement_record, person_event_add, share_record, share_stop

FOLLOWUP_ROLES = frozenset({Role.IDVA, Role.MARAC_COORDINATOR})
STAGE_DUE = "due"


# Who may do what ----------------------------------------------------------------------------


def may_work_on_followups(user) -> bool:
    """IDVAs (and MARAC coordinators) of an IDVA service."""
    return bool(
        may_work_with_people(user)
        and user.role in FOLLOWUP_ROLES
        and user.agency.kind == AgencyKind.IDVA_SERVICE
    )


def _require_idva_of(followup: Followup, by) -> None:
    if not may_work_on_followups(by) or by.agency_id != followup.agency_id:
        raise PermissionDenied(_("Only the IDVA service assigned may work on this follow-up."))
    if not person_access_for_user(user=by, person=followup.person):
        raise PermissionDenied(_("You may not read her record."))


def _require_recording_officer(followup: Followup, by) -> None:
    incident = followup.incident
    if not (
        may_work_with_people(by)
        and by.role == Role.POLICE_OFFICER
        and by.agency_id == incident.recorded_by_agency_id
        and person_access_for_user(user=by, person=followup.person)
    ):
        raise PermissionDenied(_("Only the force that recorded the incident records this."))


def _past(value: datetime.datetime | None, name: str, errors: dict, *, after=None, after_msg=""):
    if value is None:
        errors[name] = _("Enter a date and time, like 27/3/2026 21:30")
    elif value > timezone.now():
        errors[name] = _("The time must be in the past.")
    elif after is not None and value < after:
        errors[name] = after_msg


# Schemes ---------------------------------------------------------------------------------


def scheme_idva_service(scheme: FollowupScheme):
    """The IDVA service the scheme names, or else the one active IDVA service covering the
    area (``Agency.areas``); ``None`` when there is no single one."""
    if scheme.idva_service_id:
        return scheme.idva_service
    from harbour.accounts.models import Agency

    services = list(
        Agency.objects.filter(
            kind=AgencyKind.IDVA_SERVICE, is_active=True, areas=scheme.local_authority
        )[:2]
    )
    return services[0] if len(services) == 1 else None


def scheme_for_visit(*, local_authority, visited_at: datetime.datetime) -> FollowupScheme | None:
    """The area's scheme if it covers a first police visit at ``visited_at`` (UK date)."""
    scheme = (
        FollowupScheme.objects.select_related("share_basis", "share_condition", "idva_service")
        .filter(local_authority=local_authority, is_active=True)
        .first()
    )
    if scheme is None or not scheme.covers(timezone.localdate(visited_at)):
        return None
    return scheme


# Creation, from the police's confirmation of domestic abuse -------------------------------------


@transaction.atomic
def followup_create_for_incident(*, incident, by) -> Followup | None:
    """Create the follow-up for a police incident confirmed as domestic abuse in an area whose
    scheme had started by the first police visit; ``None`` elsewhere. One per incident: a
    second call returns the first follow-up.

    Nothing is shared yet: the police first record what she was told and her answer
    (:func:`followup_notice_record`). The deadline runs from the visit all the same.
    """
    if not incident.is_police or incident.domestic_abuse is not True:
        return None
    existing = Followup.objects.filter(incident=incident).first()
    if existing is not None:
        return existing
    scheme = scheme_for_visit(
        local_authority=incident.local_authority, visited_at=incident.visited_at
    )
    if scheme is None:
        return None
    agency = scheme_idva_service(scheme)
    if agency is None:
        raise ValidationError(
            _(
                "The 24-hour follow-up in %(area)s has no IDVA service: an administrator must "
                "name one before incidents there can be confirmed."
            )
            % {"area": incident.local_authority.name}
        )
    followup = Followup(
        incident=incident,
        person=incident.victim,
        scheme=scheme,
        local_authority=incident.local_authority,
        agency=agency,
        police_visited_at=incident.visited_at,
        due_at=rules.deadline_for(incident.visited_at),
        created_by=by,
    )
    followup._history_user = by
    followup.save()
    access_log(
        user=by,
        action=Action.CREATE,
        record=followup,
        detail={"incident": incident.public_id, "agency": agency.public_id},
    )
    schedule(followup, stages=[STAGE_DUE])
    return followup


@transaction.atomic
def followup_withdraw_for_incident(*, incident, by) -> Followup | None:
    """The incident is no longer recorded as domestic abuse: a follow-up not yet done is no
    longer needed. Its share with the IDVA service stops (the service's access through it ends),
    reminders find nothing to send, and her timeline says why. A visit already made, or her
    answer already recorded, stays as it was."""
    followup = Followup.objects.select_for_update().filter(incident=incident).first()
    if followup is None or followup.status not in (Status.AWAITING_NOTICE, Status.OPEN):
        return followup
    reason = _("The incident is no longer recorded as domestic abuse.")
    if followup.share is not None:
        share_stop(share=followup.share, by=by, reason=str(reason))
    followup.status = Status.WITHDRAWN
    followup._history_user = by
    followup.save()
    person_event_add(
        person=followup.person,
        type=Event.WITHDRAWN,
        by=by,
        parameters={"agency": followup.agency.name},
    )
    access_log(
        user=by,
        action=Action.UPDATE,
        record=followup,
        detail={"status": Status.WITHDRAWN, "incident": incident.public_id},
    )
    return followup


# The police's notice -------------------------------------------------------------------------


@transaction.atomic
def followup_notice_record(
    *,
    followup: Followup,
    by,
    answer: str,
    told_at: datetime.datetime | None = None,
    note: str = "",
) -> Followup:
    """Record that the police told her of the follow-up, and her answer.

    - she agrees: her record is shared with the IDVA service on the scheme's recorded basis
      (with her agreement recorded first where the basis relies on it) and the visit is due;
    - she declines: nothing is shared and nobody visits; her refusal is kept;
    - she could not be told: shared on the scheme's basis where it does not rely on her
      agreement (the IDVA tells her first, and respects a no); otherwise nothing is shared.
    """
    followup = Followup.objects.select_for_update().get(pk=followup.pk)
    _require_recording_officer(followup, by)
    if followup.status != Status.AWAITING_NOTICE:
        raise ValidationError(_("What she was told has already been recorded."))
    errors: dict[str, str] = {}
    if answer not in NoticeAnswer.values:
        errors["answer"] = _("Say whether you told her, and her answer.")
    if answer in (NoticeAnswer.AGREES, NoticeAnswer.DECLINES):
        _past(
            told_at,
            "told_at",
            errors,
            after=followup.incident.occurred_at,
            after_msg=_("She can only have been told after the incident."),
        )
    else:
        told_at = None
    if errors:
        raise ValidationError(errors)
    scheme = followup.scheme
    person = followup.person
    followup.notice_answer = answer
    followup.told_at = told_at
    followup.notice_recorded_by = by
    followup.notice_recorded_at = timezone.now()
    followup.notice_note = note.strip()
    needs_agreement = rules.scheme_relies_on_agreement(scheme)
    if answer == NoticeAnswer.DECLINES:
        followup.status = Status.DECLINED
    elif answer == NoticeAnswer.NOT_TOLD and needs_agreement:
        followup.status = Status.NOT_SHARED
    else:
        agreement = None
        if needs_agreement:
            agreement = agreement_record(
                person=person,
                by=by,
                agencies=[followup.agency],
                purpose=scheme.share_purpose,
                given_at=told_at,
                given_how=AgreementMethod.IN_PERSON,
                explicit=bool(
                    scheme.share_condition_id and scheme.share_condition.relies_on_agreement
                ),
            )
        followup.agreement = agreement
        followup.share = share_record(
            person=person,
            by=by,
            agency=followup.agency,
            purpose=scheme.share_purpose,
            categories=scheme.share_categories,
            regime=scheme.share_regime,
            basis=scheme.share_basis,
            condition=scheme.share_condition,
            agreement=agreement,
            justification=scheme.share_justification,
            preconditions_confirmed=scheme.share_preconditions_confirmed,
        )
        followup.status = Status.OPEN
    followup._history_user = by
    followup.save()
    person_event_add(
        person=person,
        type={
            Status.OPEN: Event.OFFERED,
            Status.DECLINED: Event.DECLINED,
            Status.NOT_SHARED: Event.NOT_SHARED,
        }[followup.status],
        by=by,
        parameters={"agency": followup.agency.name},
    )
    access_log(
        user=by,
        action=Action.UPDATE,
        record=followup,
        detail={"notice": answer, "status": followup.status},
    )
    if followup.status == Status.OPEN:
        for user in idva_recipients(followup):
            notification_queue(recipient=user, kind=Kind.NEW_TASK)
        schedule(followup, stages=reminder_stages())
    return followup


# The IDVA's work -----------------------------------------------------------------------------


@transaction.atomic
def followup_assign(*, followup: Followup, by, to=None) -> Followup:
    """An IDVA takes the follow-up (or gives it to a colleague): reminders then go to her."""
    _require_idva_of(followup, by)
    to = to or by
    if not may_work_on_followups(to) or to.agency_id != followup.agency_id or to.role != Role.IDVA:
        raise ValidationError({"assigned_to": _("Choose an IDVA of this service.")})
    followup.assigned_to = to
    followup._history_user = by
    followup.save(update_fields=["assigned_to"])
    access_log(user=by, action=Action.UPDATE, record=followup, detail={"assigned_to": to.public_id})
    return followup


@transaction.atomic
def followup_contact_record(
    *,
    followup: Followup,
    by,
    at: datetime.datetime | None,
    method: str,
    contact_made: bool | None,
    note: str = "",
    safety_plan: str = "",
    safety_plan_summary: str = "",
    referrals: Iterable[str] = (),
    referrals_note: str = "",
    supports_prosecution: str = "",
    decision_note: str = "",
) -> FollowupContact:
    """Record an attempt to reach her or, when ``contact_made``, the visit: the safety plan,
    the services she was referred to and whether she supports a prosecution."""
    followup = Followup.objects.select_for_update().get(pk=followup.pk)
    _require_idva_of(followup, by)
    if followup.status != Status.OPEN:
        raise ValidationError(_("This follow-up is not waiting for a visit."))
    errors: dict[str, str] = {}
    _past(
        at,
        "at",
        errors,
        after=followup.police_visited_at,
        after_msg=_("The contact must be after the police visit."),
    )
    if method not in ContactMethod.values:
        errors["method"] = _("Say how you contacted her, or tried to.")
    if contact_made not in (True, False):
        errors["contact_made"] = _("Say whether you spoke with her.")
    referrals = list(dict.fromkeys(referrals))
    if contact_made:
        if safety_plan not in YesNo.values:
            errors["safety_plan"] = _("Say whether a safety plan was done.")
        elif safety_plan == YesNo.YES and not safety_plan_summary.strip():
            errors["safety_plan_summary"] = _("Summarise the safety plan.")
        if any(r not in ReferralService.values for r in referrals):
            errors["referrals"] = _("Choose services from the list.")
        if supports_prosecution not in Prosecution.values:
            errors["supports_prosecution"] = _("Say whether she supports a prosecution.")
    elif contact_made is False and not note.strip():
        errors["note"] = _("Say what happened, for example no answer or not safe to talk.")
    if errors:
        raise ValidationError(errors)
    contact = FollowupContact.objects.create(
        followup=followup,
        at=at,
        method=method,
        contact_made=contact_made,
        note=note.strip(),
        recorded_by=by,
    )
    if contact_made:
        followup.status = Status.VISITED
        followup.visited_at = at
        followup.visited_by = by
        followup.safety_plan = safety_plan
        followup.safety_plan_summary = safety_plan_summary.strip()
        followup.referrals = referrals
        followup.referrals_note = referrals_note.strip()
        followup.supports_prosecution = supports_prosecution
        if followup.assigned_to_id is None and by.role == Role.IDVA:
            followup.assigned_to = by
        followup._history_user = by
        followup.save()
        ProsecutionDecision.objects.create(
            followup=followup,
            value=supports_prosecution,
            note=decision_note.strip(),
            recorded_by=by,
        )
        person_event_add(
            person=followup.person,
            type=Event.VISITED,
            by=by,
            parameters={"agency": followup.agency.name},
        )
    access_log(
        user=by,
        action=Action.UPDATE,
        record=followup,
        detail={"contact": bool(contact_made), "method": method, "status": followup.status},
    )
    return contact


@transaction.atomic
def followup_close(*, followup: Followup, by, reason: str, note: str = "") -> Followup:
    """Close a follow-up without a visit, saying why. "No contact" needs an attempt recorded
    first; "another reason" needs a note. Reminders and escalation stop: they look at the
    status when they run. The published figures count it as not visited."""
    followup = Followup.objects.select_for_update().get(pk=followup.pk)
    _require_idva_of(followup, by)
    if followup.status != Status.OPEN:
        raise ValidationError(_("This follow-up is not waiting for a visit."))
    errors: dict[str, str] = {}
    note = (note or "").strip()
    if reason not in CloseReason.values:
        errors["reason"] = _("Choose why you are closing it without a visit.")
    elif reason == CloseReason.NO_CONTACT and not followup.contacts.exists():
        errors["reason"] = _("Record your attempts to reach her before closing it for no contact.")
    elif reason == CloseReason.OTHER and not note:
        errors["note"] = _("Say why you are closing it.")
    if len(note) > 2000:
        errors["note"] = _("Keep the note to 2000 characters or fewer.")
    if errors:
        raise ValidationError(errors)
    followup.status = Status.CLOSED
    followup.closed_at = timezone.now()
    followup.closed_by = by
    followup.close_reason = reason
    followup.close_note = note
    followup._history_user = by
    followup.save()
    person_event_add(
        person=followup.person,
        type=Event.CLOSED,
        by=by,
        parameters={"agency": followup.agency.name, "reason": str(CloseReason(reason).label)},
    )
    access_log(
        user=by,
        action=Action.UPDATE,
        record=followup,
        reason="closed without a visit",
        detail={"status": followup.status, "close_reason": reason},
    )
    return followup


@transaction.atomic
def followup_decision_record(
    *, followup: Followup, by, value: str, note: str = ""
) -> ProsecutionDecision:
    """Her (new) decision on a prosecution after the visit; earlier ones are kept."""
    followup = Followup.objects.select_for_update().get(pk=followup.pk)
    _require_idva_of(followup, by)
    if followup.status != Status.VISITED:
        raise ValidationError(_("Record the visit first."))
    if value not in Prosecution.values:
        raise ValidationError({"value": _("Choose yes, no or not decided.")})
    if value == followup.supports_prosecution:
        raise ValidationError({"value": _("That is already her decision.")})
    decision = ProsecutionDecision.objects.create(
        followup=followup, value=value, note=note.strip(), recorded_by=by
    )
    followup.supports_prosecution = value
    followup._history_user = by
    followup.save(update_fields=["supports_prosecution"])
    person_event_add(
        person=followup.person,
        type=Event.DECISION,
        by=by,
        parameters={"decision": str(decision.get_value_display())},
    )
    access_log(user=by, action=Action.UPDATE, record=followup, detail={"prosecution": value})
    return decision


# Reminders and escalation ------------------------------------------------------------------------


def reminder_stages() -> list[str]:
    return [f"before:{hours}" for hours in conf.reminder_hours()]


def stage_time(followup: Followup, stage: str) -> datetime.datetime:
    if stage == STAGE_DUE:
        return followup.due_at
    hours = int(stage.split(":", 1)[1])
    return followup.due_at - datetime.timedelta(hours=hours)


def schedule(followup: Followup, *, stages: Iterable[str]) -> list[str]:
    """Queue the background tasks for ``stages``, in the transaction that made them due (the
    task table is in the same database: both are committed, or neither). Each runs at its time
    (``run_after``), so a restart of the web process or the worker loses none. A reminder whose
    time has passed is not queued; the deadline's task always is (at once, if it has passed)."""
    from harbour.followups.tasks import followup_remind

    return stages_schedule(
        followup_remind,
        key=followup.pk,
        stages=stages,
        time_of=lambda stage: stage_time(followup, stage),
        final=STAGE_DUE,
    )


def _active(users) -> list:
    return [u for u in users if u.is_active]


def idva_recipients(followup: Followup) -> list:
    """The IDVA who took the follow-up, or else every IDVA of the service."""
    assigned = followup.assigned_to
    if assigned is not None and assigned.is_active and assigned.agency_id == followup.agency_id:
        return [assigned]
    return _active(followup.agency.users.filter(role=Role.IDVA))


def escalation_recipients(followup: Followup) -> list:
    """The scheme's escalation contacts; with none named, the service's MARAC coordinators;
    with none of those, its IDVAs."""
    named = _active(followup.scheme.escalation_contacts.all())
    if named:
        return named
    coordinators = _active(followup.agency.users.filter(role=Role.MARAC_COORDINATOR))
    return coordinators or _active(followup.agency.users.filter(role=Role.IDVA))


def reminder_send(*, followup_id: int, stage: str) -> str:
    """Run one reminder or the deadline's escalation, once. Checks the follow-up as it is now:
    nothing is sent for a follow-up visited, declined or never shared, nor twice for a stage."""
    with transaction.atomic():
        followup = (
            Followup.objects.select_for_update()
            .select_related("agency", "scheme", "incident__recorded_by")
            .filter(pk=followup_id)
            .first()
        )
        if followup is None:
            return "no such follow-up"
        if FollowupReminder.objects.filter(followup=followup, stage=stage).exists():
            return "already sent"
        now = timezone.now()
        sends: list[tuple[object, str]] = []
        if stage == STAGE_DUE:
            if now < followup.due_at:
                # Queued for an earlier deadline, or run early: wait for this one.
                schedule(followup, stages=[STAGE_DUE])
                return "not yet due"
            if followup.status == Status.OPEN:
                sends += [(u, Kind.OVERDUE) for u in idva_recipients(followup)]
            elif followup.status == Status.AWAITING_NOTICE:
                officer = followup.incident.recorded_by
                if officer.is_active:
                    sends.append((officer, Kind.OVERDUE))
            else:
                return "not needed"
            sends += [(u, Kind.ESCALATION) for u in escalation_recipients(followup)]
            followup.escalated_at = now
            followup.save(update_fields=["escalated_at"])
        else:
            if followup.status != Status.OPEN:
                return "not needed"
            if now >= followup.due_at:
                return "too late: the deadline's escalation takes over"
            sends += [(u, Kind.REMINDER) for u in idva_recipients(followup)]
        try:
            with transaction.atomic():
                FollowupReminder.objects.create(
                    followup=followup, stage=stage, sent_at=now, recipients=len(sends)
                )
        except IntegrityError:
            return "already sent"
        for user, kind in sends:
            notification_queue(recipient=user, kind=kind)
        return f"sent to {len(sends)}"
