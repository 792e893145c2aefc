"""Every write to MARAC: referrals (automatic and by the coordinator), repeats, meetings and
their agendas, invitations, information for the meeting, actions, outcomes and closure.

Each service checks who may act and from which state, writes the access log and, for
meaningful changes, her timeline; emails name no one (``harbour.notifications.catalogue``).
Services that take a ``person`` expect one the caller read through
``harbour.people.queries.person_get_for_user`` (or, for the automatic referrals, the record an
assessment or incident was just made about). See ``docs/marac.md``.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from harbour.accounts.roles import CASEWORK_ROLES, AgencyKind, Role
from harbour.audit.services import Action, access_log, record_reference
from harbour.marac import conf, rules
from harbour.marac.choices import (
    ACTIVE_STATUSES,
    HEARD_OUTCOMES,
    STANDING_AGENCY_KINDS,
    WAITING_STATUSES,
    ActionStatus,
    ClosureOutcome,
    Criterion,
    HearingOutcome,
    Origin,
    ReasonKind,
    ReferralStatus,
)
from harbour.marac.events import Event
from harbour.marac.models import (
    Hearing,
    Information,
    Invitation,
    Marac,
    MaracAction,
    MaracReferral,
    MaracSharingBasis,
    Meeting,
    ReferralReason,
)
from harbour.notifications.catalogue import Kind
from harbour.notifications.services import notification_queue_for_agency
from harbour.people.models import DataCategory, InvolvementKind, Regime
from harbour.people.queries import may_work_with_people, person_access_for_user
from harbour.people.services import (
    involvement_add,
    involvement_end,
    involvement_end_for_source,
    person_event_add,
    share_involvement_add,
    share_record,
    share_stop,
)

logger = logging.getLogger(__name__)

MAX_TEXT = 4000

# What goes to the MARAC with a referral, and what her record opens to an agency hearing her case.
REFERRAL_CATEGORIES = (
    DataCategory.IDENTITY,
    DataCategory.CONTACT,
    DataCategory.CIRCUMSTANCES,
    DataCategory.CRIMINAL_OFFENCE,
    DataCategory.RISK,
)
HEARING_CATEGORIES = tuple(DataCategory.values)
# What an agency's information for the meeting includes unless it says otherwise.
INFORMATION_CATEGORIES = (
    DataCategory.CIRCUMSTANCES,
    DataCategory.CRIMINAL_OFFENCE,
    DataCategory.RISK,
)
# Agencies that can hear a case: those whose staff work with people's records.
CASEWORK_AGENCY_KINDS = (
    AgencyKind.POLICE,
    AgencyKind.IDVA_SERVICE,
    AgencyKind.VICTIM_CARE_HUB,
    AgencyKind.SPECIALIST_SERVICE,
    AgencyKind.SEX_WORKER_PROJECT,
    AgencyKind.COUNCIL,
)
ASSESSMENT_CRITERIA = (
    Criterion.HIGH_RISK,
    Criterion.PROFESSIONAL_JUDGEMENT,
    Criterion.POTENTIAL_ESCALATION,
)


# Who may do what ----------------------------------------------------------------------------


def is_coordinator_of(user, marac: Marac | None) -> bool:
    """A MARAC coordinator at the agency that runs ``marac``."""
    return (
        marac is not None
        and user is not None
        and getattr(user, "is_authenticated", False)
        and user.has_role(Role.MARAC_COORDINATOR)
        and user.agency_id == marac.agency_id
    )


def _require_coordinator(user, marac: Marac | None) -> None:
    if not is_coordinator_of(user, marac):
        raise PermissionDenied(_("Only the coordinators of this MARAC can do this."))


def regime_for(agency) -> str:
    """The police share for law enforcement (Part 3); every other agency under UK GDPR."""
    return Regime.DPA_PART_3 if agency.kind == AgencyKind.POLICE else Regime.UK_GDPR


def _text(value: str, *, field: str, required: str | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > MAX_TEXT:
        raise ValidationError(
            {field: _("Keep it to %(max)s characters or fewer.") % {"max": MAX_TEXT}}
        )
    return value


def _uk_day(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


# Sharing on the MARAC's recorded basis ---------------------------------------------------------


def sharing_basis_for(*, marac: Marac, regime: str) -> MaracSharingBasis:
    basis = (
        MaracSharingBasis.objects.select_related("basis", "condition")
        .filter(marac=marac, regime=regime)
        .first()
    )
    if basis is None:
        raise ValidationError(
            _(
                "The %(marac)s has no information-sharing basis recorded for %(regime)s. Ask an "
                "administrator to record it before sharing."
            )
            % {"marac": marac.name, "regime": Regime(regime).label}
        )
    return basis


def _share(*, marac: Marac, person, by, agency, purpose: str, categories: Sequence[str]):
    """Record a share from ``by``'s agency to ``agency`` on the MARAC's basis for ``by``'s
    regime. The share gives no access of its own (``involve=False``)."""
    recorded = sharing_basis_for(marac=marac, regime=regime_for(by.agency))
    return share_record(
        person=person,
        by=by,
        agency=agency,
        purpose=f"{purpose} ({recorded.purpose})"[:200],
        categories=list(categories),
        regime=recorded.regime,
        basis=recorded.basis,
        condition=recorded.condition,
        justification=recorded.justification or marac.protocol,
        preconditions_confirmed=list(recorded.preconditions_confirmed),
        involve=False,
    )


# Setting up an area's MARAC ------------------------------------------------------------------


@dataclass(frozen=True)
class BasisSpec:
    regime: str
    basis: object  # people.LawfulBasis
    purpose: str
    condition: object | None = None  # people.ProcessingCondition
    preconditions_confirmed: Sequence[str] = ()
    justification: str = ""


@transaction.atomic
def marac_setup(
    *,
    local_authority,
    agency,
    name: str,
    protocol: str,
    bases: Iterable[BasisSpec] = (),
    venue: str = "",
) -> Marac:
    """Set up (or update) the MARAC of an area and its sharing bases, then give its
    coordinating agency the referrals of that area made while none was set up."""
    marac, _created = Marac.objects.update_or_create(
        local_authority=local_authority,
        defaults={"agency": agency, "name": name, "protocol": protocol, "venue": venue},
    )
    for spec in bases:
        recorded = MaracSharingBasis(
            marac=marac,
            regime=spec.regime,
            basis=spec.basis,
            condition=spec.condition,
            purpose=spec.purpose,
            preconditions_confirmed=list(spec.preconditions_confirmed),
            justification=spec.justification,
        )
        recorded.full_clean(exclude=["marac"], validate_unique=False)
        MaracSharingBasis.objects.update_or_create(
            marac=marac,
            regime=spec.regime,
            defaults={
                "basis": spec.basis,
                "condition": spec.condition,
                "purpose": spec.purpose,
                "preconditions_confirmed": list(spec.preconditions_confirmed),
                "justification": spec.justification,
            },
        )
    marac_attach_waiting(marac=marac)
    return marac


def marac_attach_waiting(*, marac: Marac) -> int:
    """Referrals of the MARAC's area made before it was set up: they are now its own."""
    attached = 0
    for referral in MaracReferral.objects.filter(
        marac__isnull=True, local_authority=marac.local_authority, status__in=ACTIVE_STATUSES
    ).select_related("person", "referred_by", "referred_by_agency"):
        referral.marac = marac
        referral.save(update_fields=["marac"])
        _involve_coordinating_agency(referral, by=referral.referred_by)
        attached += 1
    return attached


def marac_for_area(local_authority) -> Marac | None:
    if local_authority is None:
        return None
    return Marac.objects.filter(local_authority=local_authority, is_active=True).first()


# Referrals ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    kind: str
    source: object | None = None  # the record it came from (an assessment, an incident)
    detail: dict | None = None


def _area_for(*, person, incident=None, by=None):
    """Her area; else the incident's; else her latest recorded incident's; else the area of
    the referring agency when it covers only one."""
    if person.local_authority_id:
        return person.local_authority
    if incident is not None:
        return incident.local_authority
    from harbour.incidents.models import Incident

    latest = (
        Incident.objects.filter(victim_id=person.pk)
        .select_related("local_authority")
        .order_by("-occurred_at")
        .first()
    )
    if latest is not None:
        return latest.local_authority
    if by is not None and getattr(by, "agency", None) is not None:
        areas = list(by.agency.areas.all()[:2])
        if len(areas) == 1:
            return areas[0]
    return None


def _involve_coordinating_agency(referral: MaracReferral, *, by) -> None:
    """The coordinating agency's part in her case while the referral is open: through a share
    from the referring agency on the MARAC's basis, or (from its own agency, or where no basis
    can be used) directly."""
    marac = referral.marac
    person = referral.person
    if (
        by is not None
        and by.agency_id != marac.agency_id
        and may_work_with_people(by)
        and referral.share_id is None
    ):
        try:
            with transaction.atomic():
                share = _share(
                    marac=marac,
                    person=person,
                    by=by,
                    agency=marac.agency,
                    purpose=_("Referral to the %(marac)s") % {"marac": marac.name},
                    categories=REFERRAL_CATEGORIES,
                )
                share_involvement_add(
                    share=share, by=by, kind=InvolvementKind.REFERRAL, source=referral
                )
                referral.share = share
                referral.save(update_fields=["share"])
                return
        except ValidationError as refused:
            access_log(
                user=by,
                action=Action.UPDATE,
                record=referral,
                reason="MARAC sharing basis could not be used",
                detail={"errors": sorted(getattr(refused, "message_dict", {"": 0}))},
                flagged=True,
            )
    involvement_add(
        person=person,
        agency=marac.agency,
        kind=InvolvementKind.REFERRAL,
        by=by,
        source=referral,
        note=_("MARAC referral"),
    )


def _add_reasons(referral: MaracReferral, reasons: Iterable[Reason], by) -> list[ReferralReason]:
    """Add reasons not already recorded from the same record; update the criteria met."""
    added = []
    criteria = list(referral.criteria or [])
    for reason in reasons:
        source_type, source_id = record_reference(reason.source) if reason.source else ("", "")
        if (
            source_type
            and referral.reasons.filter(
                kind=reason.kind, source_type=source_type, source_id=source_id
            ).exists()
        ):
            continue
        added.append(
            ReferralReason.objects.create(
                referral=referral,
                kind=reason.kind,
                source_type=source_type,
                source_id=source_id,
                by=by if by is not None and by.is_authenticated else None,
                by_agency=getattr(by, "agency", None),
                detail=reason.detail or {},
            )
        )
        if reason.kind in Criterion.values and reason.kind not in criteria:
            criteria.append(reason.kind)
    if criteria != list(referral.criteria or []):
        referral.criteria = criteria
        referral.save(update_fields=["criteria"])
    return added


def _criteria_text(criteria: Iterable[str]) -> str:
    return "; ".join(str(Criterion(c).label) for c in criteria)


def _refer(
    *,
    person,
    by,
    reasons: Sequence[Reason],
    area,
    origin: str,
    reason_text: str = "",
    repeat_of: MaracReferral | None = None,
    referred_at: datetime.datetime | None = None,
) -> MaracReferral:
    """Her waiting referral with these reasons added, or a new referral (never two waiting)."""
    waiting = (
        MaracReferral.objects.select_for_update()
        .filter(person=person, status__in=WAITING_STATUSES)
        .first()
    )
    if waiting is None:
        marac = marac_for_area(area)
        try:
            with transaction.atomic():
                referral = MaracReferral.objects.create(
                    person=person,
                    local_authority=area,
                    marac=marac,
                    origin=origin,
                    reason=reason_text,
                    referred_at=referred_at or timezone.now(),
                    referred_by=by if by is not None and by.is_authenticated else None,
                    referred_by_agency=by.agency,
                    is_repeat=repeat_of is not None,
                    repeat_of=repeat_of,
                )
        except IntegrityError:  # another referral for her was made at the same moment
            waiting = MaracReferral.objects.select_for_update().get(
                person=person, status__in=WAITING_STATUSES
            )
        else:
            _add_reasons(referral, reasons, by)
            if marac is not None:
                _involve_coordinating_agency(referral, by=by)
                notification_queue_for_agency(
                    agency=marac.agency,
                    kind=Kind.REFERRAL_RECEIVED,
                    roles={Role.MARAC_COORDINATOR},
                )
            person_event_add(
                person=person,
                type=Event.REFERRED,
                by=by,
                parameters={
                    "area": area.name if area else _("area not known"),
                    "criteria": _criteria_text(referral.criteria),
                },
            )
            access_log(
                user=by,
                action=Action.CREATE,
                record=referral,
                reason=origin,
                detail={
                    "person": person.public_id,
                    "criteria": list(referral.criteria),
                    "repeat": referral.is_repeat,
                    "marac": marac.public_id if marac else "",
                },
                flagged=marac is None,
            )
            return referral
    added = _add_reasons(waiting, reasons, by)
    if repeat_of is not None and not waiting.is_repeat and waiting.pk != repeat_of.pk:
        waiting.is_repeat = True
        waiting.repeat_of = repeat_of
        waiting.save(update_fields=["is_repeat", "repeat_of"])
    if added:
        person_event_add(
            person=person,
            type=Event.REASON_ADDED,
            by=by,
            parameters={"reason": "; ".join(str(r.get_kind_display()) for r in added)},
        )
        access_log(
            user=by,
            action=Action.UPDATE,
            record=waiting,
            reason="reasons added",
            detail={"person": person.public_id, "added": [r.kind for r in added]},
        )
    return waiting


@transaction.atomic
def referral_from_assessment(*, assessment, by) -> MaracReferral | None:
    """A risk assessment meeting a MARAC criterion (visible high risk, professional judgement,
    potential escalation) refers her to the MARAC of her area, or adds its criteria to the
    referral already waiting for her. Standard and medium levels without escalation do not."""
    criteria = [c for c in ASSESSMENT_CRITERIA if c in (assessment.marac_criteria or [])]
    if not criteria:
        return None
    detail = {"level": assessment.level, "tool": assessment.tool_version.tool.key}
    reasons = []
    for criterion in criteria:
        extra = {}
        if criterion == Criterion.POTENTIAL_ESCALATION:
            extra["police_callouts_12_months"] = assessment.police_callouts_12_months
        reasons.append(Reason(criterion, assessment, {**detail, **extra}))
    person = assessment.person
    return _refer(
        person=person,
        by=by,
        reasons=reasons,
        area=_area_for(person=person, incident=assessment.incident, by=by),
        origin=Origin.AUTOMATIC,
    )


def last_referral_before(*, person_id: int, moment: datetime.datetime) -> MaracReferral | None:
    """Her latest referral made before ``moment`` (withdrawn referrals were never heard, and
    do not count)."""
    return (
        MaracReferral.objects.filter(person_id=person_id, referred_at__lt=moment)
        .exclude(status=ReferralStatus.WITHDRAWN)
        .order_by("-referred_at", "-id")
        .first()
    )


def repeat_of_for(*, incident, harmer_person_id: int) -> MaracReferral | None:
    """The referral that a newly recorded instance of abuse repeats, if any.

    It is a repeat when: she had a MARAC referral before it happened; it happened within 12
    months of the latest such referral (``rules.within_repeat_window``); and the person named as
    harming her in it had harmed her before that referral (an instance between the two that
    happened on or before it, recorded by any agency). See ``docs/marac.md``.
    """
    from harbour.incidents.queries import abuse_instances_between

    last = last_referral_before(person_id=incident.victim_id, moment=incident.occurred_at)
    if last is None:
        return None
    if not rules.within_repeat_window(
        referred_at=last.referred_at, occurred_at=incident.occurred_at
    ):
        return None
    same_person = (
        abuse_instances_between(incident.victim_id, harmer_person_id)
        .filter(occurred_at__lte=last.referred_at)
        .exclude(pk=incident.pk)
        .exists()
    )
    return last if same_person else None


@transaction.atomic
def repeat_check(*, incident, harmer_person_id: int, by) -> MaracReferral | None:
    """Called when any agency names a person as harming her (a police incident or a disclosure
    to another agency). A repeat (``repeat_of_for``) refers her again, flagged as a repeat; if a
    referral is already waiting for her, the instance is added to it: as a repeat when it
    repeats an earlier referral, or as a further instance of abuse when it follows the waiting
    referral itself (a case is not a repeat of itself)."""
    last = repeat_of_for(incident=incident, harmer_person_id=harmer_person_id)
    if last is None:
        return None
    detail = {"repeats": last.public_id, "incident_kind": incident.kind}
    waiting = (
        MaracReferral.objects.filter(person_id=incident.victim_id, status__in=WAITING_STATUSES)
        .only("pk")
        .first()
    )
    if waiting is not None and waiting.pk == last.pk:
        reasons = [Reason(ReasonKind.FURTHER_INSTANCE, incident, detail)]
        repeat_of = None
    else:
        reasons = [Reason(ReasonKind.REPEAT, incident, detail)]
        repeat_of = last
    victim = incident.victim
    return _refer(
        person=victim,
        by=by,
        reasons=reasons,
        area=_area_for(person=victim, incident=incident, by=by),
        origin=Origin.AUTOMATIC,
        repeat_of=repeat_of,
    )


@transaction.atomic
def referral_create_manual(*, person, by, marac: Marac, reason: str) -> MaracReferral:
    """A coordinator refers her on professional judgement, with the reason."""
    _require_coordinator(by, marac)
    if not person_access_for_user(user=by, person=person):
        raise PermissionDenied
    reason = _text(reason, field="reason", required=_("Say why she should be heard at the MARAC."))
    waiting = MaracReferral.objects.filter(person=person, status__in=WAITING_STATUSES).first()
    if waiting is not None:
        raise ValidationError(
            _("She already has a referral waiting to be heard (reference %(ref)s).")
            % {"ref": waiting.reference}
        )
    return _refer(
        person=person,
        by=by,
        reasons=[Reason(Criterion.PROFESSIONAL_JUDGEMENT, None, {"by": "coordinator"})],
        area=marac.local_authority,
        origin=Origin.COORDINATOR,
        reason_text=reason,
    )


def _locked_referral(referral: MaracReferral) -> MaracReferral:
    return (
        MaracReferral.objects.select_for_update(of=("self",))
        .select_related("marac", "marac__agency", "person", "share")
        .get(pk=referral.pk)
    )


def _end_hearing_access(*, hearing: Hearing, by, reason: str) -> int:
    """End every current invitation to a hearing: its share stops and the agency's part in her
    case through it ends."""
    ended = 0
    for invitation in hearing.invitations.filter(ended_at__isnull=True).select_related(
        "share", "involvement", "agency"
    ):
        if invitation.share_id:  # stopping the share ends the involvement tied to it
            share_stop(share=invitation.share, by=by, reason=reason)
        elif invitation.involvement_id:
            involvement_end(involvement=invitation.involvement, by=by, reason=reason)
        invitation.ended_at = timezone.now()
        invitation.end_reason = reason[:200]
        invitation.save(update_fields=["ended_at", "end_reason"])
        ended += 1
    return ended


def _end_referral_access(referral: MaracReferral, *, by, reason: str) -> None:
    for hearing in referral.hearings.all():
        _end_hearing_access(hearing=hearing, by=by, reason=reason)
        for information in hearing.information.exclude(share=None).select_related("share"):
            share_stop(share=information.share, by=by, reason=reason)
    if referral.share_id:
        share_stop(share=referral.share, by=by, reason=reason)
    involvement_end_for_source(source=referral, by=by, reason=reason)


@transaction.atomic
def referral_withdraw(*, referral: MaracReferral, by, reason: str) -> MaracReferral:
    """The coordinator withdraws a referral that has not been heard (made in error, or she is
    already heard elsewhere); it leaves any agenda and the agencies' access ends."""
    referral = _locked_referral(referral)
    _require_coordinator(by, referral.marac)
    if referral.status not in WAITING_STATUSES:
        raise ValidationError(_("Only a referral waiting to be heard can be withdrawn."))
    reason = _text(reason, field="reason", required=_("Say why the referral is withdrawn."))
    now = timezone.now()
    for hearing in referral.hearings.filter(removed_at__isnull=True, outcome=""):
        hearing.removed_at = now
        hearing.removed_by = by
        hearing.save(update_fields=["removed_at", "removed_by"])
    referral.status = ReferralStatus.WITHDRAWN
    referral.withdrawn_at = now
    referral.withdrawn_by = by
    referral.withdraw_reason = reason
    referral.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdraw_reason"])
    _end_referral_access(referral, by=by, reason=_("MARAC referral withdrawn"))
    person_event_add(person=referral.person, type=Event.WITHDRAWN, by=by)
    access_log(user=by, action=Action.UPDATE, record=referral, reason="withdrawn")
    return referral


@transaction.atomic
def referral_close(*, referral: MaracReferral, by, outcome: str, notes: str = "") -> MaracReferral:
    """Close a heard case once no action is open. The invited agencies' part in her case ends
    (their shares stop), and so does the coordinating agency's; the MARAC's record stays."""
    referral = _locked_referral(referral)
    _require_coordinator(by, referral.marac)
    if referral.status != ReferralStatus.HEARD:
        raise ValidationError(_("Only a case that has been heard can be closed."))
    errors = {}
    notes = (notes or "").strip()
    if outcome not in ClosureOutcome.values:
        errors["outcome"] = _("Choose the outcome.")
    elif outcome == ClosureOutcome.OTHER and not notes:
        errors["notes"] = _("Describe the outcome.")
    if len(notes) > MAX_TEXT:
        errors["notes"] = _("Keep it to %(max)s characters or fewer.") % {"max": MAX_TEXT}
    open_actions = MaracAction.objects.filter(
        hearing__referral=referral, status=ActionStatus.OPEN
    ).count()
    if open_actions:
        errors["__all__"] = _(
            "%(n)s actions are still open: each must be done or marked not needed first."
        ) % {"n": open_actions}
    if errors:
        raise ValidationError(errors)
    referral.status = ReferralStatus.CLOSED
    referral.closed_at = timezone.now()
    referral.closed_by = by
    referral.outcome = outcome
    referral.outcome_notes = notes
    referral.save(update_fields=["status", "closed_at", "closed_by", "outcome", "outcome_notes"])
    _end_referral_access(referral, by=by, reason=_("MARAC case closed"))
    person_event_add(
        person=referral.person,
        type=Event.CLOSED,
        by=by,
        parameters={"outcome": str(ClosureOutcome(outcome).label)},
    )
    access_log(
        user=by, action=Action.UPDATE, record=referral, reason="closed", detail={"outcome": outcome}
    )
    return referral


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
    """Put the agenda in order: repeats first, then visible high risk, then escalation."""
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
        .select_related("person"),
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
def meeting_cancel(*, meeting: Meeting, by) -> Meeting:
    """Cancel a meeting that has not started: its cases wait for another meeting."""
    meeting = Meeting.objects.select_for_update().select_related("marac").get(pk=meeting.pk)
    _require_coordinator(by, meeting.marac)
    _require_open_agenda(meeting)
    for hearing in _agenda(meeting):
        hearing_remove(hearing=hearing, by=by, reason="meeting cancelled")
    meeting.cancelled_at = timezone.now()
    meeting.cancelled_by = by
    meeting.save(update_fields=["cancelled_at", "cancelled_by"])
    access_log(user=by, action=Action.UPDATE, record=meeting, reason="cancelled")
    return meeting


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


def _require_hearing_open(hearing: Hearing) -> None:
    if not hearing.is_on_agenda or hearing.meeting.is_cancelled:
        raise ValidationError(_("This case is no longer on the agenda."))
    if hearing.referral.status not in (ReferralStatus.LISTED, ReferralStatus.HEARD):
        raise ValidationError(_("This case is closed."))


@transaction.atomic
def invitation_add(*, hearing: Hearing, agency, by) -> Invitation:
    """Invite an agency to hear a case: the MARAC shares her record with it on the MARAC's
    recorded basis, and the agency becomes involved in her case (``marac_hearing``) until the
    case closes. Its casework users are told by email (no details)."""
    hearing = Hearing.objects.select_related("meeting__marac__agency", "referral__person").get(
        pk=hearing.pk
    )
    marac = hearing.meeting.marac
    _require_coordinator(by, marac)
    _require_hearing_open(hearing)
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
        purpose=_("%(marac)s meeting on %(date)s")
        % {"marac": marac.name, "date": _uk_day(hearing.meeting.starts_at)},
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
    for hearing in _agenda(meeting).filter(outcome="").select_related("referral__person"):
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


def may_take_part(user, hearing: Hearing) -> bool:
    """The coordinators of its MARAC, and casework users of an agency invited to hear it."""
    if is_coordinator_of(user, hearing.meeting.marac):
        return True
    return (
        may_work_with_people(user)
        and hearing.invitations.filter(agency_id=user.agency_id, ended_at__isnull=True).exists()
    )


@transaction.atomic
def information_record(
    *, hearing: Hearing, by, text: str, categories: Sequence[str] = INFORMATION_CATEGORIES
) -> Information:
    """What ``by``'s agency knows, for the meeting. Its disclosure to the MARAC is recorded as
    a share on the MARAC's basis (Part 3 for the police, UK GDPR for others); the coordinating
    agency's own information needs none."""
    hearing = Hearing.objects.select_related("meeting__marac__agency", "referral__person").get(
        pk=hearing.pk
    )
    if not may_take_part(by, hearing):
        raise PermissionDenied
    _require_hearing_open(hearing)
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
    hearing = Hearing.objects.select_related("meeting__marac", "referral__person").get(
        pk=hearing.pk
    )
    _require_coordinator(by, hearing.meeting.marac)
    _require_hearing_open(hearing)
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


def may_complete(user, action: MaracAction) -> bool:
    return is_coordinator_of(user, action.hearing.meeting.marac) or (
        may_work_with_people(user)
        and user.agency_id == action.agency_id
        and action.hearing.invitations.filter(
            agency_id=user.agency_id, ended_at__isnull=True
        ).exists()
    )


def _locked_action(action: MaracAction) -> MaracAction:
    return (
        MaracAction.objects.select_for_update(of=("self",))
        .select_related("hearing__meeting__marac", "hearing__referral__person", "agency")
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
