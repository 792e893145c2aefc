"""Reads of referrals. The door to a referral is :func:`referral_get_for_user`.

A referral is a narrower door to a person than ``person_get_for_user``: it shows the receiving
agency what the referral needs (``harbour.referrals.matrix``), never her whole record. Like the
people getter, every read is written to the access log (against the person, so her record's
log is complete), and a refusal looks exactly like a referral that does not exist.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext as _

from harbour.audit.services import Action, access_log
from harbour.core import doors
from harbour.core.drafts import draft_get
from harbour.core.ids import looks_like_public_id
from harbour.directory.queries import need_terms, services_for
from harbour.people.activity import refusal_record
from harbour.people.choices import ContactChannel, YesNoUnknown
from harbour.people.queries import (
    may_work_with_people,
    person_access_for_user,
    person_encrypted_paths,
)
from harbour.referrals.choices import (
    DOMAIN_NEEDS,
    SUGGESTED_AT,
    Domain,
    NeedLevel,
    ReceivingView,
    SelfReferralStatus,
    Status,
)
from harbour.referrals.matrix import SENDER_VIEW, Part, receiver_parts
from harbour.referrals.models import NeedsAssessment, Referral, ReferralDraft, SelfReferral

REFERRAL = "referrals.referral"
SELF_REFERRAL = "referrals.selfreferral"
REFERRAL_DRAFT = "referrals.referraldraft"


class ReferralNotFound(Http404):
    """No referral the user may read has this identifier (it may not exist at all)."""


class SelfReferralNotFound(Http404):
    pass


@dataclass
class ReferralView:
    """What one user may see of a referral: the referral's own facts (agencies, dates, state,
    decision) and, in ``fields``, only the parts of her information the matrix allows."""

    referral: Referral
    side: str  # "sender" or "receiver"
    parts: frozenset[str]
    fields: dict[str, Any] = field(default_factory=dict)
    restricted_notice: bool = False

    def shows(self, part: str) -> bool:
        return part in self.parts

    @property
    def is_receiver(self) -> bool:
        return self.side == "receiver"

    @property
    def is_sender(self) -> bool:
        return self.side == "sender"


def _side(user, referral: Referral) -> str | None:
    if not may_work_with_people(user):
        return None
    if referral.to_agency_id == user.agency_id:
        return "receiver"
    if referral.from_agency_id is not None and referral.from_agency_id == user.agency_id:
        return "sender"
    return None


def _share_active(referral: Referral) -> bool:
    return referral.share_id is None or referral.share.stopped_at is None


def referral_parts_for_user(
    *, user, referral: Referral, readable: dict[int, bool] | None = None
) -> tuple[str | None, frozenset[str], bool]:
    """(side, parts shown, restricted notice) for ``user``; no logging. ``side`` None: refused.

    ``readable`` caches whether the user may read each person's record, for lists.
    """
    side = _side(user, referral)
    if side is None:
        return None, frozenset(), False
    person = referral.person

    def may_read() -> bool:
        cache = readable if readable is not None else {}
        if person.pk not in cache:
            cache[person.pk] = bool(person_access_for_user(user=user, person=person))
        return cache[person.pk]

    readable_restricted = not person.is_restricted or may_read()
    if side == "sender":
        parts = set(SENDER_VIEW)
        if not may_read():
            parts.discard(Part.NAME)
        return side, frozenset(parts), not readable_restricted
    parts = receiver_parts(
        view=referral.receiving_view, status=referral.status, share_active=_share_active(referral)
    )
    if not readable_restricted:
        parts = frozenset({Part.OUTCOME})
    return side, parts, not readable_restricted


def _contact_needed(channels) -> list[str]:
    """Only the contact details that go with her safe ways to be contacted."""
    chosen = set(channels or [])
    names: list[str] = []
    if chosen & {ContactChannel.PHONE_CALL, ContactChannel.TEXT_MESSAGE}:
        names.append("phone")
    if ContactChannel.EMAIL in chosen:
        names.append("email")
    if ContactChannel.LETTER in chosen:
        names.extend(["address", "postcode"])
    return names


def _fields(referral: Referral, parts: frozenset[str]) -> dict[str, Any]:
    person = referral.person
    values: dict[str, Any] = {}
    if Part.NAME in parts:
        values["name"] = person.display_name
    if Part.DATE_OF_BIRTH in parts:
        values["date_of_birth"] = person.date_of_birth
    if Part.SAFE_CONTACT in parts:
        values["safe_contact"] = {
            "channels": [ContactChannel(c).label for c in person.safe_channels or []],
            "through_professional": ContactChannel.THROUGH_PROFESSIONAL
            in (person.safe_channels or []),
            "times": person.safe_times,
            "voicemail": person.voicemail_ok,
            "voicemail_label": YesNoUnknown(person.voicemail_ok).label
            if person.voicemail_ok
            else "",
            "code_word": person.code_word,
            "notes": person.safe_contact_notes,
            "updated_at": person.safe_contact_updated_at,
        }
    if Part.AREA in parts:
        values["area"] = person.local_authority.name if person.local_authority else ""
    if Part.LANGUAGE in parts:
        values["language"] = person.language
        values["interpreter_needed"] = person.interpreter_needed
    if Part.CHILDREN in parts:
        values["children_in_household"] = person.children_in_household
        values["children_details"] = person.children_details
    if Part.REASON in parts:
        values["reason"] = referral.reason
    if Part.NEED in parts:
        values["need"] = referral.need.name if referral.need else ""
    if Part.RISK_LEVEL in parts:
        values["risk_level"] = referral.get_risk_level_display()
        values["risk_level_code"] = referral.risk_level
    if Part.RISK_REASONS in parts:
        values["risk_reasons"] = referral.risk_reasons
    if Part.CIRCUMSTANCES in parts:
        values["circumstances"] = referral.circumstances
    if Part.SOURCE in parts and referral.source:
        values["source"] = source_description(referral.source)
    if Part.OUTCOME in parts:
        values["decline_details"] = referral.decline_details
        values["outcome_notes"] = referral.outcome_notes
        values["withdraw_reason"] = referral.withdraw_reason
    return values


def source_description(source: str) -> str:
    """ "From police incident 3fk…" for an opaque ``app_label.model:public_id`` reference, named
    from the model's own verbose name when that app is installed (its model is not imported)."""
    from django.apps import apps

    label, _sep, public_id = source.partition(":")
    app_label, _dot, model_name = label.partition(".")
    try:
        name = str(apps.get_model(app_label, model_name)._meta.verbose_name)
    except (LookupError, ValueError):
        name = model_name.replace("_", " ")
    return _("From %(record)s %(reference)s") % {"record": name, "reference": public_id[:8].upper()}


# Her encrypted fields that each part shows (decision 0014): a referral page decrypts these and
# nothing else. Contact details are decrypted only when revealed
# (referral_contact_details_for_user).
PERSON_FIELDS_BY_PART: dict[str, tuple[str, ...]] = {
    Part.NAME: ("given_name", "family_name"),
    Part.DATE_OF_BIRTH: ("date_of_birth",),
    Part.SAFE_CONTACT: (
        "safe_channels",
        "safe_times",
        "voicemail_ok",
        "code_word",
        "safe_contact_notes",
    ),
    Part.LANGUAGE: ("language",),
    Part.CHILDREN: ("children_details",),
}
CONTACT_FIELDS = ("address", "postcode", "phone", "email")


def person_fields_for(parts: frozenset[str]) -> list[str]:
    """Her encrypted fields that ``parts`` show, in a stable order."""
    return sorted({name for part in parts for name in PERSON_FIELDS_BY_PART.get(part, ())})


def _load_person_fields(referral: Referral, names: list[str]) -> None:
    """Decrypt only ``names`` of her record (loaded with none of them), in one query."""
    if names:
        with doors.opened("harbour.referrals.queries: the parts a referral shows"):
            referral.person.refresh_from_db(fields=names)


def _base(*, person_fields: tuple[str, ...] = ()):
    """Referrals with their person, none of whose encrypted fields is decrypted except
    ``person_fields`` (for a list's names); the getter loads what the parts shown need."""
    deferred = [
        p for p in person_encrypted_paths("person") if p[len("person__") :] not in person_fields
    ]
    return Referral.objects.defer(*deferred).select_related(
        "person",
        "person__local_authority",
        "from_agency",
        "to_agency",
        "sent_by",
        "need",
        "share",
        "service",
        "accepted_by",
        "declined_by",
        "closed_by",
        "withdrawn_by",
        "onward_from",
    )


def _log_refusal(*, user, record_id: str, why: str) -> None:
    refusal_record(
        user=user,
        record_type=REFERRAL,
        record_id=record_id,
        why=why,
        what="refused_referral_reads",
    )


def referral_get_for_user(*, user, referral_id: str, reason: str | None = None) -> ReferralView:
    """The referral ``referral_id`` as ``user`` may see it; the read is logged.

    The sending agency sees what it sent (her name only while it may still read her record);
    the receiving agency sees what the matrix gives its view in the referral's state. Any other
    user, or a user outside casework roles, is refused with :class:`ReferralNotFound` (a 404)
    after the refusal is logged. Call it outside a transaction that may roll back.
    """
    referral = None
    if isinstance(referral_id, str) and looks_like_public_id(referral_id):
        referral = _base().filter(public_id=referral_id).first()
    if referral is None:
        _log_refusal(user=user, record_id=str(referral_id)[:64], why="no such record")
        raise ReferralNotFound
    side, parts, restricted = referral_parts_for_user(user=user, referral=referral)
    if side is None:
        _log_refusal(
            user=user,
            record_id=referral.public_id,
            why="role" if not may_work_with_people(user) else "not sender or receiver",
        )
        raise ReferralNotFound
    _load_person_fields(referral, person_fields_for(parts))
    view = ReferralView(
        referral=referral,
        side=side,
        parts=parts,
        fields=_fields(referral, parts),
        restricted_notice=restricted,
    )
    personal = parts - {Part.OUTCOME}
    access_log(
        user=user,
        action=Action.VIEW,
        record=referral.person if personal else referral,
        reason=reason or f"Referral {referral.public_id}",
        detail={
            "part": "referral",
            "referral": referral.public_id,
            "side": side,
            "view": referral.receiving_view if side == "receiver" else "sender",
            "parts": sorted(personal),
        },
    )
    return view


def referral_contact_details_for_user(*, user, view: ReferralView) -> dict[str, str]:
    """The contact details the view allows (all of them for triage; for a specialist service,
    only those for her safe ways). Revealing them is a read of its own, logged."""
    referral = view.referral
    if Part.CONTACT_ALL in view.parts:
        person = referral.person
        _load_person_fields(referral, list(CONTACT_FIELDS))
        details = {
            "address": person.address,
            "postcode": person.postcode,
            "phone": person.phone,
            "email": person.email,
        }
    elif Part.CONTACT_NEEDED in view.parts:
        _load_person_fields(referral, ["safe_channels"])
        needed = _contact_needed(referral.person.safe_channels)
        _load_person_fields(referral, needed)
        details = {name: getattr(referral.person, name) for name in needed}
    else:
        _log_refusal(user=user, record_id=referral.public_id, why="contact details not in view")
        raise ReferralNotFound
    access_log(
        user=user,
        action=Action.VIEW,
        record=referral.person,
        reason=f"Referral {referral.public_id}",
        detail={
            "part": "contact details",
            "referral": referral.public_id,
            "shown": sorted(details),
        },
    )
    return details


# Lists -------------------------------------------------------------------------------------------


@dataclass
class ReferralRow:
    public_id: str
    reference: str
    status: str
    status_label: str
    other_agency: str
    service: str
    need: str
    risk_level: str
    risk_label: str
    sent_at: datetime.datetime
    name: str = ""


@doors.door
def referrals_for_user(
    *, user, direction: str, status: str = "", limit: int = 200
) -> list[ReferralRow]:
    """The user's agency's referrals, ``incoming`` or ``outgoing``, newest first. Names appear
    only where the matrix shows them. Logged once, as a search, without the rows."""
    if not may_work_with_people(user):
        return []
    referrals = _base(person_fields=PERSON_FIELDS_BY_PART[Part.NAME])
    if direction == "incoming":
        referrals = referrals.filter(to_agency_id=user.agency_id)
    else:
        referrals = referrals.filter(from_agency_id=user.agency_id)
    if status:
        referrals = referrals.filter(status=status)
    rows = []
    readable: dict[int, bool] = {}  # one access decision per person, however many referrals
    for referral in referrals[:limit]:
        _side, parts, _restricted = referral_parts_for_user(
            user=user, referral=referral, readable=readable
        )
        other = referral.from_agency if direction == "incoming" else referral.to_agency
        rows.append(
            ReferralRow(
                public_id=referral.public_id,
                reference=referral.reference,
                status=referral.status,
                status_label=referral.get_status_display(),
                other_agency=other.name if other else _("Self-referral"),
                service=referral.service_name,
                need=referral.need.name if referral.need and Part.NEED in parts else "",
                risk_level=referral.risk_level if Part.RISK_LEVEL in parts else "",
                risk_label=referral.get_risk_level_display() if Part.RISK_LEVEL in parts else "",
                sent_at=referral.sent_at,
                name=referral.person.display_name if Part.NAME in parts else "",
            )
        )
    access_log(
        user=user,
        action=Action.SEARCH,
        record_type=REFERRAL,
        detail={"list": direction, "status": status, "results": len(rows)},
    )
    return rows


def referral_events(referral: Referral):
    return referral.events.select_related("by", "by_agency")


def referrals_onward(referral: Referral):
    return referral.onward_referrals.select_related("to_agency", "need").order_by("sent_at")


def needs_assessments(referral: Referral):
    return (
        NeedsAssessment.objects.filter(referral=referral)
        .select_related("assessed_by", "agency")
        .prefetch_related("items", "support_needs")
    )


def referral_draft_get_for_user(*, user, draft_id: str) -> ReferralDraft:
    """A referral being made, if it is ``user``'s own and has not expired (read through
    ``harbour.core.drafts.draft_get``; an expired one of hers is deleted when met, before the
    expiry task comes to it). Her record is not read here: the caller reads it through the
    people getter with ``draft.person.public_id``. Raises :class:`ReferralNotFound` otherwise,
    logged as a refusal."""
    draft = draft_get(
        ReferralDraft,
        owner=user,
        draft_id=draft_id,
        queryset=ReferralDraft.objects.select_related("person").defer(
            *person_encrypted_paths("person")
        ),
    )
    if draft is None:
        expired = 0
        if getattr(user, "pk", None) and looks_like_public_id(draft_id):
            expired, _by_model = (
                ReferralDraft.objects.expired().filter(public_id=draft_id, owner=user).delete()
            )
        refusal_record(
            user=user,
            record_type=REFERRAL_DRAFT,
            record_id=str(draft_id)[:64],
            why="expired" if expired else "no such draft of the user's",
            what="refused_referral_reads",
        )
        raise ReferralNotFound
    return draft


def suggested_needs(assessment: NeedsAssessment) -> list:
    """The kinds of support to suggest services for, from a needs assessment: the specialist
    support it names, then the kind each area assessed at medium or high calls for
    (``DOMAIN_NEEDS``), highest need first. Each once; an umbrella term (harmful practices) is
    left out when one of its parts (forced marriage) is named, as the part is the narrower need."""
    chosen = list(assessment.support_needs.all())
    items = sorted(
        (i for i in assessment.items.all() if i.level in SUGGESTED_AT and i.domain in DOMAIN_NEEDS),
        key=lambda i: (i.level != NeedLevel.HIGH, list(Domain.values).index(i.domain)),
    )
    codes = [DOMAIN_NEEDS[i.domain] for i in items]
    terms = {t.code: t for t in need_terms().filter(code__in=codes)}
    needs = list(dict.fromkeys([*chosen, *(terms[c] for c in codes if c in terms)]))
    parents = {t.parent_id for t in needs if t.parent_id}
    return [t for t in needs if t.pk not in parents]


def onward_suggestions(*, assessment: NeedsAssessment, area, agency) -> list[tuple[Any, list]]:
    """``[(need, services)]``: open services in ``area`` for each need the assessment calls for
    (:func:`suggested_needs`), without the services of ``agency`` (the hub referring her on),
    each service once, under the first need it meets."""
    seen: set[int] = set()
    suggestions = []
    for need in suggested_needs(assessment):
        found = []
        for service in services_for(need=need, area=area) if area is not None else []:
            if service.pk in seen or service.organisation.agency_id == agency.pk:
                continue
            seen.add(service.pk)
            found.append(service)
        suggestions.append((need, found))
    return suggestions


def person_referrals_for_user(*, user, person) -> list[Referral]:
    """Referrals of a person (already read through the people getter) that ``user``'s agency
    sent or received, for the record page."""
    if not may_work_with_people(user):
        return []
    return list(
        Referral.objects.filter(person=person)
        .filter(Q(from_agency_id=user.agency_id) | Q(to_agency_id=user.agency_id))
        .select_related("from_agency", "to_agency", "need")
    )


# Self-referrals ----------------------------------------------------------------------------------


def _may_triage(user, self_referral: SelfReferral) -> bool:
    return may_work_with_people(user) and self_referral.agency_id == user.agency_id


def self_referral_get_for_user(*, user, self_referral_id: str) -> SelfReferral:
    """A self-referral, for the casework users of the hub that received it; logged."""
    found = None
    if isinstance(self_referral_id, str) and looks_like_public_id(self_referral_id):
        found = (
            SelfReferral.objects.select_related("local_authority", "agency")
            .filter(public_id=self_referral_id)
            .first()
        )
    if found is None or not _may_triage(user, found):
        refusal_record(
            user=user,
            record_type=SELF_REFERRAL,
            record_id=str(self_referral_id),
            why="no such record" if found is None else "not the receiving hub",
            what="refused_self_referral_reads",
        )
        raise SelfReferralNotFound
    access_log(user=user, action=Action.VIEW, record=found, reason="triage")
    return found


def self_referrals_for_user(
    *, user, status: str = SelfReferralStatus.NEW, flagged: bool | None = None
):
    """The self-referrals waiting at (or dealt with by) the user's hub, oldest first; only those
    the flood limits flagged (``flagged=True``) or only the others (``False``)."""
    if not may_work_with_people(user):
        return SelfReferral.objects.none()
    found = SelfReferral.objects.filter(agency_id=user.agency_id, status=status)
    if flagged is not None:
        either = Q(flagged_network=True) | Q(flagged_surge=True)
        found = found.filter(either) if flagged else found.exclude(either)
    return found.select_related("local_authority")


def triage_referrals_without_assessment(agency_id: int):
    """The hub's accepted referrals with no needs assessment yet."""
    assessed = NeedsAssessment.objects.filter(referral=OuterRef("pk"))
    return (
        Referral.objects.filter(
            to_agency_id=agency_id,
            status=Status.ACCEPTED,
            receiving_view=ReceivingView.TRIAGE,
        )
        .exclude(Exists(assessed))
        .select_related("from_agency", "need")
    )
