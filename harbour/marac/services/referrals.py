"""Setting up an area's MARAC, and its referrals: made by Harbour when an assessment meets a
criterion or a new instance of abuse repeats a case, or by a coordinator; withdrawn; closed."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.accounts.roles import Role
from harbour.audit.services import Action, access_log, record_reference
from harbour.marac import rules
from harbour.marac.choices import (
    ACTIVE_STATUSES,
    WAITING_STATUSES,
    ActionStatus,
    ClosureOutcome,
    Criterion,
    Origin,
    ReasonKind,
    ReferralStatus,
)
from harbour.marac.events import Event
from harbour.marac.models import (
    Marac,
    MaracAction,
    MaracReferral,
    MaracSharingBasis,
    ReferralReason,
)
from harbour.marac.services.access import (
    ASSESSMENT_CRITERIA,
    MAX_TEXT,
    REFERRAL_CATEGORIES,
    _end_referral_access,
    _locked_referral,
    _require_coordinator,
    _share,
    _text,
)
from harbour.notifications.catalogue import Kind
from harbour.notifications.services import notification_queue_for_agency
from harbour.people.models import InvolvementKind
from harbour.people.queries import may_work_with_people, person_access_for_user
from harbour.people.services import (
    involvement_add,
    person_event_add,
    share_involvement_add,
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
    ).select_related("referred_by", "referred_by_agency"):
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
