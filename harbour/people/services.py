"""Every write to people, and the duplicate check. See ``docs/people.md`` for the contract.

Services that change a person take a ``person`` the caller has read through
``harbour.people.queries.person_get_for_user`` (so need-to-know has been applied) and the user
acting (``by``). Each writes the access log and, for meaningful changes, a timeline event.
"""

from __future__ import annotations

import datetime
import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, F, Window
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.accounts.roles import Role
from harbour.audit.services import (
    Action,
    Reason,
    ReasonKind,
    access_log,
    reason_store,
    record_reference,
)
from harbour.core import doors
from harbour.core.crypto import DecryptionError, decrypt_text, encrypt_text
from harbour.core.fields import encrypted_values_erase
from harbour.keys.hashes import hash_keys_in_use
from harbour.people import conf, sharing
from harbour.people.activity import (
    DUPLICATE_CHECK,
    recent_count,
    review_open,
    unusual_activity_flag,
)
from harbour.people.events import Event, event_type
from harbour.people.matching import (
    Identity,
    Key,
    check_keys,
    identity_keys,
    identity_of,
    score_identity,
)
from harbour.people.models import (
    EQUALITY_FIELDS,
    IDENTITY_FIELDS,
    SAFE_CONTACT_FIELDS,
    AccessReview,
    Agreement,
    EmergencyAccess,
    Involvement,
    InvolvementKind,
    LawfulBasis,
    MatchKey,
    Person,
    PersonEvent,
    ProcessingCondition,
    RestrictedAccess,
    ReviewKind,
    ReviewOutcome,
    Share,
)
from harbour.people.queries import (
    PersonNotFound,
    _log_refusal,
    may_work_with_people,
    people_readable_among,
    person_access_for_user,
)

# Fields a person record may be created or corrected with.
EDITABLE_FIELDS = (
    *IDENTITY_FIELDS,
    "works_for_partner_agency",
    "address",
    "postcode",
    "phone",
    "email",
    "local_authority",
    "language",
    "interpreter_needed",
    "disability",
    "disability_details",
    "children_in_household",
    "children_details",
    *EQUALITY_FIELDS,
    *SAFE_CONTACT_FIELDS,
)
MATCHED_FIELDS = frozenset({*IDENTITY_FIELDS, "phone", "email"})
# A version of her record refers to the reason for the correction in the reason store.
REASON_PREFIX = "reason:"


# Timeline --------------------------------------------------------------------------------------


def person_event_add(
    *,
    person: Person,
    type: str,
    by=None,
    parameters: dict[str, Any] | None = None,
    audience_agency=None,
    at: datetime.datetime | None = None,
) -> PersonEvent:
    """Write a typed event on a person's timeline (the type must be registered)."""
    event_type(type)  # refuses an unregistered type
    return PersonEvent.objects.create(
        person=person,
        type=type,
        by=by if by is not None and by.is_authenticated else None,
        by_agency=getattr(by, "agency", None),
        parameters=parameters or {},
        audience_agency=audience_agency,
        at=at or timezone.now(),
    )


# Creating and correcting -------------------------------------------------------------------------


def _require_caseworker(user) -> None:
    if not may_work_with_people(user):
        raise PermissionDenied(_("Only casework roles work with person records."))


def _require_access(*, user, person: Person, part: str) -> None:
    """Refuse (logged, outside the write's transaction) a user who may not read her record:
    a write to it is a use of it, so it needs the same need-to-know as a read."""
    _require_caseworker(user)
    access = person_access_for_user(user=user, person=person)
    if not access:
        _log_refusal(user=user, record_id=person.public_id, why=access.why, part=part)
        raise PermissionDenied(_("You may not work with this person's record."))


def person_match_keys_rebuild(*, person: Person) -> None:
    """Replace the person's keyed hashes with those of her current identity, under the hash
    keys in use (both keys during a rotation, until its rehash has finished)."""
    keys = identity_keys(identity_of(person), hash_keys=hash_keys_in_use())
    MatchKey.objects.filter(person=person).delete()
    MatchKey.objects.bulk_create(
        [MatchKey(person=person, kind=k.kind, digest=k.digest, key_id=k.key_id) for k in keys]
    )


@doors.door
def people_match_keys_rebuild(*, person_ids: Sequence[int]) -> int:
    """Rebuild the keyed hashes of these people, in one transaction: the rehash of a rotation
    of the hash key (``harbour.keys``). Their rows are locked while they are read, so a change
    saved meanwhile waits, then rebuilds her keys from her new details itself; a person
    deleted meanwhile is skipped. Returns how many were rebuilt."""
    hash_keys = hash_keys_in_use()
    with transaction.atomic():
        people = list(Person.objects.select_for_update().filter(pk__in=person_ids).order_by("pk"))
        MatchKey.objects.filter(person_id__in=[p.pk for p in people]).delete()
        MatchKey.objects.bulk_create(
            [
                MatchKey(person=person, kind=k.kind, digest=k.digest, key_id=k.key_id)
                for person in people
                for k in identity_keys(identity_of(person), hash_keys=hash_keys)
            ],
            batch_size=1000,
        )
    return len(people)


def _clean_values(values: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(values) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValueError(f"not fields of a person: {unknown}")
    cleaned = dict(values)
    for name in ("given_name", "family_name"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "other_names" in cleaned:
        cleaned["other_names"] = [n.strip() for n in cleaned["other_names"] or [] if n.strip()]
    return cleaned


@transaction.atomic
def person_create(*, by, agency=None, **values: Any) -> Person:
    """Create a person record; ``by``'s agency (or ``agency``) becomes involved as the recorder.

    Run :func:`person_duplicate_check` first and offer its candidates to the user.
    """
    _require_caseworker(by)
    agency = agency or by.agency
    person = Person(created_by=by, created_by_agency=agency, **_clean_values(values))
    if any(name in values for name in SAFE_CONTACT_FIELDS):
        person.safe_contact_updated_at = timezone.now()
    person.full_clean()
    person._change_reason = "created"
    person._history_user = by
    person.save()
    person_match_keys_rebuild(person=person)
    involvement_add(person=person, agency=agency, kind=InvolvementKind.RECORDED, by=by)
    person_event_add(person=person, type=Event.CREATED, by=by, parameters={"agency": agency.name})
    access_log(user=by, action=Action.CREATE, record=person)
    return person


def person_update(*, person: Person, by, reason: str, **changes: Any) -> list[str]:
    """Correct a person record; history keeps every earlier version (encrypted).

    Returns the names of the fields that changed; nothing is written when none did.
    """
    _require_access(user=by, person=person, part="correction")
    with transaction.atomic():
        if not (reason or "").strip():
            raise ValidationError({"reason": _("Say why the record is being changed.")})
        changes = _clean_values(changes)
        changed = [name for name, value in changes.items() if getattr(person, name) != value]
        if not changed:
            return []
        for name in changed:
            setattr(person, name, changes[name])
        if set(changed) & set(SAFE_CONTACT_FIELDS):
            person.safe_contact_updated_at = timezone.now()
        person.full_clean()
        # The reason typed is kept once, encrypted, in the reason store; the version of her
        # record and the log entry refer to it.
        stored = reason_store(kind=ReasonKind.CORRECTION, text=reason, user=by)
        person._change_reason = f"{REASON_PREFIX}{stored.public_id}"
        person._history_user = by
        person.save()
        if set(changed) & MATCHED_FIELDS:
            person_match_keys_rebuild(person=person)
        safe_contact_only = set(changed) <= set(SAFE_CONTACT_FIELDS)
        if safe_contact_only:
            person_event_add(person=person, type=Event.SAFE_CONTACT_UPDATED, by=by)
        else:
            labels = [str(Person._meta.get_field(name).verbose_name) for name in changed]
            person_event_add(
                person=person, type=Event.CORRECTED, by=by, parameters={"fields": ", ".join(labels)}
            )
        access_log(
            user=by,
            action=Action.UPDATE,
            record=person,
            reason_ref=stored,
            detail={"fields": changed},
        )
        return changed


# Duplicate check and linking ------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A record that may be the person typed. It carries nothing the user did not type:
    ``ref`` is an opaque, expiring token; ``public_id`` is set only when the user may already
    read the record (her agency is involved)."""

    ref: str
    strength: str
    agreeing: tuple[str, ...]
    public_id: str | None = None
    name: str = ""


@dataclass
class DuplicateCheckResult:
    candidates: list[Candidate] = field(default_factory=list)
    flagged: bool = False
    skipped_blocks: int = 0
    decrypted: int = 0  # records read to answer (for the bench)


class TooManyChecks(PermissionDenied):
    """The user has run more duplicate checks in the last hour than the limit allows."""


LINK_TOKEN_MINUTES = 60
_LINK_PURPOSE = "people.duplicate_link"


def _link_token(*, user, person: Person) -> str:
    expires = int(time.time()) + LINK_TOKEN_MINUTES * 60
    payload = {"for": _LINK_PURPOSE, "p": person.pk, "u": user.pk, "x": expires}
    return encrypt_text(json.dumps(payload))


def _read_link_token(*, user, ref: str) -> int:
    try:
        payload = json.loads(decrypt_text(ref))
    except (DecryptionError, ValueError, UnicodeError, TypeError) as exc:
        raise ValidationError(
            _("That choice has expired: check for existing records again.")
        ) from exc
    if (
        payload.get("for") != _LINK_PURPOSE
        or payload.get("u") != user.pk
        or payload.get("x", 0) < time.time()
    ):
        raise ValidationError(_("That choice has expired: check for existing records again."))
    return int(payload["p"])


def candidate_person_ids(
    keys: Sequence[Key], *, block_limit: int | None = None
) -> tuple[set[int], int]:
    """People sharing a keyed hash with ``keys``; blocks larger than the limit are skipped.

    One query: each row carries the size of its block (a window count), and rows of blocks
    over the limit are left in the database. Returns (person ids, number of blocks skipped).
    """
    limit = block_limit or conf.block_limit()
    digests = sorted({k.digest for k in keys})
    if not digests:
        return set(), 0
    rows = (
        MatchKey.objects.filter(digest__in=digests)
        .annotate(block=Window(Count("person_id"), partition_by=[F("digest")]))
        .values_list("digest", "person_id", "block")
    )
    ids: set[int] = set()
    skipped: set[str] = set()
    for digest, person_id, block in rows:
        if block > limit:
            skipped.add(digest)
        else:
            ids.add(person_id)
    return ids, len(skipped)


@doors.door
def duplicate_candidates(
    identity: Identity, *, exclude_restricted: bool = True, person_ids: set[int] | None = None
) -> list[tuple[Person, Any]]:
    """Scored people who may be ``identity``, best first (no logging, no access check)."""
    ids = person_ids
    if ids is None:
        ids, _skipped = candidate_person_ids(
            check_keys(identity, lookup=True, hash_keys=hash_keys_in_use())
        )
    if not ids:
        return []
    people = Person.objects.filter(pk__in=ids).only(
        "id",
        "public_id",
        "is_restricted",
        "given_name",
        "family_name",
        "other_names",
        "date_of_birth",
        "phone",
        "email",
    )
    if exclude_restricted:
        people = people.filter(is_restricted=False)
    scored = []
    for person in people:
        score = score_identity(identity, identity_of(person))
        if score.strength is not None:
            scored.append((person, score))
    scored.sort(key=lambda item: (item[1].strength != "likely", -item[1].score))
    return scored


@doors.door
def person_duplicate_check(
    *,
    user,
    given_name: str,
    family_name: str,
    other_names: Iterable[str] = (),
    date_of_birth: datetime.date | None = None,
    phone: str = "",
    email: str = "",
) -> DuplicateCheckResult:
    """Offer existing records that may be the person about to be created.

    Restricted records are never offered. At most ``MAX_CANDIDATES`` are returned, each showing
    only which of the typed details agree. Every check is logged (without the details typed);
    many checks by one user in an hour are flagged for review, and beyond a limit refused.
    """
    _require_caseworker(user)
    done = (
        recent_count(
            user=user,
            action=Action.SEARCH,
            record_type=DUPLICATE_CHECK,
            at_most=conf.checks_limit_per_hour() + 1,
        )
        + 1
    )
    if done > conf.checks_limit_per_hour():
        _log_refusal_of_check(user=user, count=done)
        raise TooManyChecks(
            _("You have checked for existing records many times in the last hour. Try again later.")
        )
    identity = Identity.build(
        given_name=given_name,
        family_name=family_name,
        other_names=other_names,
        date_of_birth=date_of_birth,
        phone=phone,
        email=email,
    )
    ids, skipped = candidate_person_ids(
        check_keys(identity, lookup=True, hash_keys=hash_keys_in_use())
    )
    scored = duplicate_candidates(identity, person_ids=ids) if ids else []
    shown = scored[: conf.MAX_CANDIDATES]
    readable_ids = people_readable_among(user=user, person_ids=[p.pk for p, _score in shown])
    candidates = []
    for person, score in shown:
        readable = person.pk in readable_ids
        candidates.append(
            Candidate(
                ref=_link_token(user=user, person=person),
                strength=score.strength,
                agreeing=tuple(score.agreeing),
                public_id=person.public_id if readable else None,
                name=person.display_name if readable else "",
            )
        )
    flagged = done > conf.checks_flag_per_hour()
    access_log(
        user=user,
        action=Action.SEARCH,
        record_type=DUPLICATE_CHECK,
        detail={"candidates": len(candidates), "skipped_blocks": skipped, "checks_this_hour": done},
        flagged=flagged,
    )
    if flagged:
        unusual_activity_flag(user=user, what="duplicate_checks", count=done)
    return DuplicateCheckResult(
        candidates=candidates, flagged=flagged, skipped_blocks=skipped, decrypted=len(ids)
    )


def _log_refusal_of_check(*, user, count: int) -> None:
    access_log(
        user=user,
        action=Action.DENIED,
        record_type=DUPLICATE_CHECK,
        reason="too many checks",
        detail={"checks_this_hour": count},
        flagged=True,
    )
    unusual_activity_flag(user=user, what="duplicate_checks", count=count)


@doors.door
@transaction.atomic
def person_link(*, user, ref: str, reason: str) -> Person:
    """Link the user's agency to a record offered by the duplicate check.

    Needs a reason; gives the agency an involvement (``linked``), is logged (flagged) and goes to
    review by someone else, who may end it.
    """
    _require_caseworker(user)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why this is the same person.")})
    person_pk = _read_link_token(user=user, ref=ref)
    person = Person.objects.filter(pk=person_pk, is_restricted=False).first()
    if person is None:
        raise ValidationError(_("That record can no longer be linked."))
    involvement = involvement_add(
        person=person,
        agency=user.agency,
        kind=InvolvementKind.LINKED,
        by=user,
        note=_("After a duplicate check"),
    )
    person_event_add(
        person=person, type=Event.LINKED, by=user, parameters={"agency": user.agency.name}
    )
    stored = reason_store(kind=ReasonKind.DUPLICATE_LINK, text=reason, user=user)
    access_log(user=user, action=Action.LINK, record=person, reason_ref=stored, flagged=True)
    review_open(
        kind=ReviewKind.DUPLICATE_LINK,
        subject_user=user,
        person=person,
        involvement=involvement,
        reason_ref=stored,
    )
    return person


# Involvement --------------------------------------------------------------------------------


def _source_reference(source: models.Model | None) -> tuple[str, str]:
    if source is None:
        return "", ""
    return record_reference(source)


@transaction.atomic
def involvement_add(
    *,
    person: Person,
    agency,
    kind: str,
    by=None,
    source: models.Model | None = None,
    note: str = "",
) -> Involvement:
    """Give ``agency`` a part in ``person``'s case, so its casework users may read her record.

    ``source`` is the record that causes it (a referral, a hearing, a share); adding the same
    kind from the same source twice returns the existing involvement.
    """
    if kind not in InvolvementKind.values:
        raise ValueError(f"unknown involvement kind {kind!r}")
    source_type, source_id = _source_reference(source)
    existing = Involvement.objects.active().filter(
        person=person, agency=agency, kind=kind, source_type=source_type, source_id=source_id
    )
    if source is not None and existing.exists():
        return existing.first()
    involvement = Involvement.objects.create(
        person=person,
        agency=agency,
        kind=kind,
        source_type=source_type,
        source_id=source_id,
        note=note[:200],
        started_by=by if by is not None and by.is_authenticated else None,
    )
    person_event_add(
        person=person,
        type=Event.INVOLVEMENT_ADDED,
        by=by,
        parameters={"agency": agency.name, "kind": str(involvement.get_kind_display())},
    )
    if by is not None:
        access_log(
            user=by,
            action=Action.SHARE,
            record=person,
            detail={"involvement": involvement.public_id, "agency": agency.public_id, "kind": kind},
        )
    return involvement


@doors.door
@transaction.atomic
def involvement_end(*, involvement: Involvement, by=None, reason: str) -> Involvement:
    """End an involvement: from now on it gives no access. Its history is kept."""
    if involvement.ended_at is not None:
        return involvement
    involvement.ended_at = timezone.now()
    involvement.ended_by = by if by is not None and by.is_authenticated else None
    involvement.end_reason = reason[:200]
    involvement.save(update_fields=["ended_at", "ended_by", "end_reason"])
    person_event_add(
        person=involvement.person,
        type=Event.INVOLVEMENT_ENDED,
        by=by,
        parameters={
            "agency": involvement.agency.name,
            "kind": str(involvement.get_kind_display()),
            "reason": reason[:200],
        },
    )
    if by is not None:
        access_log(
            user=by,
            action=Action.UPDATE,
            record=involvement.person,
            reason=reason,
            detail={"involvement_ended": involvement.public_id},
        )
    return involvement


def involvement_end_for_source(*, source: models.Model, by=None, reason: str) -> int:
    """End every active involvement created by ``source`` (e.g. a referral that closed)."""
    source_type, source_id = _source_reference(source)
    ended = 0
    for involvement in (
        Involvement.objects.active()
        .filter(source_type=source_type, source_id=source_id)
        .select_related("agency")
    ):
        involvement_end(involvement=involvement, by=by, reason=reason)
        ended += 1
    return ended


# Agreement and sharing ----------------------------------------------------------------------


def sharing_bases_load() -> None:
    """Create or refresh the lawful bases and conditions Harbour ships with (also run by
    migration ``people.0002``); those a region added or edited under other codes are kept."""
    from harbour.people.sharing_data import load

    load(LawfulBasis, ProcessingCondition)


def agreement_record(
    *,
    person: Person,
    by,
    agencies: Sequence,
    purpose: str,
    given_at: datetime.datetime,
    given_how: str,
    explicit: bool = False,
    notes: str = "",
) -> Agreement:
    """Record her agreement to share with ``agencies``: when and how she gave it."""
    _require_access(user=by, person=person, part="agreement")
    with transaction.atomic():
        if not agencies:
            raise ValidationError({"agencies": _("Choose at least one agency she agreed to.")})
        if given_at > timezone.now():
            raise ValidationError(
                {"given_at": _("The date she agreed must be today or in the past.")}
            )
        agreement = Agreement(
            person=person,
            purpose=purpose.strip(),
            explicit=explicit,
            given_at=given_at,
            given_how=given_how,
            recorded_by=by,
            notes=notes,
        )
        agreement.full_clean()
        agreement.save()
        agreement.agencies.set(agencies)
        person_event_add(
            person=person,
            type=Event.AGREEMENT_RECORDED,
            by=by,
            parameters={
                "agencies": ", ".join(sorted(a.name for a in agencies)),
                "how": str(agreement.get_given_how_display()),
            },
        )
        access_log(
            user=by, action=Action.UPDATE, record=person, detail={"agreement": agreement.public_id}
        )
        return agreement


@doors.door
def agreement_withdraw(
    *, agreement: Agreement, by, how: str, withdrawn_at: datetime.datetime | None = None
) -> list[Share]:
    """Record that she withdrew her agreement; every share relying on it stops from now on.

    Returns the shares stopped. Records already shared stay where they are (a withdrawal is
    not retrospective), but no further access follows from them.
    """
    _require_access(user=by, person=agreement.person, part="agreement")
    with transaction.atomic():
        if agreement.withdrawn_at is not None:
            return []
        withdrawn_at = withdrawn_at or timezone.now()
        if withdrawn_at > timezone.now():
            raise ValidationError({"withdrawn_at": _("The date must be today or in the past.")})
        if withdrawn_at < agreement.given_at:
            raise ValidationError(
                {"withdrawn_at": _("She cannot withdraw before the date she agreed.")}
            )
        agreement.withdrawn_at = withdrawn_at
        agreement.withdrawn_how = how
        agreement.withdrawal_recorded_by = by
        agreement.full_clean()
        agreement.save(update_fields=["withdrawn_at", "withdrawn_how", "withdrawal_recorded_by"])
        stopped = []
        for share in agreement.shares.filter(stopped_at__isnull=True).select_related(
            "agency", "involvement"
        ):
            share_stop(share=share, by=by, reason=_("She withdrew her agreement"))
            stopped.append(share)
        person_event_add(
            person=agreement.person,
            type=Event.AGREEMENT_WITHDRAWN,
            by=by,
            parameters={
                "agencies": ", ".join(sorted(a.name for a in agreement.agencies.all())),
                "how": str(agreement.get_withdrawn_how_display()),
            },
        )
        access_log(
            user=by,
            action=Action.UPDATE,
            record=agreement.person,
            detail={"agreement_withdrawn": agreement.public_id, "shares_stopped": len(stopped)},
        )
        return stopped


def share_record(
    *,
    person: Person,
    by,
    agency,
    purpose: str,
    categories: Sequence[str],
    regime: str,
    basis: LawfulBasis,
    condition: ProcessingCondition | None = None,
    agreement: Agreement | None = None,
    justification: str = "",
    preconditions_confirmed: Sequence[str] = (),
    involve: bool = True,
) -> Share:
    """Share her information with ``agency`` on a recorded basis; the agency becomes involved.

    Checks that the basis and condition belong to the regime; that special-category or
    criminal-offence data has a condition that covers it; that a basis or condition relying on
    her agreement has a current agreement naming the agency (explicit, for special-category
    data); that a condition with preconditions (Schedule 1 paragraph 18) has each confirmed and
    a written justification.

    With ``involve=False`` the share is recorded but gives the agency no involvement (no read
    of the whole record): the caller shows the agency only the categories shared, through a
    view of its own (a referral, say), and may involve the agency later with
    :func:`share_involvement_add`.
    """
    _require_access(user=by, person=person, part="sharing")
    with transaction.atomic():
        errors: dict[str, list[str]] = {}

        def error(name: str, message: str) -> None:
            errors.setdefault(name, []).append(message)

        categories = list(dict.fromkeys(categories))
        for name, message in sharing.footing_errors(
            regime=regime,
            basis=basis,
            condition=condition,
            categories=categories,
            preconditions_confirmed=preconditions_confirmed,
            justification=justification,
        ).items():
            error(name, message)
        if not purpose.strip():
            error("purpose", _("Say what the information is shared for."))
        if agency == by.agency:
            error("agency", _("Choose an agency other than your own."))
        needs_agreement = sharing.relies_on_agreement(basis=basis, condition=condition)
        for name, message in sharing.agreement_errors(
            basis=basis,
            condition=condition,
            agreement=agreement,
            person_id=person.pk,
            agency_id=agency.pk,
        ).items():
            error(name, message)
        if errors:
            raise ValidationError(errors)
        share = Share.objects.create(
            person=person,
            agency=agency,
            purpose=purpose.strip(),
            categories=categories,
            regime=regime,
            basis=basis,
            condition=condition,
            preconditions_confirmed=list(preconditions_confirmed),
            justification=justification.strip(),
            agreement=agreement if needs_agreement else None,
            shared_by=by,
            shared_by_agency=by.agency,
        )
        if involve:
            share.involvement = involvement_add(
                person=person, agency=agency, kind=InvolvementKind.SHARE, by=by, source=share
            )
            share.save(update_fields=["involvement"])
        person_event_add(
            person=person,
            type=Event.SHARED,
            by=by,
            parameters={"agency": agency.name, "purpose": share.purpose, "basis": basis.reference},
        )
        access_log(
            user=by,
            action=Action.SHARE,
            record=person,
            reason=f"{basis.reference}" + (f"; {condition.reference}" if condition else ""),
            detail={
                "share": share.public_id,
                "agency": agency.public_id,
                "regime": regime,
                "basis": basis.code,
                "condition": condition.code if condition else "",
                "categories": categories,
            },
        )
        return share


@doors.door
@transaction.atomic
def share_involvement_add(
    *, share: Share, by, kind: str = InvolvementKind.SHARE, source: models.Model | None = None
) -> Involvement:
    """Involve a share's agency on the strength of the share (recorded with ``involve=False``).

    The involvement is tied to the share: stopping the share (or withdrawing the agreement it
    relies on) ends it. ``kind`` and ``source`` say why it starts now (for example a referral
    the agency accepted). Refused for a share that has stopped.
    """
    if share.stopped_at is not None:
        raise ValidationError(_("Sharing has stopped, so it cannot give access."))
    if share.involvement_id is not None and share.involvement.is_active:
        return share.involvement
    involvement = involvement_add(
        person=share.person, agency=share.agency, kind=kind, by=by, source=source or share
    )
    share.involvement = involvement
    share.save(update_fields=["involvement"])
    return involvement


@doors.door
@transaction.atomic
def share_stop(*, share: Share, by, reason: str) -> Share:
    """Stop a share: the agency's access through it ends from now on."""
    if share.stopped_at is not None:
        return share
    share.stopped_at = timezone.now()
    share.stopped_by = by
    share.stopped_reason = reason[:200]
    share.save(update_fields=["stopped_at", "stopped_by", "stopped_reason"])
    if share.involvement_id:
        involvement_end(involvement=share.involvement, by=by, reason=reason)
    person_event_add(
        person=share.person,
        type=Event.SHARE_STOPPED,
        by=by,
        parameters={"agency": share.agency.name, "reason": reason[:200]},
    )
    return share


# Restricted records ---------------------------------------------------------------------------


def _may_manage_restriction(*, user, person: Person) -> bool:
    if user.is_authenticated and user.has_role(Role.ADMINISTRATOR):
        return True
    access = person_access_for_user(user=user, person=person)
    return bool(access) and access.why in ("involved", "named")


@transaction.atomic
def person_restrict(*, person: Person, by, reason: str, named_users: Iterable = ()) -> Person:
    """Restrict the record to named users (``by`` is named, unless an administrator)."""
    if not _may_manage_restriction(user=by, person=person):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the record is restricted.")})
    users = list(named_users)
    if not by.has_role(Role.ADMINISTRATOR):
        users.insert(0, by)
    if not users:
        raise ValidationError({"users": _("Name at least one user who may read the record.")})
    was_restricted = person.is_restricted
    if not was_restricted:
        Person.objects.filter(pk=person.pk).update(is_restricted=True)
        person.is_restricted = True
        person_event_add(person=person, type=Event.RESTRICTED, by=by)
    for user in users:
        restricted_user_add(person=person, user=user, by=by)
    stored = reason_store(kind=ReasonKind.RESTRICTION, text=reason, user=by)
    access_log(
        user=by,
        action=Action.UPDATE,
        record=person,
        reason_ref=stored,
        detail={"restricted": True},
    )
    _review_if_administrator(by=by, person=person, reason=stored, change="restricted")
    return person


@transaction.atomic
def person_unrestrict(*, person: Person, by, reason: str) -> Person:
    if not _may_manage_restriction(user=by, person=person):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the restriction is lifted.")})
    if person.is_restricted:
        Person.objects.filter(pk=person.pk).update(is_restricted=False)
        person.is_restricted = False
        person_event_add(person=person, type=Event.UNRESTRICTED, by=by)
        stored = reason_store(kind=ReasonKind.RESTRICTION, text=reason, user=by)
        access_log(
            user=by,
            action=Action.UPDATE,
            record=person,
            reason_ref=stored,
            detail={"restricted": False},
        )
        _review_if_administrator(by=by, person=person, reason=stored, change="unrestricted")
    return person


def restricted_user_add(*, person: Person, user, by) -> RestrictedAccess:
    if not _may_manage_restriction(user=by, person=person) and by != user:
        raise PermissionDenied
    if not may_work_with_people(user):
        raise ValidationError({"users": _("Only users in casework roles can be named.")})
    existing = RestrictedAccess.objects.filter(person=person, user=user, removed_at__isnull=True)
    if existing.exists():
        return existing.first()
    named = RestrictedAccess.objects.create(person=person, user=user, added_by=by)
    person_event_add(
        person=person, type=Event.NAMED_USER_ADDED, by=by, parameters={"user": user.display_name}
    )
    access_log(
        user=by, action=Action.UPDATE, record=person, detail={"named_user_added": user.public_id}
    )
    return named


@doors.door
@transaction.atomic
def restricted_user_remove(*, named: RestrictedAccess, by) -> RestrictedAccess:
    person = named.person
    if not _may_manage_restriction(user=by, person=person):
        raise PermissionDenied
    remaining = RestrictedAccess.objects.filter(person=person, removed_at__isnull=True).exclude(
        pk=named.pk
    )
    if person.is_restricted and not remaining.exists():
        raise ValidationError(
            {
                "users": _(
                    "A restricted record needs at least one named user: "
                    "lift the restriction instead."
                )
            }
        )
    named.removed_at = timezone.now()
    named.removed_by = by
    named.save(update_fields=["removed_at", "removed_by"])
    person_event_add(
        person=person,
        type=Event.NAMED_USER_REMOVED,
        by=by,
        parameters={"user": named.user.display_name},
    )
    access_log(
        user=by,
        action=Action.UPDATE,
        record=person,
        detail={"named_user_removed": named.user.public_id},
    )
    return named


def _review_if_administrator(*, by, person: Person, reason: Reason, change: str) -> None:
    if by.has_role(Role.ADMINISTRATOR):
        review_open(
            kind=ReviewKind.RESTRICTION_CHANGE,
            subject_user=by,
            person=person,
            reason_ref=reason,
            detail={"change": change},
        )


# Emergency override and reviews --------------------------------------------------------------


@doors.door
def emergency_access_grant(*, user, person_id: str, reason: str) -> Person:
    """Override need-to-know in an emergency: logged, flagged, time-limited and reviewed.

    Refused (as :class:`PersonNotFound`, after logging) for records that do not exist or are
    restricted, and for users outside casework roles.
    """
    if not (reason or "").strip() or len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Explain the emergency in at least 10 characters.")})
    person = Person.objects.filter(public_id=person_id).first() if person_id else None
    if person is None or person.is_restricted or not may_work_with_people(user):
        why = (
            "no such record"
            if person is None
            else ("restricted" if person.is_restricted else "role")
        )
        _log_refusal(user=user, record_id=str(person_id)[:64], why=why, part="emergency access")
        raise PersonNotFound
    with transaction.atomic():
        stored = reason_store(kind=ReasonKind.EMERGENCY_ACCESS, text=reason, user=user)
        grant = EmergencyAccess.objects.create(
            person=person,
            user=user,
            reason_ref=stored,
            expires_at=timezone.now() + datetime.timedelta(hours=conf.emergency_hours()),
        )
        access_log(
            user=user,
            action=Action.OVERRIDE,
            record=person,
            reason_ref=stored,
            detail={"emergency_access": grant.public_id},
            flagged=True,
        )
        person_event_add(
            person=person,
            type=Event.EMERGENCY_ACCESS,
            by=user,
            parameters={"user": user.display_name, "agency": user.agency.name},
        )
        review_open(
            kind=ReviewKind.EMERGENCY_ACCESS,
            subject_user=user,
            person=person,
            emergency_access=grant,
            reason_ref=stored,
        )
    return person


@doors.door
@transaction.atomic
def review_complete(*, review: AccessReview, by, outcome: str, notes: str = "") -> AccessReview:
    """Record a review. Only administrators review, never their own activity; an inappropriate
    override or link ends the access it gave."""
    if not by.has_role(Role.ADMINISTRATOR):
        raise PermissionDenied
    if review.subject_user_id == by.pk:
        raise ValidationError(_("Someone else must review your own activity."))
    if review.reviewed_at is not None:
        raise ValidationError(_("This item has already been reviewed."))
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    if outcome == ReviewOutcome.NOT_APPROPRIATE and not notes.strip():
        raise ValidationError({"notes": _("Say what was not appropriate and who was told.")})
    review.reviewed_at = timezone.now()
    review.reviewed_by = by
    review.outcome = outcome
    review.notes = notes.strip()
    review.save(update_fields=["reviewed_at", "reviewed_by", "outcome", "notes"])
    if outcome == ReviewOutcome.NOT_APPROPRIATE:
        grant = review.emergency_access
        if grant is not None and grant.ended_at is None:
            grant.ended_at = timezone.now()
            grant.save(update_fields=["ended_at"])
            person_event_add(
                person=grant.person,
                type=Event.EMERGENCY_ACCESS_ENDED,
                by=by,
                parameters={"user": grant.user.display_name},
            )
        if review.involvement is not None:
            involvement_end(involvement=review.involvement, by=by, reason=_("Ended on review"))
    access_log(
        user=by,
        action=Action.REVIEW,
        record=review,
        reason=outcome,
        detail={"kind": review.kind, "subject": review.subject_user.public_id},
    )
    return review


# Keys --------------------------------------------------------------------------------------


@doors.door
def people_rehash(*, batch_size: int = 500) -> int:
    """Rebuild every person's keyed hashes at once, in this process (after a change of
    ``HARBOUR_PEOPLE_NAME_BUCKET_BITS``; a new hash key is rotated to by ``manage.py
    rotate_keys``, which does the same in the background and resumes after a stop)."""
    rebuilt = 0
    after = 0
    while True:
        ids = list(
            Person.objects.filter(pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return rebuilt
        rebuilt += people_match_keys_rebuild(person_ids=ids)
        after = ids[-1]


# Erasure (harbour.records) ---------------------------------------------------------------------


@doors.door
def person_erase(*, person_id: int, by=None, reason: str) -> bool:
    """Erase a person record: every encrypted value emptied, her keyed hashes (so the duplicate
    check and name search cannot find her again) and every earlier version deleted, her
    agencies' involvements ended, and ``erased_at`` set. The row stays, holding nothing about
    her, because other records point at it. Only ``harbour.records`` calls this, after its own
    checks (a hold, a second approval) and with its tombstone in the same transaction.

    Returns False, changing nothing, when she was already erased: erasing twice is a no-op.
    ``reason`` is Harbour's own words (the retention rule or the request's reference).
    """
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(pk=person_id).first()
        if person is None or person.erased_at is not None:
            return False
        fields = encrypted_values_erase(person)
        person.erased_at = timezone.now()
        person.is_restricted = False
        person.safe_contact_updated_at = None
        person.children_in_household = None
        person.skip_history_when_saving = True
        person.save(
            update_fields=[
                *fields,
                "erased_at",
                "is_restricted",
                "safe_contact_updated_at",
                "children_in_household",
                "updated_at",
            ]
        )
        del person.skip_history_when_saving
        person.history.all().delete()
        MatchKey.objects.filter(person=person).delete()
        RestrictedAccess.objects.filter(person=person, removed_at__isnull=True).update(
            removed_at=timezone.now()
        )
        Involvement.objects.active().filter(person=person).update(
            ended_at=timezone.now(), end_reason="Record erased"
        )
        for model in (Share, Agreement):
            for row in model.objects.filter(person=person):
                row.save(update_fields=encrypted_values_erase(row))
        access_log(
            user=by,
            action=Action.ARCHIVE,
            record=person,
            reason=reason,
            detail={"erased": True},
        )
    return True
