"""Reads of MARAC. Each page reads through one getter here that applies need-to-know and writes
the access log:

- a MARAC's **coordinators** (role ``marac_coordinator`` at its coordinating agency) see its
  referrals, meetings, hearings, information and actions;
- an **invited agency** sees the cases it was invited to hear, while the invitation is current
  (from the invitation until the case closes): the meeting lists only those cases;
- the **referring agency** sees where its referral has got to (never what others shared);
- anyone else is refused exactly as if the record did not exist (404), and the refusal is logged
  (``DENIED``); repeated refusals open an unusual-activity review, as for people.

A hearing is about her, so its page reads her through ``person_get_for_user`` first: a user who
may not read her record (restricted to named users, or no longer involved) cannot open it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from harbour.accounts.roles import Role
from harbour.audit.services import Action, access_log, reason_store
from harbour.audit.services import ReasonKind as StoredReason
from harbour.core.ids import looks_like_public_id
from harbour.marac.choices import ACTIVE_STATUSES, ActionStatus, Criterion, ReasonKind
from harbour.marac.models import (
    Attendance,
    Hearing,
    Information,
    Invitation,
    Marac,
    MaracAction,
    MaracReferral,
    Meeting,
    ReferralReason,
)
from harbour.marac.services import is_coordinator_of, may_complete, may_take_part
from harbour.people.activity import refusal_record
from harbour.people.queries import (
    PersonNotFound,
    may_work_with_people,
    person_access_for_user,
    person_encrypted_paths,
    person_get_for_user,
    person_summaries_for_user,
)

REFERRAL = "marac.maracreferral"
MEETING = "marac.meeting"
HEARING = "marac.hearing"
ACTION = "marac.maracaction"


class MaracNotFound(Http404):
    """Nothing the user may open has this identifier (it may not exist at all)."""


def _refuse(*, user, record_type: str, record_id: str, why: str) -> None:
    refusal_record(
        user=user,
        record_type=record_type,
        record_id=record_id,
        why=why,
        what="refused_marac_reads",
    )


def _by_public_id(queryset, record_id):
    if isinstance(record_id, str) and looks_like_public_id(record_id):
        return queryset.filter(public_id=record_id).first()
    return None


def coordinated_maracs(user):
    """The MARACs ``user`` coordinates (none unless she is a coordinator)."""
    if not may_work_with_people(user) or user.role != Role.MARAC_COORDINATOR:
        return Marac.objects.none()
    return Marac.objects.filter(agency_id=user.agency_id, is_active=True).select_related(
        "local_authority"
    )


def criteria_labels(criteria) -> list[str]:
    return [str(Criterion(c).label) for c in criteria or [] if c in Criterion.values]


# Referrals -------------------------------------------------------------------------------------


@dataclass
class ReferralView:
    referral: MaracReferral
    side: str  # "coordinator" or "referrer"
    person: object | None  # read through the getter, when the user may read her
    reasons: list[ReferralReason]
    hearings: list[Hearing]

    @property
    def is_coordinator(self) -> bool:
        return self.side == "coordinator"


def _referrals():
    return MaracReferral.objects.select_related(
        "person",
        "marac",
        "marac__agency",
        "local_authority",
        "referred_by",
        "referred_by_agency",
        "repeat_of",
        "share",
    ).defer(*person_encrypted_paths("person"))  # her name comes through the people getters


def referral_get_for_user(*, user, referral_id: str) -> ReferralView:
    """A MARAC referral: its coordinators see it always (her name while they may read her);
    the referring agency's casework users see where it has got to, if they may read her."""
    referral = _by_public_id(_referrals(), referral_id)
    if referral is None:
        _refuse(user=user, record_type=REFERRAL, record_id=str(referral_id), why="no such record")
        raise MaracNotFound
    reason = f"MARAC referral {referral.public_id}"
    if is_coordinator_of(user, referral.marac):
        side = "coordinator"
    elif may_work_with_people(user) and user.agency_id == referral.referred_by_agency_id:
        side = "referrer"
    else:
        _refuse(user=user, record_type=REFERRAL, record_id=referral.public_id, why="not involved")
        raise MaracNotFound
    person = None
    if person_access_for_user(user=user, person=referral.person):
        person = person_get_for_user(
            user=user, person_id=referral.person.public_id, reason=reason, part="marac"
        )
    elif side == "referrer":
        _refuse(user=user, record_type=REFERRAL, record_id=referral.public_id, why="person")
        raise MaracNotFound
    access_log(user=user, action=Action.VIEW, record=referral, reason=reason, detail={"side": side})
    return ReferralView(
        referral=referral,
        side=side,
        person=person,
        reasons=list(referral.reasons.select_related("by_agency")),
        hearings=list(
            referral.hearings.select_related("meeting", "meeting__marac").order_by(
                "meeting__starts_at"
            )
        ),
    )


@dataclass
class ReferralRow:
    referral: MaracReferral
    name: str
    readable: bool
    criteria: list[str]


def waiting_referrals_for_user(*, user, marac: Marac) -> list[ReferralRow]:
    """The MARAC's referrals waiting for a meeting, in agenda order, for its coordinators."""
    from harbour.marac.choices import ReferralStatus
    from harbour.marac.rules import agenda_order_key

    if not is_coordinator_of(user, marac):
        return []
    referrals = sorted(
        _referrals().filter(marac=marac, status=ReferralStatus.OPEN),
        key=lambda r: agenda_order_key(
            is_repeat=r.is_repeat, criteria=list(r.criteria or []), referred_at=r.referred_at
        ),
    )
    names = (
        person_summaries_for_user(
            user=user,
            person_ids={r.person_id for r in referrals},
            purpose="MARAC referrals waiting for a meeting",
        )
        if referrals
        else {}
    )
    return [
        ReferralRow(
            referral=r,
            name=names[r.person_id].name if r.person_id in names else "",
            readable=r.person_id in names,
            criteria=criteria_labels(r.criteria),
        )
        for r in referrals
    ]


def referrals_without_marac_count() -> int:
    return MaracReferral.objects.filter(marac__isnull=True, status__in=ACTIVE_STATUSES).count()


# Meetings --------------------------------------------------------------------------------------


@dataclass
class AgendaRow:
    hearing: Hearing
    name: str
    readable: bool
    criteria: list[str]
    invited: int = 0
    information: int = 0
    open_actions: int = 0
    overdue_actions: int = 0

    @property
    def referral(self) -> MaracReferral:
        return self.hearing.referral


@dataclass
class MeetingView:
    meeting: Meeting
    is_coordinator: bool
    rows: list[AgendaRow]
    waiting: int = 0


def _agenda_rows(*, user, hearings: list[Hearing]) -> list[AgendaRow]:
    names = (
        person_summaries_for_user(
            user=user,
            person_ids={h.referral.person_id for h in hearings},
            purpose="MARAC agenda",
        )
        if hearings
        else {}
    )
    today = timezone.localdate()
    rows = []
    for hearing in hearings:
        person_id = hearing.referral.person_id
        actions = hearing.actions.all()
        rows.append(
            AgendaRow(
                hearing=hearing,
                name=names[person_id].name if person_id in names else "",
                readable=person_id in names,
                criteria=criteria_labels(hearing.referral.criteria),
                invited=hearing.invited_count,
                information=hearing.information_count,
                open_actions=sum(1 for a in actions if a.is_open),
                overdue_actions=sum(1 for a in actions if a.is_open and a.due_on < today),
            )
        )
    return rows


def _hearings():
    return (
        Hearing.objects.filter(removed_at__isnull=True)
        .select_related("referral", "meeting")
        .annotate(
            invited_count=Count(
                "invitations", filter=Q(invitations__ended_at__isnull=True), distinct=True
            ),
            information_count=Count("information", distinct=True),
        )
        .prefetch_related(
            Prefetch(
                "actions", queryset=MaracAction.objects.select_related("agency").order_by("due_on")
            )
        )
        .order_by("position", "id")
    )


def meeting_get_for_user(*, user, meeting_id: str) -> MeetingView:
    """A meeting: its coordinators see the whole agenda; an invited agency sees only the cases
    it was invited to hear (refused when there are none)."""
    meeting = _by_public_id(
        Meeting.objects.select_related("marac", "marac__agency", "marac__local_authority"),
        meeting_id,
    )
    if meeting is None:
        _refuse(user=user, record_type=MEETING, record_id=str(meeting_id), why="no such record")
        raise MaracNotFound
    coordinator = is_coordinator_of(user, meeting.marac)
    hearings = _hearings().filter(meeting=meeting)
    if not coordinator:
        if not may_work_with_people(user):
            hearings = hearings.none()
        else:
            invited = Invitation.objects.filter(
                hearing=OuterRef("pk"), agency_id=user.agency_id, ended_at__isnull=True
            )
            hearings = hearings.filter(Exists(invited))
    hearings = list(hearings)
    if not coordinator and not hearings:
        _refuse(user=user, record_type=MEETING, record_id=meeting.public_id, why="not invited")
        raise MaracNotFound
    rows = _agenda_rows(user=user, hearings=hearings)
    access_log(
        user=user,
        action=Action.VIEW,
        record=meeting,
        reason="MARAC meeting",
        detail={"cases": len(rows), "coordinator": coordinator},
    )
    waiting = 0
    if coordinator:
        waiting = MaracReferral.objects.filter(marac=meeting.marac, status="open").count()
    return MeetingView(meeting=meeting, is_coordinator=coordinator, rows=rows, waiting=waiting)


def meeting_cases_back_to_waiting(view: MeetingView) -> int:
    """How many cases cancelling the meeting sends back to wait for another meeting."""
    return Hearing.objects.filter(meeting=view.meeting, removed_at__isnull=True).count()


def meeting_attendance(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.select_related("agency"))


def agencies_for_print(view: MeetingView) -> list:
    """Whose agenda a coordinator may print: each agency invited to hear a case on it."""
    from harbour.accounts.models import Agency

    if not view.is_coordinator:
        return []
    hearing_ids = [row.hearing.pk for row in view.rows]
    invited = Invitation.objects.filter(hearing_id__in=hearing_ids, ended_at__isnull=True).values(
        "agency_id"
    )
    return list(Agency.objects.filter(pk__in=invited).order_by("name"))


PRINT_AGENDA = "agenda"
PRINT_MINUTES = "minutes"


@dataclass
class PrintView:
    meeting: Meeting
    kind: str  # PRINT_AGENDA or PRINT_MINUTES
    agency: object | None  # whose copy: None for the coordinators' full agenda
    rows: list[AgendaRow]
    attendance: list[Attendance]
    printed_by: object
    printed_at: datetime.datetime


def meeting_print_for_user(
    *, user, meeting_id: str, kind: str, agency=None, reason: str
) -> PrintView:
    """An agenda or the minutes of a meeting, to print or save: for an agency, only the cases it
    is invited to hear (decision 0021) — an invited agency's users get their own agency's copy
    whatever they ask for; a coordinator gets the full agenda, or any invited agency's copy.
    Every print is an export in the access log, with the reason given (kept in the reason
    store) and the cases it holds."""
    if kind not in (PRINT_AGENDA, PRINT_MINUTES):
        raise ValueError(f"not a kind of print: {kind!r}")
    view = meeting_get_for_user(user=user, meeting_id=meeting_id)
    if not view.is_coordinator:
        agency = user.agency
    rows = view.rows
    if agency is not None and agency.pk != view.meeting.marac.agency_id:
        invited = set(
            Invitation.objects.filter(
                hearing_id__in=[row.hearing.pk for row in rows],
                agency_id=agency.pk,
                ended_at__isnull=True,
            ).values_list("hearing_id", flat=True)
        )
        rows = [row for row in rows if row.hearing.pk in invited]
    elif agency is not None:
        agency = None  # the coordinating agency's copy is the full agenda
    stored = reason_store(kind=StoredReason.PRINT_OR_EXPORT, text=reason, user=user)
    access_log(
        user=user,
        action=Action.EXPORT,
        record=view.meeting,
        reason=f"MARAC {kind} printed",
        reason_ref=stored,
        detail={
            "kind": kind,
            "for_agency": agency.public_id if agency is not None else "all",
            "hearings": [row.hearing.public_id for row in rows],
            "people": sorted(
                MaracReferral.objects.filter(
                    pk__in=[row.referral.pk for row in rows if row.readable]
                ).values_list("person__public_id", flat=True)
            ),
        },
    )
    return PrintView(
        meeting=view.meeting,
        kind=kind,
        agency=agency,
        rows=rows,
        attendance=meeting_attendance(view.meeting),
        printed_by=user,
        printed_at=timezone.now(),
    )


@dataclass
class MeetingRow:
    meeting: Meeting
    cases: int


def meetings_for_user(*, user, upcoming: bool, limit: int = 20) -> list[MeetingRow]:
    """Meetings of the MARACs she coordinates, or with a case her agency was invited to hear
    (counting only those cases). Upcoming soonest first; past most recent first."""
    if not may_work_with_people(user):
        return []
    now = timezone.now()
    maracs = coordinated_maracs(user)
    meetings = Meeting.objects.filter(cancelled_at__isnull=True).select_related("marac")
    meetings = (
        meetings.filter(starts_at__gte=now).order_by("starts_at")
        if upcoming
        else meetings.filter(starts_at__lt=now).order_by("-starts_at")
    )
    live = Q(hearings__removed_at__isnull=True)
    mine = live & Q(
        hearings__invitations__agency_id=user.agency_id,
        hearings__invitations__ended_at__isnull=True,
    )
    meetings = meetings.filter(Q(marac__in=maracs) | mine).distinct()
    meetings = meetings.annotate(
        all_cases=Count("hearings", filter=live, distinct=True),
        my_cases=Count("hearings", filter=mine, distinct=True),
    )
    coordinated = set(maracs.values_list("pk", flat=True))
    return [
        MeetingRow(meeting=m, cases=m.all_cases if m.marac_id in coordinated else m.my_cases)
        for m in meetings[:limit]
    ]


# Hearings -----------------------------------------------------------------------------------


@dataclass
class HearingView:
    hearing: Hearing
    person: object
    is_coordinator: bool
    reasons: list[ReferralReason] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    information: list[Information] = field(default_factory=list)
    actions: list[MaracAction] = field(default_factory=list)

    @property
    def referral(self) -> MaracReferral:
        return self.hearing.referral

    @property
    def meeting(self) -> Meeting:
        return self.hearing.meeting

    @property
    def current_invitations(self) -> list[Invitation]:
        return [i for i in self.invitations if i.is_current]


def _hearing(hearing_id):
    return _by_public_id(
        Hearing.objects.select_related(
            "meeting",
            "meeting__marac",
            "meeting__marac__agency",
            "referral",
            "referral__person",
            "referral__repeat_of",
            "referral__local_authority",
        ).defer(*person_encrypted_paths("referral__person")),
        hearing_id,
    )


def hearing_get_for_user(*, user, hearing_id: str) -> HearingView:
    """A case on a meeting's agenda, with everything the agencies shared for it and its
    actions: for the MARAC's coordinators and the agencies invited to hear it, while they may
    read her record. The read of her record and of the hearing are both logged."""
    hearing = _hearing(hearing_id)
    if hearing is None:
        _refuse(user=user, record_type=HEARING, record_id=str(hearing_id), why="no such record")
        raise MaracNotFound
    if not may_take_part(user, hearing):
        _refuse(user=user, record_type=HEARING, record_id=hearing.public_id, why="not invited")
        raise MaracNotFound
    reason = f"MARAC hearing {hearing.public_id}"
    try:
        person = person_get_for_user(
            user=user, person_id=hearing.referral.person.public_id, reason=reason, part="marac"
        )
    except PersonNotFound:
        _refuse(user=user, record_type=HEARING, record_id=hearing.public_id, why="person")
        raise MaracNotFound from None
    hearing.referral.person = person
    information = list(
        hearing.information.select_related("agency", "recorded_by").order_by("recorded_at")
    )
    actions = list(
        hearing.actions.select_related("agency", "completed_by", "created_by").order_by(
            "due_on", "id"
        )
    )
    access_log(
        user=user,
        action=Action.VIEW,
        record=hearing,
        reason=reason,
        detail={
            "person": person.public_id,
            "information": [i.public_id for i in information],
            "actions": len(actions),
        },
    )
    return HearingView(
        hearing=hearing,
        person=person,
        is_coordinator=is_coordinator_of(user, hearing.meeting.marac),
        reasons=list(hearing.referral.reasons.select_related("by_agency")),
        invitations=list(hearing.invitations.select_related("agency", "share__basis")),
        information=information,
        actions=actions,
    )


def agenda_for_run(*, user, hearing: Hearing) -> list[Hearing]:
    """The cases of the hearing's meeting a coordinator can open, in agenda order (for "next
    case"): a restricted record she is not named on is left out."""
    if not is_coordinator_of(user, hearing.meeting.marac):
        return [hearing]
    hearings = list(
        Hearing.objects.filter(meeting_id=hearing.meeting_id, removed_at__isnull=True)
        .select_related("referral", "referral__person")
        .defer(*person_encrypted_paths("referral__person"))
        .order_by("position", "id")
    )
    return [
        h
        for h in hearings
        if h.pk == hearing.pk or person_access_for_user(user=user, person=h.referral.person)
    ]


def action_get_for_user(*, user, action_id: str) -> tuple[MaracAction, HearingView]:
    """An action, for the agency that owns it and the coordinators (read with its hearing)."""
    action = _by_public_id(MaracAction.objects.select_related("hearing", "agency"), action_id)
    if action is None:
        _refuse(user=user, record_type=ACTION, record_id=str(action_id), why="no such record")
        raise MaracNotFound
    view = hearing_get_for_user(user=user, hearing_id=action.hearing.public_id)
    action.hearing = view.hearing
    if not may_complete(user, action):
        _refuse(user=user, record_type=ACTION, record_id=action.public_id, why="not the owner")
        raise MaracNotFound
    return action, view


# Work and lists for agencies ---------------------------------------------------------------


def _current_invitation(agency_id):
    return Invitation.objects.filter(
        hearing=OuterRef("hearing"), agency_id=agency_id, ended_at__isnull=True
    )


def open_actions_for_agency(*, agency_id: int):
    """Open actions owned by an agency that still hears the case (or coordinates the MARAC),
    soonest due first."""
    return (
        MaracAction.objects.filter(agency_id=agency_id, status=ActionStatus.OPEN)
        .filter(
            Exists(_current_invitation(agency_id)) | Q(hearing__meeting__marac__agency_id=agency_id)
        )
        .select_related(
            "hearing", "hearing__meeting", "hearing__meeting__marac", "hearing__referral"
        )
        .order_by("due_on", "id")
    )


def hearings_needing_information(*, agency_id: int):
    """Upcoming hearings the agency was invited to and has recorded nothing for yet."""
    recorded = Information.objects.filter(hearing=OuterRef("pk"), agency_id=agency_id)
    invited = Invitation.objects.filter(
        hearing=OuterRef("pk"), agency_id=agency_id, ended_at__isnull=True
    )
    return (
        Hearing.objects.filter(
            removed_at__isnull=True,
            outcome="",
            meeting__cancelled_at__isnull=True,
            meeting__starts_at__gt=timezone.now(),
        )
        .filter(Exists(invited))
        .exclude(Exists(recorded))
        .select_related("meeting", "meeting__marac", "referral")
        .order_by("meeting__starts_at", "position")
    )


def overdue_actions_for_maracs(*, maracs):
    return (
        MaracAction.objects.filter(
            hearing__meeting__marac__in=maracs,
            status=ActionStatus.OPEN,
            due_on__lt=timezone.localdate(),
        )
        .select_related("agency", "hearing", "hearing__referral", "hearing__meeting")
        .order_by("due_on")
    )


def hearings_without_outcome(*, maracs):
    """Hearings of started meetings whose outcome is still to record."""
    return (
        Hearing.objects.filter(
            meeting__marac__in=maracs,
            meeting__cancelled_at__isnull=True,
            meeting__starts_at__lte=timezone.now(),
            removed_at__isnull=True,
            outcome="",
        )
        .select_related("meeting", "referral")
        .order_by("meeting__starts_at", "position")
    )


def cases_ready_to_close(*, maracs):
    """Heard cases with no open action."""
    open_actions = MaracAction.objects.filter(
        hearing__referral=OuterRef("pk"), status=ActionStatus.OPEN
    )
    return (
        MaracReferral.objects.filter(marac__in=maracs, status="heard")
        .exclude(Exists(open_actions))
        .order_by("referred_at")
    )


# The person page -----------------------------------------------------------------------------


@dataclass
class PersonMaracRow:
    referral: MaracReferral
    criteria: list[str]
    hearing: Hearing | None  # the latest on an agenda, if any
    may_open_referral: bool
    may_open_hearing: bool


def person_marac_for_user(*, user, person) -> list[PersonMaracRow]:
    """Her MARAC referrals, for users reading her record (the getter applied need-to-know):
    every agency working with her sees that she is (or was) a MARAC case and where it has got
    to; links only where the user may open the referral or the hearing."""
    rows = []
    for referral in (
        _referrals()
        .filter(person=person)
        .prefetch_related(
            Prefetch(
                "hearings",
                queryset=Hearing.objects.filter(removed_at__isnull=True)
                .select_related("meeting", "meeting__marac")
                .order_by("-meeting__starts_at"),
            )
        )
    ):
        hearings = list(referral.hearings.all())
        hearing = hearings[0] if hearings else None
        rows.append(
            PersonMaracRow(
                referral=referral,
                criteria=criteria_labels(referral.criteria),
                hearing=hearing,
                may_open_referral=is_coordinator_of(user, referral.marac)
                or (
                    may_work_with_people(user) and user.agency_id == referral.referred_by_agency_id
                ),
                may_open_hearing=hearing is not None and may_take_part(user, hearing),
            )
        )
    return rows


def referral_for_source(*, source) -> MaracReferral | None:
    """The referral a record (an assessment, an incident) gave a reason to, if any."""
    from harbour.audit.services import record_reference

    source_type, source_id = record_reference(source)
    reason = (
        ReferralReason.objects.filter(source_type=source_type, source_id=source_id)
        .exclude(kind=ReasonKind.FURTHER_INSTANCE)
        .select_related("referral", "referral__marac")
        .order_by("-at")
        .first()
    )
    return reason.referral if reason else None


def today_uk() -> datetime.date:
    return timezone.localdate()
