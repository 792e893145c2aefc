"""Every write to referrals, needs assessments and self-referrals.

Each transition is a service here: it checks who may make it and from which state, writes the
referral's own event and the person's timeline, the access log, and notifies whoever must act
next (emails carry no details, ``harbour.notifications.catalogue``). Services that take a
``person`` expect one the caller read through ``harbour.people.queries.person_get_for_user``.
See ``docs/referrals.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.accounts.roles import CASEWORK_ROLES, AgencyKind
from harbour.audit.services import Action, access_log
from harbour.core.drafts import draft_save
from harbour.core.ids import looks_like_public_id
from harbour.directory.choices import ServiceStatus
from harbour.directory.taxonomy import NEEDS
from harbour.notifications.catalogue import Kind
from harbour.notifications.services import notification_queue, notification_queue_for_agency
from harbour.people.models import Agreement, InvolvementKind, LawfulBasis, ProcessingCondition
from harbour.people.queries import (
    may_work_with_people,
    person_access_for_user,
    person_encrypted_paths,
)
from harbour.people.services import (
    involvement_add,
    involvement_end_for_source,
    person_event_add,
    person_update,
    share_involvement_add,
    share_record,
    share_stop,
)
from harbour.referrals.choices import (
    SELF_REFERRAL_CHANNELS,
    DeclineReason,
    Domain,
    NeedLevel,
    Outcome,
    ReceivingView,
    RiskLevel,
    SelfReferralClosure,
    SelfReferralStatus,
    Status,
)
from harbour.referrals.events import Event
from harbour.referrals.matrix import CATEGORIES, INVOLVED_ON_ACCEPT, receiving_view_for
from harbour.referrals.models import (
    NeedsAssessment,
    NeedsAssessmentItem,
    Referral,
    ReferralDraft,
    ReferralEvent,
    SelfReferral,
)

MAX_TEXT = 4000
SOURCE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*:(?P<public_id>[0-9a-z]{16})$")


@dataclass(frozen=True)
class SharingBasis:
    """On what footing her information goes with the referral (see ``share_record``)."""

    regime: str
    basis: LawfulBasis | None
    condition: ProcessingCondition | None = None
    agreement: Agreement | None = None
    justification: str = ""
    preconditions_confirmed: Sequence[str] = ()


def source_is_valid(source: str) -> bool:
    """An opaque reference to another app's record: ``app_label.model:public_id``."""
    match = SOURCE_PATTERN.match(source or "")
    return bool(match) and looks_like_public_id(match.group("public_id"))


def _is_caseworker_at(user, agency) -> bool:
    return may_work_with_people(user) and agency is not None and user.agency_id == agency.pk


def _event(referral: Referral, type: str, by=None, **parameters) -> ReferralEvent:
    return ReferralEvent.objects.create(
        referral=referral,
        type=type,
        by=by if by is not None and by.is_authenticated else None,
        by_agency=getattr(by, "agency", None) if by is not None else None,
        parameters={k: str(v) for k, v in parameters.items()},
    )


def _person_event(referral: Referral, type: str, by=None, **parameters) -> None:
    """Her timeline: read by the agencies involved in her case, as the share it records is."""
    person_event_add(
        person=referral.person,
        type=type,
        by=by,
        parameters={
            "agency": referral.to_agency.name,
            **{k: str(v) for k, v in parameters.items()},
        },
    )


def _log(*, by, action: str, referral: Referral, reason: str = "", **detail) -> None:
    access_log(
        user=by,
        action=action,
        record=referral,
        reason=reason,
        detail={"person": referral.person.public_id, "status": referral.status, **detail},
    )


def _share_active(referral: Referral) -> bool:
    return referral.share_id is None or referral.share.stopped_at is None


# Sending -----------------------------------------------------------------------------------------


def _service_errors(*, service, to_agency, need, view: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if service is None:
        if view == ReceivingView.SERVICE:
            error("service", _("Choose the service from the directory."))
        return errors
    agency = service.organisation.agency
    if agency is None:
        error(
            "service",
            _(
                "%(service)s is run by an organisation outside the partnership, so it cannot "
                "receive referrals in Harbour. Contact the service directly."
            )
            % {"service": service.name},
        )
        return errors
    if agency.pk != to_agency.pk:
        error("service", _("That service belongs to another agency."))
    if service.status != ServiceStatus.ACTIVE:
        error("service", _("That service is not taking referrals at the moment."))
    if not service.professional_referral:
        error("service", _("That service does not take referrals from professionals."))
    if need is not None:
        codes = set(service.needs.values_list("code", flat=True))
        codes |= set(service.needs.exclude(parent=None).values_list("parent__code", flat=True))
        if need.code not in codes:
            error("need", _("The service chosen does not offer that kind of support."))
    return errors


@transaction.atomic
def referral_send(
    *,
    person,
    by,
    to_agency,
    reason: str,
    risk_level: str,
    sharing: SharingBasis | None,
    service=None,
    need=None,
    circumstances: str = "",
    risk_reasons: str = "",
    source: str = "",
    onward_from: Referral | None = None,
) -> Referral:
    """Refer ``person`` (read through the getter) to ``to_agency``, sharing on a recorded basis.

    Refused with field errors, and nothing saved, when: the agency cannot receive referrals in
    Harbour (a directory service outside the partnership, a police force...); the service is
    not taking professional referrals or does not meet the need; the reason or risk level is
    missing; the background is given to a specialist service (it never sees it); she already
    has an open referral there; or the sharing basis is not valid (``share_record``'s checks).
    The receiving agency's casework users are told by email, in fixed words.
    """
    if not may_work_with_people(by) or not person_access_for_user(user=by, person=person):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    reason = (reason or "").strip()
    circumstances = (circumstances or "").strip()
    risk_reasons = (risk_reasons or "").strip()
    source = (source or "").strip()
    view = receiving_view_for(to_agency) if to_agency is not None else None
    if to_agency is None:
        error("to_agency", _("Choose where to refer her."))
    elif view is None or not to_agency.is_active:
        error("to_agency", _("That agency cannot receive referrals in Harbour."))
    elif to_agency.pk == by.agency_id:
        error("to_agency", _("Choose an agency other than your own."))
    if need is not None and need.taxonomy.code != NEEDS:
        error("need", _("Choose a kind of support from the list."))
    if view is not None:
        for name, messages in _service_errors(
            service=service, to_agency=to_agency, need=need, view=view
        ).items():
            errors.setdefault(name, []).extend(messages)
        if view == ReceivingView.SERVICE and need is None:
            error("need", _("Choose the kind of support she needs."))
        if view == ReceivingView.SERVICE and circumstances:
            error(
                "circumstances",
                _("A specialist service does not see the background: leave it out."),
            )
    if not reason:
        error("reason", _("Say why you are referring her and what she wants help with."))
    elif len(reason) > MAX_TEXT:
        error("reason", _("The reason must be %(max)s characters or fewer.") % {"max": MAX_TEXT})
    if len(circumstances) > MAX_TEXT:
        error(
            "circumstances",
            _("The background must be %(max)s characters or fewer.") % {"max": MAX_TEXT},
        )
    if len(risk_reasons) > MAX_TEXT:
        error(
            "risk_reasons",
            _("The reasons must be %(max)s characters or fewer.") % {"max": MAX_TEXT},
        )
    if risk_level not in RiskLevel.values:
        error("risk_level", _("Choose the risk level from her latest risk assessment."))
    if source and not source_is_valid(source):
        error("source", _("The record this referral comes from is not recognised."))
    if onward_from is not None and (
        onward_from.person_id != person.pk
        or onward_from.to_agency_id != by.agency_id
        or onward_from.status != Status.ACCEPTED
    ):
        error(None, _("Refer on only from a referral your agency has accepted for her."))
    if to_agency is not None and view is not None:
        open_here = Referral.objects.filter(
            person=person, to_agency=to_agency, status__in=[Status.SENT, Status.ACCEPTED]
        )
        if service is not None:
            open_here = open_here.filter(service=service)
        existing = open_here.first()
        if existing is not None:
            error(
                "to_agency",
                _("She already has an open referral there (reference %(ref)s).")
                % {"ref": existing.reference},
            )
    share = None
    if sharing is None or sharing.basis is None:
        error("basis", _("Choose the lawful basis on which her information is shared."))
    elif view is not None and not errors.get("to_agency"):
        try:
            share = share_record(
                person=person,
                by=by,
                agency=to_agency,
                purpose=_("Referral to %(agency)s") % {"agency": to_agency.name},
                categories=CATEGORIES[view],
                regime=sharing.regime,
                basis=sharing.basis,
                condition=sharing.condition,
                agreement=sharing.agreement,
                justification=sharing.justification,
                preconditions_confirmed=sharing.preconditions_confirmed,
                involve=False,
            )
        except ValidationError as refused:
            for name, messages in refused.message_dict.items():
                target = {"preconditions": "preconditions_confirmed", "agency": "to_agency"}.get(
                    name, name
                )
                errors.setdefault(target, []).extend(messages)
    if errors:
        raise ValidationError({k or "__all__": v for k, v in errors.items()})
    referral = Referral.objects.create(
        person=person,
        from_agency=by.agency,
        sent_by=by,
        to_agency=to_agency,
        service=service,
        service_name=service.name if service else "",
        receiving_view=view,
        need=need,
        reason=reason,
        circumstances=circumstances,
        risk_level=risk_level,
        risk_reasons=risk_reasons,
        source=source,
        onward_from=onward_from,
        share=share,
    )
    _event(referral, Event.SENT, by, sender=by.agency.name)
    _person_event(referral, Event.SENT, by, sender=by.agency.name)
    _log(
        by=by,
        action=Action.SHARE,
        referral=referral,
        reason=f"Referral to {to_agency.public_id}",
        to_agency=to_agency.public_id,
        share=share.public_id if share else "",
        view=view,
    )
    notification_queue_for_agency(
        agency=to_agency, kind=Kind.REFERRAL_RECEIVED, roles=set(CASEWORK_ROLES)
    )
    return referral


# Drafts: a referral being made ------------------------------------------------------------------


def referral_draft_save(
    *, by, person, answers: Mapping, draft: ReferralDraft | None = None
) -> ReferralDraft:
    """Keep what ``by`` has entered so far in making a referral for ``person`` (read through the
    getter) in a draft of ``harbour.core.drafts``: a new one, or ``answers`` merged into
    ``draft``, which must be ``by``'s own, for the same person, and not expired. Its two hours
    start again from now."""
    if not may_work_with_people(by) or not person_access_for_user(user=by, person=person):
        raise PermissionDenied
    if draft is not None and (
        draft.owner_id != by.pk
        or draft.person_id != person.pk
        or draft.expires_at <= timezone.now()
    ):
        raise PermissionDenied
    data = {**((draft.data or {}) if draft is not None else {}), **dict(answers)}
    return draft_save(ReferralDraft, owner=by, data=data, draft=draft, person=person)


# Decisions --------------------------------------------------------------------------------------


def _require_receiver(referral: Referral, by) -> None:
    if not _is_caseworker_at(by, referral.to_agency):
        raise PermissionDenied(_("Only the agency the referral was sent to can do this."))


def _require_sender(referral: Referral, by) -> None:
    if referral.from_agency is None or not _is_caseworker_at(by, referral.from_agency):
        raise PermissionDenied(_("Only the agency that sent the referral can do this."))


def _require_status(referral: Referral, allowed: Iterable[str], message: str) -> None:
    if referral.status not in allowed:
        raise ValidationError(message % {"status": referral.get_status_display().lower()})


def _locked(referral: Referral) -> Referral:
    """The referral's row, locked for the transition (two users deciding at once)."""
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("to_agency", "from_agency", "share", "person")
        .defer(*person_encrypted_paths("person"))  # her id and flags only: nothing decrypted
        .get(pk=referral.pk)
    )


@transaction.atomic
def referral_accept(*, referral: Referral, by) -> Referral:
    """The receiving agency accepts. The hub and IDVA services become involved in her case
    (her whole record opens to them, tied to the referral's share); a specialist service works
    from the referral alone."""
    referral = _locked(referral)
    _require_receiver(referral, by)
    _require_status(
        referral,
        [Status.SENT],
        _("Only a referral waiting for a decision can be accepted: this one is %(status)s."),
    )
    if not _share_active(referral):
        raise ValidationError(_("Sharing has stopped for this referral, so it cannot be accepted."))
    referral.status = Status.ACCEPTED
    referral.accepted_at = timezone.now()
    referral.accepted_by = by
    referral.save(update_fields=["status", "accepted_at", "accepted_by"])
    if referral.receiving_view in INVOLVED_ON_ACCEPT:
        if referral.share_id:
            share_involvement_add(
                share=referral.share, by=by, kind=InvolvementKind.REFERRAL, source=referral
            )
        else:
            involvement_add(
                person=referral.person,
                agency=referral.to_agency,
                kind=InvolvementKind.REFERRAL,
                by=by,
                source=referral,
            )
    _event(referral, Event.ACCEPTED, by)
    _person_event(referral, Event.ACCEPTED, by)
    _log(by=by, action=Action.UPDATE, referral=referral, reason="accepted")
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, by, reason: str, details: str = "") -> Referral:
    """The receiving agency declines, with a reason. Sharing stops; the sender is told there is
    something to do (find other support)."""
    referral = _locked(referral)
    _require_receiver(referral, by)
    _require_status(
        referral,
        [Status.SENT],
        _("Only a referral waiting for a decision can be declined: this one is %(status)s."),
    )
    details = (details or "").strip()
    errors = {}
    if reason not in DeclineReason.values:
        errors["reason"] = _("Choose why the referral is declined.")
    elif reason == DeclineReason.OTHER and not details:
        errors["details"] = _("Say why the referral is declined.")
    if len(details) > MAX_TEXT:
        errors["details"] = _("Keep it to %(max)s characters or fewer.") % {"max": MAX_TEXT}
    if errors:
        raise ValidationError(errors)
    referral.status = Status.DECLINED
    referral.declined_at = timezone.now()
    referral.declined_by = by
    referral.decline_reason = reason
    referral.decline_details = details
    referral.save(
        update_fields=["status", "declined_at", "declined_by", "decline_reason", "decline_details"]
    )
    if referral.share_id:
        share_stop(share=referral.share, by=by, reason=_("Referral declined"))
    label = DeclineReason(reason).label
    _event(referral, Event.DECLINED, by, reason=label)
    _person_event(referral, Event.DECLINED, by, reason=label)
    _log(by=by, action=Action.UPDATE, referral=referral, reason="declined", why=reason)
    _tell_sender(referral)
    return referral


def _tell_sender(referral: Referral) -> None:
    sender = referral.sent_by
    if sender is not None and sender.is_active and sender.agency_id == referral.from_agency_id:
        notification_queue(recipient=sender, kind=Kind.NEW_TASK)
    elif referral.from_agency is not None:
        notification_queue_for_agency(
            agency=referral.from_agency, kind=Kind.NEW_TASK, roles=set(CASEWORK_ROLES)
        )


@transaction.atomic
def referral_decline_dealt_with(*, referral: Referral, by) -> Referral:
    """The sender has acted on a declined referral (found other support, or decided none is
    needed): it leaves the sender's work queue."""
    referral = _locked(referral)
    _require_sender(referral, by)
    _require_status(referral, [Status.DECLINED], _("This referral is %(status)s, not declined."))
    if referral.decline_dealt_with_at is None:
        referral.decline_dealt_with_at = timezone.now()
        referral.decline_dealt_with_by = by
        referral.save(update_fields=["decline_dealt_with_at", "decline_dealt_with_by"])
        _log(by=by, action=Action.UPDATE, referral=referral, reason="decline dealt with")
    return referral


@transaction.atomic
def referral_withdraw(*, referral: Referral, by, reason: str) -> Referral:
    """The sender withdraws a referral not yet decided. Sharing stops."""
    referral = _locked(referral)
    _require_sender(referral, by)
    _require_status(
        referral,
        [Status.SENT],
        _("Only a referral waiting for a decision can be withdrawn: this one is %(status)s."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the referral is withdrawn.")})
    if len(reason) > MAX_TEXT:
        raise ValidationError(
            {"reason": _("Keep it to %(max)s characters or fewer.") % {"max": MAX_TEXT}}
        )
    referral.status = Status.WITHDRAWN
    referral.withdrawn_at = timezone.now()
    referral.withdrawn_by = by
    referral.withdraw_reason = reason
    referral.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdraw_reason"])
    if referral.share_id:
        share_stop(share=referral.share, by=by, reason=_("Referral withdrawn"))
    _event(referral, Event.WITHDRAWN, by)
    _person_event(referral, Event.WITHDRAWN, by)
    _log(by=by, action=Action.UPDATE, referral=referral, reason="withdrawn")
    return referral


@transaction.atomic
def referral_close(*, referral: Referral, by, outcome: str, notes: str = "") -> Referral:
    """The receiving agency closes an accepted referral with its outcome. An involvement the
    referral gave ends; the referral's record stays."""
    referral = _locked(referral)
    _require_receiver(referral, by)
    _require_status(
        referral,
        [Status.ACCEPTED],
        _("Only an accepted referral can be closed: this one is %(status)s."),
    )
    notes = (notes or "").strip()
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    elif outcome == Outcome.OTHER and not notes:
        errors["notes"] = _("Describe the outcome.")
    if len(notes) > MAX_TEXT:
        errors["notes"] = _("Keep it to %(max)s characters or fewer.") % {"max": MAX_TEXT}
    if errors:
        raise ValidationError(errors)
    referral.status = Status.CLOSED
    referral.closed_at = timezone.now()
    referral.closed_by = by
    referral.outcome = outcome
    referral.outcome_notes = notes
    referral.save(update_fields=["status", "closed_at", "closed_by", "outcome", "outcome_notes"])
    involvement_end_for_source(source=referral, by=by, reason=_("Referral closed"))
    label = Outcome(outcome).label
    _event(referral, Event.CLOSED, by, outcome=label)
    _person_event(referral, Event.CLOSED, by, outcome=label)
    _log(by=by, action=Action.UPDATE, referral=referral, reason="closed", outcome=outcome)
    return referral


# Needs assessment -------------------------------------------------------------------------------


@transaction.atomic
def needs_assessment_record(
    *,
    referral: Referral,
    by,
    levels: Mapping[str, tuple[str, str]],
    support_needs: Iterable = (),
    summary: str = "",
) -> NeedsAssessment:
    """The hub's needs assessment for a referral it accepted: for every area (``Domain``) a
    level and notes, ``levels[domain] = (level, notes)``; and the kinds of specialist support
    she needs (needs-taxonomy terms), from which onward referrals are suggested."""
    referral = _locked(referral)
    _require_receiver(referral, by)
    if referral.receiving_view != ReceivingView.TRIAGE:
        raise PermissionDenied(_("Needs assessments are made by the victim care hub."))
    _require_status(
        referral,
        [Status.ACCEPTED],
        _("Accept the referral before assessing her needs: it is %(status)s."),
    )
    errors: dict[str, str] = {}
    cleaned = {}
    for domain in Domain:
        level, notes = levels.get(domain.value, ("", ""))
        notes = (notes or "").strip()
        if level not in NeedLevel.values:
            errors[f"level_{domain.value}"] = _("Choose a level for %(area)s.") % {
                "area": str(domain.label).lower()
            }
        if len(notes) > MAX_TEXT:
            errors[f"notes_{domain.value}"] = _(
                "Keep the notes to %(max)s characters or fewer."
            ) % {"max": MAX_TEXT}
        cleaned[domain.value] = (level, notes)
    unknown = sorted(set(levels) - set(Domain.values))
    if unknown:
        raise ValueError(f"not areas of a needs assessment: {unknown}")
    support_needs = list(support_needs)
    if any(term.taxonomy.code != NEEDS for term in support_needs):
        errors["support_needs"] = _("Choose kinds of support from the list.")
    summary = (summary or "").strip()
    if len(summary) > MAX_TEXT:
        errors["summary"] = _("Keep the summary to %(max)s characters or fewer.") % {
            "max": MAX_TEXT
        }
    if errors:
        raise ValidationError(errors)
    assessment = NeedsAssessment.objects.create(
        referral=referral, agency=by.agency, assessed_by=by, summary=summary
    )
    NeedsAssessmentItem.objects.bulk_create(
        [
            NeedsAssessmentItem(assessment=assessment, domain=domain, level=level, notes=notes)
            for domain, (level, notes) in cleaned.items()
        ]
    )
    assessment.support_needs.set(support_needs)
    person_event_add(
        person=referral.person,
        type=Event.NEEDS_ASSESSED,
        by=by,
        parameters={"agency": by.agency.name},
    )
    access_log(
        user=by,
        action=Action.CREATE,
        record=assessment,
        detail={"person": referral.person.public_id, "referral": referral.public_id},
    )
    return assessment


# Self-referrals --------------------------------------------------------------------------------


class NoHub(LookupError):
    """No active victim care hub to receive self-referrals."""


def self_referral_hub(*, local_authority=None):
    """The victim care hub that receives a self-referral from ``local_authority``: one covering
    the area, or (area not given, or none covers it) the first active hub."""
    from harbour.accounts.models import Agency

    hubs = Agency.objects.filter(kind=AgencyKind.VICTIM_CARE_HUB, is_active=True).order_by("name")
    if local_authority is not None:
        covering = hubs.filter(areas=local_authority).first()
        if covering is not None:
            return covering
    hub = hubs.first()
    if hub is None:
        raise NoHub
    return hub


@transaction.atomic
def self_referral_submit(
    *,
    safe_channels: Sequence[str],
    phone: str = "",
    email: str = "",
    name: str = "",
    safe_times: str = "",
    voicemail_ok: str = "",
    code_word: str = "",
    help_with: Sequence[str] = (),
    message: str = "",
    language: str = "",
    local_authority=None,
    flagged_network: bool = False,
    flagged_surge: bool = False,
) -> SelfReferral:
    """Record a survivor's request for help from the public form; the hub is told.

    The only thing required is a safe way to reach her (a channel and its number or address).
    Nothing about her device or network is stored: only the flood limits' flags (one of many
    from one network, arrived during a surge), which the hub can dismiss in bulk.
    """
    errors: dict[str, str] = {}
    channels = [c for c in dict.fromkeys(safe_channels) if c]
    if not channels:
        errors["safe_channels"] = _("Choose at least one safe way for us to contact you.")
    elif any(c not in SELF_REFERRAL_CHANNELS for c in channels):
        errors["safe_channels"] = _("Choose from the ways listed.")
    phone, email = (phone or "").strip(), (email or "").strip()
    if {"phone_call", "text_message"} & set(channels) and not phone:
        errors["phone"] = _("Enter the phone number we can safely call or text.")
    if "email" in channels and not email:
        errors["email"] = _("Enter the email address we can safely write to.")
    if any(h not in Domain.values for h in help_with):
        errors["help_with"] = _("Choose from the list.")
    if errors:
        raise ValidationError(errors)
    hub = self_referral_hub(local_authority=local_authority)
    self_referral = SelfReferral.objects.create(
        agency=hub,
        name=name.strip(),
        safe_channels=channels,
        phone=phone if {"phone_call", "text_message"} & set(channels) else "",
        email=email if "email" in channels else "",
        safe_times=safe_times.strip(),
        voicemail_ok=voicemail_ok,
        code_word=code_word.strip(),
        help_with=list(dict.fromkeys(help_with)),
        message=message.strip(),
        language=language.strip(),
        local_authority=local_authority,
        flagged_network=flagged_network,
        flagged_surge=flagged_surge,
    )
    access_log(
        user=None,
        username="public contact form",
        action=Action.CREATE,
        record=self_referral,
        detail={"agency": hub.public_id},
    )
    notification_queue_for_agency(
        agency=hub, kind=Kind.REFERRAL_RECEIVED, roles=set(CASEWORK_ROLES)
    )
    return self_referral


def _require_hub_caseworker(self_referral: SelfReferral, by) -> None:
    if not _is_caseworker_at(by, self_referral.agency):
        raise PermissionDenied(_("Only the hub that received it can triage a self-referral."))


def self_referral_record_values(self_referral: SelfReferral) -> dict:
    """What her self-referral gives a person record: safe contact first, and how to reach her."""
    values = {
        "safe_channels": list(self_referral.safe_channels),
        "safe_times": self_referral.safe_times,
        "voicemail_ok": self_referral.voicemail_ok,
        "code_word": self_referral.code_word,
        "phone": self_referral.phone,
        "email": self_referral.email,
        "language": self_referral.language,
        "local_authority": self_referral.local_authority,
    }
    return {k: v for k, v in values.items() if v not in ("", None, [])}


@transaction.atomic
def self_referral_triage(*, self_referral: SelfReferral, by, person) -> Referral:
    """Turn a self-referral into the hub's accepted referral for ``person`` (created or linked
    by the caller through the people services, after the duplicate check).

    Her own safe-contact preferences, phone and email from the form are written to the record
    (a correction with its reason, so history keeps the earlier values): they are the newest
    word from her on how to reach her safely.
    """
    self_referral = SelfReferral.objects.select_for_update().get(pk=self_referral.pk)
    _require_hub_caseworker(self_referral, by)
    if self_referral.status != SelfReferralStatus.NEW:
        raise ValidationError(_("This self-referral has already been dealt with."))
    if not person_access_for_user(user=by, person=person):
        raise PermissionDenied
    values = self_referral_record_values(self_referral)
    if person.local_authority_id:  # where she lives is the record's to keep; the rest is hers
        values.pop("local_authority", None)
    person_update(
        person=person,
        by=by,
        reason=_("From her self-referral"),
        **values,
    )
    now = timezone.now()
    referral = Referral.objects.create(
        person=person,
        from_agency=None,
        sent_by=None,
        sent_at=self_referral.received_at,
        to_agency=self_referral.agency,
        receiving_view=ReceivingView.TRIAGE,
        reason=self_referral.message or _("She asked for help through the contact form."),
        risk_level=RiskLevel.NOT_ASSESSED,
        self_referral=self_referral,
        status=Status.ACCEPTED,
        accepted_at=now,
        accepted_by=by,
    )
    involvement_add(
        person=person,
        agency=self_referral.agency,
        kind=InvolvementKind.REFERRAL,
        by=by,
        source=referral,
    )
    self_referral.status = SelfReferralStatus.TRIAGED
    self_referral.triaged_at = now
    self_referral.triaged_by = by
    self_referral.save(update_fields=["status", "triaged_at", "triaged_by"])
    _event(referral, Event.SELF_REFERRAL, by)
    _event(referral, Event.ACCEPTED, by)
    person_event_add(
        person=person,
        type=Event.SELF_REFERRAL,
        by=by,
        parameters={"agency": self_referral.agency.name},
    )
    access_log(
        user=by,
        action=Action.UPDATE,
        record=self_referral,
        reason="triaged",
        detail={"person": person.public_id, "referral": referral.public_id},
    )
    return referral


@transaction.atomic
def self_referral_close(
    *, self_referral: SelfReferral, by, reason: str, notes: str = ""
) -> SelfReferral:
    """Close a self-referral without a person record (no safe contact, not genuine...)."""
    self_referral = SelfReferral.objects.select_for_update().get(pk=self_referral.pk)
    _require_hub_caseworker(self_referral, by)
    if self_referral.status != SelfReferralStatus.NEW:
        raise ValidationError(_("This self-referral has already been dealt with."))
    notes = (notes or "").strip()
    if reason not in SelfReferralClosure.values:
        raise ValidationError({"reason": _("Choose why it is closed.")})
    if reason == SelfReferralClosure.OTHER and not notes:
        raise ValidationError({"notes": _("Say why it is closed.")})
    self_referral.status = SelfReferralStatus.CLOSED
    self_referral.closed_at = timezone.now()
    self_referral.closed_by = by
    self_referral.close_reason = reason
    self_referral.close_notes = notes[:MAX_TEXT]
    self_referral.save(
        update_fields=["status", "closed_at", "closed_by", "close_reason", "close_notes"]
    )
    access_log(
        user=by, action=Action.UPDATE, record=self_referral, reason="closed", detail={"why": reason}
    )
    return self_referral


# How many flagged messages the hub page offers to dismiss at once.
DISMISS_AT_ONCE = 200


@transaction.atomic
def self_referrals_dismiss_flagged(*, by, public_ids: Sequence[str]) -> int:
    """Close, as not genuine, flagged self-referrals waiting at ``by``'s hub: the hub's way out of
    a flood (``harbour.referrals.flood`` flags messages from a busy network or during a surge).

    Only flagged messages still waiting can be dismissed this way, each one chosen; anything else
    chosen refuses the whole action and changes nothing. Each dismissal is written to the access
    log as ``by``'s act. The messages are closed, not deleted.
    """
    ids = list(dict.fromkeys(i for i in public_ids if i))
    if not ids:
        raise ValidationError({"chosen": _("Choose the messages to dismiss.")})
    if len(ids) > DISMISS_AT_ONCE:
        raise ValidationError(
            {"chosen": _("Choose at most %(n)s messages at a time.") % {"n": DISMISS_AT_ONCE}}
        )
    found = list(
        SelfReferral.objects.select_for_update()
        .select_related("agency")
        .filter(public_id__in=[i for i in ids if looks_like_public_id(i)])
        .order_by("pk")
    )
    for self_referral in found:
        _require_hub_caseworker(self_referral, by)
    dismissable = [s for s in found if s.status == SelfReferralStatus.NEW and s.flagged]
    if len(dismissable) != len(ids):
        raise ValidationError(
            {
                "chosen": _(
                    "Some of the messages chosen are not flagged, or have been dealt with "
                    "already. Nothing was dismissed: look at the list again."
                )
            }
        )
    now = timezone.now()
    for self_referral in dismissable:
        self_referral.status = SelfReferralStatus.CLOSED
        self_referral.closed_at = now
        self_referral.closed_by = by
        self_referral.close_reason = SelfReferralClosure.NOT_GENUINE
    SelfReferral.objects.bulk_update(
        dismissable, ["status", "closed_at", "closed_by", "close_reason"]
    )
    for self_referral in dismissable:
        access_log(
            user=by,
            action=Action.UPDATE,
            record=self_referral,
            reason="closed",
            detail={
                "why": SelfReferralClosure.NOT_GENUINE,
                "dismissed_with_flagged": len(dismissable),
                "flags": [
                    flag
                    for flag, on in (
                        ("network", self_referral.flagged_network),
                        ("surge", self_referral.flagged_surge),
                    )
                    if on
                ],
            },
        )
    return len(dismissable)
