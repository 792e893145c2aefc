"""Meetings of a MARAC: scheduling, the agenda, inviting the agencies that hear each case, what
they know, the actions agreed and the outcome of each hearing."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.accounts.roles import CASEWORK_ROLES
from harbour.audit.services import Action, ReasonKind, access_log, reason_store
from harbour.marac import conf, rules
from harbour.marac.choices import (
    HEARD_OUTCOMES,
    STANDING_AGENCY_KINDS,
    ActionStatus,
    HearingOutcome,
    ReferralStatus,
)
from harbour.marac.events import Event
from harbour.marac.models import (
    Attendance,
    Hearing,
    Information,
    Invitation,
    Marac,
    MaracAction,
    MaracReferral,
    Meeting,
)
from harbour.marac.services.access import (
    CASEWORK_AGENCY_KINDS,
    HEARING_CATEGORIES,
    INFORMATION_CATEGORIES,
    MAX_TEXT,
    _end_hearing_access,
    _locked_referral,
    _require_coordinator,
    _share,
    _text,
    _uk_day,
    may_complete,
    may_take_part,
    require_hearing_open,
)
from harbour.marac.services.reminders import action_reminders_schedule
from harbour.notifications.catalogue import Kind
from harbour.notifications.services import notification_queue_for_agency
from harbour.people.models import DataCategory, InvolvementKind
from harbour.people.queries import person_access_for_user, person_encrypted_paths
from harbour.people.services import (
    person_event_add,
    share_involvement_add,
)

# Meetings and agendas ---------------------------------------------------------------------------


@transaction.atomic
def meeting_schedule(
    *,
    marac: Marac,
    by,
    starts_at: datetime.datetime,
    venue: str = "",
    capacity: int | None = None,
) -> Meeting:
    """Schedule a meeting of ``marac`` (stored in UTC; typed and shown in UK time)."""
    _require_coordinator(by, marac)
    errors = {}
    if starts_at is None:
        errors["starts_at"] = _("Enter when the meeting starts.")
    elif starts_at <= timezone.now():
        errors["starts_at"] = _("The meeting must be in the future.")
    elif Meeting.objects.filter(
        marac=marac, starts_at=starts_at, cancelled_at__isnull=True
    ).exists():
        errors["starts_at"] = _("This MARAC already meets at that time.")
    capacity = capacity if capacity is not None else conf.cases_per_meeting()
    if not 1 <= capacity <= 60:
        errors["capacity"] = _("A meeting can hear between 1 and 60 cases.")
    venue = (venue or "").strip() or marac.venue
    if len(venue) > 200:
        errors["venue"] = _("Keep the venue to 200 characters or fewer.")
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        marac=marac, starts_at=starts_at, venue=venue, capacity=capacity, created_by=by
    )
    access_log(
        user=by,
        action=Action.CREATE,
        record=meeting,
        detail={"marac": marac.public_id, "starts_at": starts_at.isoformat()},
    )
    return meeting


def _require_open_agenda(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting was cancelled."))
    if meeting.has_started:
        raise ValidationError(_("The meeting has started: its agenda can no longer change."))


def _agenda(meeting: Meeting):
    return meeting.hearings.filter(removed_at__isnull=True).select_related("referral")


def _renumber(meeting: Meeting) -> None:
    """Put the agenda in order: repeats first, then visible high risk, then escalation; once a
    coordinator has ordered it herself, keep her order (cases added since go at the end)."""
    if meeting.agenda_reordered_at is not None:
        hearings = list(_agenda(meeting).order_by("position", "id"))
    else:
        hearings = sorted(
            _agenda(meeting),
            key=lambda h: rules.agenda_order_key(
                is_repeat=h.referral.is_repeat,
                criteria=list(h.referral.criteria or []),
                referred_at=h.referral.referred_at,
            ),
        )
    for position, hearing in enumerate(hearings, start=1):
        if hearing.position != position:
            hearing.position = position
            hearing.save(update_fields=["position"])


def _list(*, meeting: Meeting, referral: MaracReferral, by, position: int) -> Hearing:
    hearing = Hearing.objects.create(
        meeting=meeting, referral=referral, position=position, listed_by=by
    )
    referral.status = ReferralStatus.LISTED
    referral.save(update_fields=["status"])
    person_event_add(
        person=referral.person,
        type=Event.LISTED,
        by=by,
        parameters={"marac": meeting.marac.name, "date": _uk_day(meeting.starts_at)},
    )
    return hearing


@transaction.atomic
def agenda_build(*, meeting: Meeting, by) -> list[Hearing]:
    """Add the MARAC's referrals waiting for a meeting, up to the meeting's capacity, in
    order (repeats, visible high risk, escalation, then the longest waiting); the rest wait
    for a later meeting. Returns the hearings added."""
    meeting = Meeting.objects.select_for_update().select_related("marac").get(pk=meeting.pk)
    _require_coordinator(by, meeting.marac)
    _require_open_agenda(meeting)
    waiting = sorted(
        MaracReferral.objects.select_for_update(of=("self",))
        .filter(marac=meeting.marac, status=ReferralStatus.OPEN)
        .select_related("person")
        .defer(*person_encrypted_paths("person")),
        key=lambda r: rules.agenda_order_key(
            is_repeat=r.is_repeat, criteria=list(r.criteria or []), referred_at=r.referred_at
        ),
    )
    room = max(meeting.capacity - _agenda(meeting).count(), 0)
    last = _agenda(meeting).aggregate(last=Max("position"))["last"] or 0
    added = [
        _list(meeting=meeting, referral=referral, by=by, position=last + n)
        for n, referral in enumerate(waiting[:room], start=1)
    ]
    _renumber(meeting)
    access_log(
        user=by,
        action=Action.UPDATE,
        record=meeting,
        reason="agenda built",
        detail={"added": [h.referral.public_id for h in added], "waiting": len(waiting) - room},
    )
    return added


@transaction.atomic
def hearing_add(*, meeting: Meeting, referral: MaracReferral, by) -> Hearing:
    """List one waiting referral, whatever the capacity (the coordinator's decision)."""
    meeting = Meeting.objects.select_for_update().select_related("marac").get(pk=meeting.pk)
    referral = _locked_referral(referral)
    _require_coordinator(by, meeting.marac)
    _require_open_agenda(meeting)
    if referral.marac_id != meeting.marac_id or referral.status != ReferralStatus.OPEN:
        raise ValidationError(
            _("Only a referral of this MARAC waiting for a meeting can be added.")
        )
    last = _agenda(meeting).aggregate(last=Max("position"))["last"] or 0
    hearing = _list(meeting=meeting, referral=referral, by=by, position=last + 1)
    _renumber(meeting)
    access_log(
        user=by,
        action=Action.UPDATE,
        record=meeting,
        reason="case listed",
        detail={"referral": referral.public_id},
    )
    return hearing


@transaction.atomic
def hearing_remove(*, hearing: Hearing, by, reason: str = "") -> Hearing:
    """Take a case off an agenda before the meeting: it waits for another meeting, and the
    agencies invited to hear it lose their access through the invitation."""
    hearing = Hearing.objects.select_related("meeting__marac", "referral").get(pk=hearing.pk)
    _require_coordinator(by, hearing.meeting.marac)
    _require_open_agenda(hearing.meeting)
    if not hearing.is_on_agenda:
        return hearing
    hearing.removed_at = timezone.now()
    hearing.removed_by = by
    hearing.save(update_fields=["removed_at", "removed_by"])
    _end_hearing_access(hearing=hearing, by=by, reason=_("Taken off the MARAC agenda"))
    referral = _locked_referral(hearing.referral)
    if referral.status == ReferralStatus.LISTED:
        referral.status = ReferralStatus.OPEN
        referral.save(update_fields=["status"])
    _renumber(hearing.meeting)
    access_log(
        user=by,
        action=Action.UPDATE,
        record=hearing.meeting,
        reason="case taken off the agenda",
        detail={"referral": referral.public_id, "why": (reason or "")[:200]},
    )
    return hearing


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by, reason: str) -> Meeting:
    """Cancel a meeting that has not started, with why: its cases go back to wait for another
    meeting (the agencies invited lose their access through the invitations). The reason is
    kept once, encrypted, in the reason store, and the log entry refers to it."""
    meeting = Meeting.objects.select_for_update().select_related("marac").get(pk=meeting.pk)
    _require_coordinator(by, meeting.marac)
    _require_open_agenda(meeting)
    reason = _text(reason, field="reason", required=_("Enter why the meeting is cancelled."))
    stored = reason_store(kind=ReasonKind.MEETING_CANCELLED, text=reason, user=by)
    cases = []
    for hearing in _agenda(meeting):
        hearing_remove(hearing=hearing, by=by, reason="meeting cancelled")
        cases.append(hearing.referral.public_id)
        person_event_add(
            person=hearing.referral.person,
            type=Event.UNLISTED,
            by=by,
            parameters={"marac": meeting.marac.name, "date": _uk_day(meeting.starts_at)},
        )
    meeting.cancelled_at = timezone.now()
    meeting.cancelled_by = by
    meeting.cancel_reason = stored
    meeting.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    access_log(
        user=by,
        action=Action.UPDATE,
        record=meeting,
        reason="cancelled",
        reason_ref=stored,
        detail={"back_to_waiting": cases},
    )
    return meeting


@transaction.atomic
def hearing_move(*, hearing: Hearing, by, direction: str) -> Hearing:
    """Move a case one place up or down the agenda before the meeting. From then on the
    agenda keeps the coordinator's order: cases added later go to the end."""
    meeting = Meeting.objects.select_for_update().select_related("marac").get(pk=hearing.meeting_id)
    _require_coordinator(by, meeting.marac)
    _require_open_agenda(meeting)
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose whether to move the case up or down."))
    agenda = list(_agenda(meeting).order_by("position", "id"))
    index = next((n for n, h in enumerate(agenda) if h.pk == hearing.pk), None)
    if index is None:
        raise ValidationError(_("This case is no longer on the agenda."))
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(agenda):
        return agenda[index]
    agenda[index], agenda[other] = agenda[other], agenda[index]
    for position, item in enumerate(agenda, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    meeting.agenda_reordered_at = timezone.now()
    meeting.save(update_fields=["agenda_reordered_at"])
    access_log(
        user=by,
        action=Action.UPDATE,
        record=meeting,
        reason="agenda reordered",
        detail={"hearing": hearing.public_id, "direction": direction},
    )
    return agenda[other]


# Attendance -------------------------------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, by, agency, name: str, job_title: str = ""
) -> Attendance:
    """Record who attended the meeting for an agency (the coordinating agency or one invited
    to hear a case on its agenda)."""
    meeting = Meeting.objects.select_related("marac").get(pk=meeting.pk)
    _require_coordinator(by, meeting.marac)
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting was cancelled."))
    errors = {}
    name = (name or "").strip()
    job_title = (job_title or "").strip()
    if agency is None:
        errors["agency"] = _("Choose the agency they attended for.")
    elif agency.pk != meeting.marac.agency_id and agency.pk not in agencies_hearing(
        meeting=meeting
    ):
        errors["agency"] = _("Choose an agency hearing a case at this meeting.")
    if not name:
        errors["name"] = _("Enter the name of the person who attended.")
    elif len(name) > 120:
        errors["name"] = _("Keep the name to 120 characters or fewer.")
    if len(job_title) > 120:
        errors["job_title"] = _("Keep the job title to 120 characters or fewer.")
    if errors:
        raise ValidationError(errors)
    attendance = Attendance.objects.create(
        meeting=meeting, agency=agency, name=name, job_title=job_title, recorded_by=by
    )
    access_log(
        user=by,
        action=Action.UPDATE,
        record=meeting,
        reason="attendance recorded",
        detail={"agency": agency.public_id},
    )
    return attendance


@transaction.atomic
def attendance_remove(*, attendance: Attendance, by) -> None:
    """Take a line of attendance recorded in error off the meeting's list."""
    meeting = attendance.meeting
    _require_coordinator(by, meeting.marac)
    agency = attendance.agency
    attendance.delete()
    access_log(
        user=by,
        action=Action.UPDATE,
        record=meeting,
        reason="attendance removed",
        detail={"agency": agency.public_id},
    )


def agencies_hearing(*, meeting: Meeting) -> set[int]:
    """The agencies currently invited to hear a case on the meeting's agenda."""
    return set(
        Invitation.objects.filter(
            hearing__meeting=meeting, hearing__removed_at__isnull=True, ended_at__isnull=True
        ).values_list("agency_id", flat=True)
    )


# Invitations ------------------------------------------------------------------------------------


def standing_agencies(*, marac: Marac) -> list:
    """Agencies invited to every case of the area: the police, IDVA services, victim care
    hubs and councils covering it (the coordinating agency is there already)."""
    from harbour.accounts.models import Agency

    return list(
        Agency.objects.filter(
            areas=marac.local_authority, kind__in=STANDING_AGENCY_KINDS, is_active=True
        )
        .exclude(pk=marac.agency_id)
        .distinct()
        .order_by("name")
    )


def agencies_involved_with(*, person, marac: Marac) -> list:
    """Agencies with a current part in her case (a specialist service supporting her, say)."""
    from harbour.accounts.models import Agency
    from harbour.people.models import Involvement

    involved = Involvement.objects.active().filter(person=person).values("agency_id")
    return list(
        Agency.objects.filter(pk__in=involved, kind__in=CASEWORK_AGENCY_KINDS, is_active=True)
        .exclude(pk=marac.agency_id)
        .order_by("name")
    )


def agencies_to_invite(*, hearing: Hearing) -> list:
    marac = hearing.meeting.marac
    seen = {}
    for agency in standing_agencies(marac=marac) + agencies_involved_with(
        person=hearing.referral.person, marac=marac
    ):
        seen.setdefault(agency.pk, agency)
    return list(seen.values())


@transaction.atomic
def invitation_add(*, hearing: Hearing, agency, by) -> Invitation:
    """Invite an agency to hear a case: the MARAC shares her record with it on the MARAC's
    recorded basis, and the agency becomes involved in her case (``marac_hearing``) until the
    case closes. Its casework users are told by email (no details)."""
    hearing = (
        Hearing.objects.select_related("meeting__marac__agency", "referral__person")
        .defer(*person_encrypted_paths("referral__person"))
        .get(pk=hearing.pk)
    )
    marac = hearing.meeting.marac
    _require_coordinator(by, marac)
    require_hearing_open(hearing)
    person = hearing.referral.person
    if not person_access_for_user(user=by, person=person):
        raise ValidationError(
            _("Her record is restricted: only the users named on it can share it.")
        )
    if agency.pk == marac.agency_id:
        raise ValidationError({"agency": _("Your own agency hears every case already.")})
    if agency.kind not in CASEWORK_AGENCY_KINDS or not agency.is_active:
        raise ValidationError({"agency": _("That agency does not work with people's records.")})
    existing = hearing.invitations.filter(agency=agency, ended_at__isnull=True).first()
    if existing is not None:
        return existing
    share = _share(
        marac=marac,
        person=person,
        by=by,
        agency=agency,
        purpose=_(
            "Invited to hear case %(ref)s, %(marac)s meeting on %(date)s; until the case closes"
        )
        % {
            "ref": hearing.referral.reference,
            "marac": marac.name,
            "date": _uk_day(hearing.meeting.starts_at),
        },
        categories=HEARING_CATEGORIES,
    )
    involvement = share_involvement_add(
        share=share, by=by, kind=InvolvementKind.MARAC_HEARING, source=hearing
    )
    invitation = Invitation.objects.create(
        hearing=hearing, agency=agency, invited_by=by, share=share, involvement=involvement
    )
    notification_queue_for_agency(agency=agency, kind=Kind.MEETING, roles=set(CASEWORK_ROLES))
    access_log(
        user=by,
        action=Action.SHARE,
        record=hearing,
        reason=f"MARAC invitation to {agency.public_id}",
        detail={
            "person": person.public_id,
            "agency": agency.public_id,
            "share": share.public_id,
        },
    )
    return invitation


@transaction.atomic
def invitations_send(*, meeting: Meeting, by) -> int:
    """Invite, to every case on the agenda, the agencies that hear cases of the area and the
    agencies involved with her. Cases whose record the coordinator may not share (restricted)
    are left for their named users. Returns how many invitations were sent."""
    meeting = Meeting.objects.select_related("marac").get(pk=meeting.pk)
    _require_coordinator(by, meeting.marac)
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting was cancelled."))
    sent = 0
    agenda = (
        _agenda(meeting)
        .filter(outcome="")
        .select_related("referral__person")
        .defer(*person_encrypted_paths("referral__person"))
    )
    for hearing in agenda:
        if not person_access_for_user(user=by, person=hearing.referral.person):
            continue
        current = set(
            hearing.invitations.filter(ended_at__isnull=True).values_list("agency_id", flat=True)
        )
        for agency in agencies_to_invite(hearing=hearing):
            if agency.pk not in current:
                invitation_add(hearing=hearing, agency=agency, by=by)
                sent += 1
    return sent


# Information for the meeting ------------------------------------------------------------------


@transaction.atomic
def information_record(
    *, hearing: Hearing, by, text: str, categories: Sequence[str] = INFORMATION_CATEGORIES
) -> Information:
    """What ``by``'s agency knows, for the meeting. Its disclosure to the MARAC is recorded as
    a share on the MARAC's basis (Part 3 for the police, UK GDPR for others); the coordinating
    agency's own information needs none."""
    hearing = (
        Hearing.objects.select_related("meeting__marac__agency", "referral__person")
        .defer(*person_encrypted_paths("referral__person"))
        .get(pk=hearing.pk)
    )
    if not may_take_part(by, hearing):
        raise PermissionDenied
    require_hearing_open(hearing)
    errors = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = _("Enter what your agency knows about her and the risk she faces.")
    elif len(text) > MAX_TEXT:
        errors["text"] = _("Keep it to %(max)s characters or fewer.") % {"max": MAX_TEXT}
    categories = list(dict.fromkeys(categories))
    if not categories:
        errors["categories"] = _("Choose what the information includes.")
    elif any(c not in DataCategory.values for c in categories):
        errors["categories"] = _("Choose from the list.")
    if errors:
        raise ValidationError(errors)
    marac = hearing.meeting.marac
    share = None
    if by.agency_id != marac.agency_id:
        share = _share(
            marac=marac,
            person=hearing.referral.person,
            by=by,
            agency=marac.agency,
            purpose=_("Information for the %(marac)s meeting on %(date)s")
            % {"marac": marac.name, "date": _uk_day(hearing.meeting.starts_at)},
            categories=categories,
        )
    information = Information.objects.create(
        hearing=hearing,
        agency=by.agency,
        recorded_by=by,
        text=text,
        categories=categories,
        share=share,
    )
    access_log(
        user=by,
        action=Action.CREATE,
        record=information,
        reason="MARAC information",
        detail={
            "person": hearing.referral.person.public_id,
            "hearing": hearing.public_id,
            "share": share.public_id if share else "",
            "categories": categories,
        },
    )
    return information


# Actions ---------------------------------------------------------------------------------------


@transaction.atomic
def action_record(
    *, hearing: Hearing, by, agency, description: str, due_on: datetime.date
) -> MaracAction:
    """An action agreed for the case, owned by one of the agencies hearing it, due by a date
    (the end of that day, UK time). The owning agency's casework users are told."""
    hearing = (
        Hearing.objects.select_related("meeting__marac", "referral__person")
        .defer(*person_encrypted_paths("referral__person"))
        .get(pk=hearing.pk)
    )
    _require_coordinator(by, hearing.meeting.marac)
    require_hearing_open(hearing)
    errors = {}
    description = (description or "").strip()
    if not description:
        errors["description"] = _("Describe the action.")
    elif len(description) > MAX_TEXT:
        errors["description"] = _("Keep it to %(max)s characters or fewer.") % {"max": MAX_TEXT}
    if agency is None:
        errors["agency"] = _("Choose the agency that owns the action.")
    elif (
        agency.pk != hearing.meeting.marac.agency_id
        and not hearing.invitations.filter(agency=agency, ended_at__isnull=True).exists()
    ):
        errors["agency"] = _("Invite the agency to hear the case before giving it an action.")
    if due_on is None:
        errors["due_on"] = _("Enter the date the action is due by.")
    elif due_on < timezone.localdate():
        errors["due_on"] = _("The due date must be today or later.")
    if errors:
        raise ValidationError(errors)
    action = MaracAction.objects.create(
        hearing=hearing, agency=agency, description=description, due_on=due_on, created_by=by
    )
    notification_queue_for_agency(agency=agency, kind=Kind.NEW_TASK, roles=set(CASEWORK_ROLES))
    # Queued in this transaction: the action and its reminders are committed together, so a
    # crash just after the commit cannot leave an action without them.
    action_reminders_schedule(action)
    access_log(
        user=by,
        action=Action.CREATE,
        record=action,
        detail={
            "person": hearing.referral.person.public_id,
            "hearing": hearing.public_id,
            "agency": agency.public_id,
            "due_on": due_on.isoformat(),
        },
    )
    return action


@transaction.atomic
def action_record_with_invitation(
    *, hearing: Hearing, by, agency, description: str, due_on: datetime.date
) -> MaracAction:
    """An action for an agency not yet hearing the case: the coordinator has seen the basis on
    which her record is shared with it, so the agency is invited (a share recorded on her
    sharing page, giving access until the case closes) and the action recorded, together."""
    if agency is not None and agency.pk != hearing.meeting.marac.agency_id:
        invitation_add(hearing=hearing, agency=agency, by=by)
    return action_record(
        hearing=hearing, by=by, agency=agency, description=description, due_on=due_on
    )


def _locked_action(action: MaracAction) -> MaracAction:
    return (
        MaracAction.objects.select_for_update(of=("self",))
        .select_related("hearing__meeting__marac", "hearing__referral__person", "agency")
        .defer(*person_encrypted_paths("hearing__referral__person"))
        .get(pk=action.pk)
    )


@transaction.atomic
def action_complete(*, action: MaracAction, by, note: str = "") -> MaracAction:
    """The owning agency (or the coordinator) marks the action done."""
    action = _locked_action(action)
    if not may_complete(by, action):
        raise PermissionDenied
    if not action.is_open:
        raise ValidationError(_("This action has already been completed or closed."))
    note = _text(note, field="note")
    late = action.overdue
    action.status = ActionStatus.DONE
    action.completed_at = timezone.now()
    action.completed_by = by
    action.note = note
    action.save(update_fields=["status", "completed_at", "completed_by", "note"])
    access_log(
        user=by,
        action=Action.UPDATE,
        record=action,
        reason="done",
        detail={"person": action.hearing.referral.person.public_id, "late": late},
    )
    return action


@transaction.atomic
def action_cancel(*, action: MaracAction, by, reason: str) -> MaracAction:
    """The coordinator marks an action not needed, with why."""
    action = _locked_action(action)
    _require_coordinator(by, action.hearing.meeting.marac)
    if not action.is_open:
        raise ValidationError(_("This action has already been completed or closed."))
    reason = _text(reason, field="note", required=_("Say why the action is not needed."))
    action.status = ActionStatus.CANCELLED
    action.completed_at = timezone.now()
    action.completed_by = by
    action.note = reason
    action.save(update_fields=["status", "completed_at", "completed_by", "note"])
    access_log(user=by, action=Action.UPDATE, record=action, reason="not needed")
    return action


# Outcome of a hearing ------------------------------------------------------------------------


@transaction.atomic
def hearing_outcome_record(*, hearing: Hearing, by, outcome: str, summary: str = "") -> Hearing:
    """What the meeting decided about the case, once the meeting has started. Heard: the case
    stays with the agencies until its actions are done and it is closed. Not heard: it waits
    for a later meeting, and the invitations end."""
    hearing = Hearing.objects.select_related("meeting__marac", "referral").get(pk=hearing.pk)
    _require_coordinator(by, hearing.meeting.marac)
    if not hearing.is_on_agenda or hearing.meeting.is_cancelled:
        raise ValidationError(_("This case is no longer on the agenda."))
    if not hearing.meeting.has_started:
        raise ValidationError(_("Record the outcome once the meeting has started."))
    if hearing.outcome:
        raise ValidationError(_("The outcome of this hearing has already been recorded."))
    summary = _text(summary, field="summary")
    if outcome not in HearingOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    referral = _locked_referral(hearing.referral)
    if outcome == HearingOutcome.ACTIONS_AGREED and not hearing.actions.exists():
        raise ValidationError({"outcome": _("Record the actions agreed first.")})
    hearing.outcome = outcome
    hearing.summary = summary
    hearing.outcome_at = timezone.now()
    hearing.outcome_by = by
    hearing.save(update_fields=["outcome", "summary", "outcome_at", "outcome_by"])
    if outcome in HEARD_OUTCOMES:
        referral.status = ReferralStatus.HEARD
    else:
        _end_hearing_access(hearing=hearing, by=by, reason=_("Not heard: to a later meeting"))
        referral.status = ReferralStatus.OPEN
    referral.save(update_fields=["status"])
    person_event_add(
        person=referral.person,
        type=Event.HEARD,
        by=by,
        parameters={
            "marac": hearing.meeting.marac.name,
            "outcome": str(HearingOutcome(outcome).label),
        },
    )
    access_log(
        user=by,
        action=Action.UPDATE,
        record=hearing,
        reason="outcome",
        detail={"person": referral.person.public_id, "outcome": outcome},
    )
    return hearing
