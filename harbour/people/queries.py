"""Reads of people. The only door to a person record is :func:`person_get_for_user`.

Every function here that returns personal data applies need-to-know and writes the access log:

- a user sees a person only if she holds a casework role and her agency has an active
  :class:`Involvement` with the person, or she holds a current emergency override;
- a restricted record is seen only by the users named on it, whatever their agency;
- a refusal looks exactly like a record that does not exist (404) and is logged as DENIED.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
)
from django.http import Http404
from django.utils import timezone

from harbour.accounts.roles import CASEWORK_ROLES
from harbour.audit.services import Action, access_log
from harbour.core import doors
from harbour.core.ids import looks_like_public_id
from harbour.keys.hashes import hash_keys_in_use
from harbour.people import conf
from harbour.people.activity import (
    PERSON,
    recent_count,
    refusal_record,
    staff_record_flag,
    unusual_activity_flag,
)
from harbour.people.candidates import read_candidates
from harbour.people.choices import AGE_BAND_LIMITS
from harbour.people.events import describe
from harbour.people.matching import (
    GIVEN_AGREES,
    Identity,
    check_keys,
    dob_score,
    given_name_score,
    name_buckets,
    name_score,
    split_full_name,
)
from harbour.people.models import (
    CONTACT_FIELDS,
    EQUALITY_FIELDS,
    AccessReview,
    Agreement,
    EmergencyAccess,
    Involvement,
    InvolvementKind,
    Person,
    PersonEvent,
    RestrictedAccess,
    Share,
)
from harbour.people.names import normalise_name, splits, word_similarity

__all__ = [
    "PeopleSearch",
    "PersonAccess",
    "PersonNotFound",
    "people_for_user",
    "people_search_for_user",
    "person_access_for_user",
    "person_contact_details_for_user",
    "person_get_for_user",
    "person_summaries_for_user",
    "person_timeline_for_user",
]


def person_encrypted_paths(path: str = "") -> list[str]:
    """Her encrypted fields, as paths from another model (``path="victim"`` gives
    ``["victim__given_name", ...]``): ``.defer(*person_encrypted_paths("victim"))`` loads the
    person a record links to without decrypting anything, for an access check or her public id.
    """
    prefix = f"{path}__" if path else ""
    return [
        f"{prefix}{f.name}" for f in Person._meta.concrete_fields if getattr(f, "encrypted", False)
    ]


class PersonNotFound(Http404):
    """No person the user may read has this identifier (it may not exist at all)."""


@dataclass(frozen=True)
class PersonAccess:
    allowed: bool
    why: str  # "involved", "named", "emergency"; or why not: "role", "restricted", "not involved"
    involvements: tuple[Involvement, ...] = ()
    emergency: EmergencyAccess | None = None
    # Every read on this footing is flagged for review: the record of someone who works for a
    # partner agency, read by anyone but the named users of a restricted record.
    reviewed: bool = False

    def __bool__(self) -> bool:
        return self.allowed


def may_work_with_people(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role in CASEWORK_ROLES
    )


def person_access_for_user(*, user, person: Person) -> PersonAccess:
    """Whether ``user`` may read ``person`` now, and on what footing. Writes no log."""
    if not may_work_with_people(user):
        return PersonAccess(False, "role")
    if person.erased_at is not None:
        return PersonAccess(False, "erased")
    if person.is_restricted:
        named = RestrictedAccess.objects.filter(
            person=person, user=user, removed_at__isnull=True
        ).exists()
        return PersonAccess(True, "named") if named else PersonAccess(False, "restricted")
    involvements = tuple(
        Involvement.objects.active().filter(person=person, agency_id=user.agency_id)
    )
    staff = person.works_for_partner_agency
    if involvements:
        return PersonAccess(True, "involved", involvements=involvements, reviewed=staff)
    emergency = emergency_access_current(user=user, person=person)
    if emergency is not None:
        return PersonAccess(True, "emergency", emergency=emergency, reviewed=staff)
    return PersonAccess(False, "not involved")


def people_readable_among(*, user, person_ids: Iterable[int]) -> set[int]:
    """Which of ``person_ids`` ``user`` may read now, in one query (the answer
    :func:`person_access_for_user` gives for each, for a list). Writes no log."""
    ids = set(person_ids)
    if not ids or not may_work_with_people(user):
        return set()
    involved = Involvement.objects.active().filter(
        agency_id=user.agency_id, person_id=OuterRef("pk")
    )
    emergency = EmergencyAccess.objects.filter(
        person_id=OuterRef("pk"), user=user, ended_at__isnull=True, expires_at__gt=timezone.now()
    )
    named = RestrictedAccess.objects.filter(
        person_id=OuterRef("pk"), user=user, removed_at__isnull=True
    )
    return set(
        Person.objects.filter(pk__in=ids, erased_at__isnull=True)
        .filter(
            Q(Exists(involved) | Exists(emergency), is_restricted=False)
            | Q(Exists(named), is_restricted=True)
        )
        .values_list("pk", flat=True)
    )


def emergency_access_current(*, user, person: Person) -> EmergencyAccess | None:
    return (
        EmergencyAccess.objects.filter(
            person=person, user=user, ended_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )


@doors.door
def person_get_for_user(
    *, user, person_id: str, reason: str | None = None, part: str = "record"
) -> Person:
    """The person with public id ``person_id``, if ``user`` may read her; the read is logged.

    ``reason`` is recorded with the read (for example "Referral 3fk..."); ``part`` says which
    part of the record was read (``record``, ``timeline``, ``sharing``...). Raises
    :class:`PersonNotFound` (a 404) when the record does not exist or the user may not read
    it, after logging the refusal. Call it outside a transaction that may roll back.
    """
    person = None
    if isinstance(person_id, str) and looks_like_public_id(person_id):
        person = (
            Person.objects.select_related("local_authority").filter(public_id=person_id).first()
        )
    access = person_access_for_user(user=user, person=person) if person else None
    if person is None or not access:
        why = access.why if access is not None else "no such record"
        _log_refusal(user=user, record_id=str(person_id)[:64], why=why, part=part)
        raise PersonNotFound
    access_log(
        user=user,
        action=Action.VIEW,
        record=person,
        reason=reason or _why_text(access),
        detail={"part": part, "access": access.why},
        flagged=access.why == "emergency" or access.reviewed,
    )
    person.access = access
    if access.reviewed:
        staff_record_flag(user=user, person=person)
    _flag_many_reads(user)
    return person


def _why_text(access: PersonAccess) -> str:
    if access.why == "involved":
        kinds = sorted({i.get_kind_display() for i in access.involvements})
        return "involved: " + ", ".join(str(k) for k in kinds)
    if access.why == "emergency" and access.emergency is not None:
        return f"emergency access {access.emergency.public_id}"
    return access.why


def _log_refusal(*, user, record_id: str, why: str, part: str) -> None:
    refusal_record(
        user=user,
        record_type=PERSON,
        record_id=record_id,
        why=why,
        what="refused_reads",
        detail={"part": part},
    )


def _flag_many_reads(user) -> None:
    opened = recent_count(
        user=user, action=Action.VIEW, record_type=PERSON, distinct_records=True, at_most=1000
    )
    if opened > conf.reads_flag_per_hour():
        unusual_activity_flag(user=user, what="many_records", count=opened)


@doors.door
def person_contact_details_for_user(*, user, person: Person) -> dict[str, str]:
    """Address, postcode, phone and email of a person already read through the getter.

    Revealing contact details is a read of its own, logged as such.
    """
    access = person_access_for_user(user=user, person=person)
    if not access:
        _log_refusal(user=user, record_id=person.public_id, why=access.why, part="contact")
        raise PersonNotFound
    access_log(
        user=user,
        action=Action.VIEW,
        record=person,
        reason=_why_text(access),
        detail={"part": "contact details"},
    )
    return {name: getattr(person, name) for name in CONTACT_FIELDS}


# Lists and search --------------------------------------------------------------------------


@dataclass
class PersonSummary:
    public_id: str
    name: str
    date_of_birth: datetime.date | None
    local_authority: str
    involvements: list[str] = field(default_factory=list)
    restricted: bool = False
    age_band: str = ""  # worked out from the date of birth, where it is known
    last_contact: datetime.datetime | None = None  # her agency's latest contact, where searched


def _readable_people(user, *, few: bool = False):
    """People ``user`` may read through her agency or by name: a queryset.

    ``few``: the caller narrows it to a few people by id. Each is then checked by index (a
    correlated ``EXISTS``); otherwise the agency's involvements are read once into a hash,
    which suits a whole list but, over a million people, costs a scan of every involvement
    of her agency for each look-up.
    """
    if not may_work_with_people(user):
        return Person.objects.none()
    involved = Involvement.objects.active().filter(agency_id=user.agency_id)
    named = RestrictedAccess.objects.filter(user=user, removed_at__isnull=True)
    if few:
        return Person.objects.filter(erased_at__isnull=True).filter(
            Q(Exists(involved.filter(person_id=OuterRef("pk"))), is_restricted=False)
            | Q(Exists(named.filter(person_id=OuterRef("pk"))), is_restricted=True)
        )
    return Person.objects.filter(erased_at__isnull=True).filter(
        Q(is_restricted=False, pk__in=involved.values("person_id"))
        | Q(is_restricted=True, pk__in=named.values("person_id"))
    )


def people_count_for_user(*, user) -> int:
    """How many people ``user`` may read through her agency or by name (for paging a list)."""
    return _readable_people(user).count()


@doors.door
def people_for_user(
    *,
    user,
    name: str = "",
    date_of_birth: datetime.date | None = None,
    limit: int = 500,
    offset: int = 0,
) -> list[PersonSummary]:
    """The people ``user``'s agency works with (and restricted records naming her), newest
    first, ``limit`` of them after the first ``offset``; with ``name`` (and optionally
    ``date_of_birth``), those whose name resembles it, best first (see
    :func:`people_search_for_user`, which also says when results were limited).

    Only names and dates of birth are decrypted; addresses never appear in a list. The search
    is logged without its terms.
    """
    if name:
        return people_search_for_user(
            user=user, name=name, date_of_birth=date_of_birth, limit=limit
        ).results
    agency_involvements = Involvement.objects.active().filter(agency_id=user.agency_id)
    people = (
        _readable_people(user)
        .select_related("local_authority")
        .only(
            "public_id",
            "given_name",
            "family_name",
            "date_of_birth",
            "is_restricted",
            "local_authority__name",
            "created_at",
        )
        .prefetch_related(Prefetch("involvements", queryset=agency_involvements, to_attr="mine"))
        .order_by("-created_at", "-id")
    )
    start = max(offset, 0)
    summaries = [
        PersonSummary(
            public_id=person.public_id,
            name=person.display_name,
            date_of_birth=person.date_of_birth,
            local_authority=person.local_authority.name if person.local_authority else "",
            involvements=sorted({str(i.get_kind_display()) for i in person.mine}),
            restricted=person.is_restricted,
        )
        for person in people[start : start + limit]
    ]
    access_log(
        user=user,
        action=Action.SEARCH,
        record_type=PERSON,
        detail={"list": "my agency's people", "searched": False, "results": len(summaries)},
    )
    return summaries


# Finding people by name, over every record, reading only a few ------------------------------


@dataclass
class PeopleSearch:
    """What a name search found among the people the user may read.

    ``results`` are the best ``limit`` matches; ``matched`` how many matched in all (only
    people the user may read are ever counted). ``too_many``: so many people she may read
    have names like this that they were not read at all: the user should add a date of birth.
    ``decrypted``: how many records were decrypted to answer (for the bench).
    """

    results: list[PersonSummary] = field(default_factory=list)
    matched: int = 0
    too_many: bool = False
    decrypted: int = 0

    @property
    def limited(self) -> bool:
        return self.too_many or self.matched > len(self.results)


NAME_MATCHES = 0.85  # a name this alike (from 0 to 1) is offered
STRONG_MATCH = 0.97  # a match this good ends the search before slips are looked for


def _stored_names(person: Person) -> tuple[tuple[str, str], ...]:
    return Identity.build(
        given_name=person.given_name,
        family_name=person.family_name,
        other_names=person.other_names,
    ).names


def _search_score(
    options: list[tuple[str, str]],
    person: Person,
    date_of_birth: datetime.date | None,
) -> float:
    stored = _stored_names(person)
    score = max((name_score([option], stored) for option in options), default=0.0)
    if date_of_birth is None:
        return score
    if dob_score(date_of_birth, person.date_of_birth) < 0.9:  # exact, or day and month swapped
        return 0.0
    if score < NAME_MATCHES and given_name_score(options[:1], stored) >= GIVEN_AGREES:
        return NAME_MATCHES  # her given name and birthday: her family name may have changed
    if score < NAME_MATCHES:  # one word typed with a date of birth: any of her names
        words_typed = [w for option in options for w in option if w]
        score = max(score, _one_word_score(words_typed, stored))
    return score


def _one_word_score(typed: list[str], stored: tuple[tuple[str, str], ...]) -> float:
    """One name typed (with a date of birth): alike any of her given or family names."""
    best = 0.0
    for word in {w for text in typed for w in text.split()}:
        for given, family in stored:
            for part in (*given.split(), family.replace(" ", "")):
                best = max(best, word_similarity(word, part))
    return best


@doors.door
def people_search_for_user(
    *,
    user,
    name: str = "",
    given_name: str = "",
    family_name: str = "",
    other_names: Iterable[str] = (),
    date_of_birth: datetime.date | None = None,
    limit: int = 50,
    purpose: str = "name search",
) -> PeopleSearch:
    """People ``user`` may read whose name resembles the one typed: in one box (``name``) or
    as ``given_name`` and ``family_name`` (and any ``other_names`` she gave).

    Over every record at any size: keyed name buckets (or, with ``date_of_birth``, the
    duplicate check's blocking keys) fetch a few candidates by index, need-to-know is applied
    in the same query, and only those are decrypted and scored. Typing slips are looked for
    only when no strong match is found. When more people than
    ``HARBOUR_PEOPLE_SEARCH_READ_LIMIT`` she may read share names like this, none is read and
    ``too_many`` says to add a date of birth. Logged without the terms.
    """
    options = _typed_names(name, given_name, family_name, other_names)
    found = PeopleSearch()
    if options and may_work_with_people(user):
        found = _search(user, options, date_of_birth, limit)
    access_log(
        user=user,
        action=Action.SEARCH,
        record_type=PERSON,
        detail={
            "list": purpose,
            "searched": True,
            "results": len(found.results),
            "too_many": found.too_many,
        },
    )
    return found


def _typed_names(
    name: str, given_name: str, family_name: str, other_names: Iterable[str]
) -> list[tuple[str, str]]:
    """Every reading of what was typed as (given, family), normalised."""
    options: list[tuple[str, str]] = []
    if name:
        options.extend(splits(name))
    if family_name:
        options.append((normalise_name(given_name), normalise_name(family_name)))
    for other in other_names or ():
        given, family = split_full_name(other)
        if family:
            options.append((given, family))
    return list(dict.fromkeys(options))


def _search(user, options, date_of_birth, limit) -> PeopleSearch:
    cap = conf.search_read_limit()
    hash_keys = hash_keys_in_use()  # both keys during a rotation, until its rehash has finished
    scored: dict[int, tuple[float, Person]] = {}
    decrypted = 0

    def read(people: list[Person]) -> None:
        nonlocal decrypted
        decrypted += len(people)
        for person in people:
            score = _search_score(options, person, date_of_birth)
            if score >= NAME_MATCHES:
                scored[person.pk] = (score, person)

    if date_of_birth is not None:
        digests = {
            key.digest
            for given, family in options
            for key in check_keys(
                Identity.build(given_name=given, family_name=family, date_of_birth=date_of_birth),
                lookup=True,
                hash_keys=hash_keys,
            )
        }
        people, too_many = read_candidates(user, digests, exclude=set(), cap=cap, all_or_none=False)
        read(people)
    else:
        buckets = name_buckets(options, hash_keys=hash_keys)
        people, too_many = read_candidates(
            user, [k.digest for k in buckets.pair], exclude=set(), cap=cap, all_or_none=True
        )
        if not too_many:
            read(people)
            if not any(score >= STRONG_MATCH for score, _person in scored.values()):
                near, _more = read_candidates(
                    user,
                    [k.digest for k in buckets.near],
                    exclude={p.pk for p in people},
                    cap=cap,
                    all_or_none=False,  # slips: the cap's best by keys shared
                )
                read(near)
    ranked = sorted(scored.values(), key=lambda item: (-item[0], -item[1].created_at.timestamp()))
    shown = [person for _score, person in ranked[:limit]]
    return PeopleSearch(
        results=_found_summaries(shown),
        matched=len(ranked),
        too_many=too_many,
        decrypted=decrypted,
    )


def _found_summaries(people: list[Person]) -> list[PersonSummary]:
    """Summaries of the people found, with what tells them apart: age band, area, the kinds
    of her agency's involvement, and when her agency last had contact (its latest event on
    the record, or its latest involvement), read with them (:mod:`harbour.people.candidates`)."""
    today = timezone.localdate()
    return [
        PersonSummary(
            public_id=person.public_id,
            name=person.display_name,
            date_of_birth=person.date_of_birth,
            local_authority=person.found_area or "",
            involvements=sorted(
                {str(InvolvementKind(k).label) for k in (person.found_kinds or "").split(",") if k}
            ),
            restricted=person.is_restricted,
            age_band=age_band_on(date_of_birth=person.date_of_birth, on=today),
            last_contact=person.found_last_event or person.found_started,
        )
        for person in people
    ]


@doors.door
def person_summaries_for_user(
    *, user, person_ids: Iterable[int], purpose: str
) -> dict[int, PersonSummary]:
    """Summaries (name, date of birth, area) of those of ``person_ids`` the user may read, for
    another app's list (her agency's incidents, a caseload). Keyed by the ids given; people she
    may not read are left out. One access-log entry names the list (``purpose``) and how many
    people it showed, never who.
    """
    ids = set(person_ids)
    if not ids:
        return {}
    people = (
        _readable_people(user, few=True)
        .filter(pk__in=ids)
        .select_related("local_authority")
        .only(
            "public_id",
            "given_name",
            "family_name",
            "date_of_birth",
            "is_restricted",
            "local_authority__name",
        )
    )
    summaries = {
        person.pk: PersonSummary(
            public_id=person.public_id,
            name=person.display_name,
            date_of_birth=person.date_of_birth,
            local_authority=person.local_authority.name if person.local_authority else "",
            restricted=person.is_restricted,
        )
        for person in people
    }
    access_log(
        user=user,
        action=Action.SEARCH,
        record_type=PERSON,
        detail={"list": purpose, "results": len(summaries)},
    )
    return summaries


# Timeline, sharing, history -------------------------------------------------------------------


@dataclass
class TimelineEntry:
    at: datetime.datetime
    type: str
    text: str
    by: str
    agency: str


def person_timeline_for_user(*, user, person: Person) -> list[TimelineEntry]:
    """The events of a person the user has read through the getter, filtered by audience."""
    if not person_access_for_user(user=user, person=person):
        _log_refusal(user=user, record_id=person.public_id, why="timeline", part="timeline")
        raise PersonNotFound
    events = (
        PersonEvent.objects.filter(person=person)
        .filter(Q(audience_agency__isnull=True) | Q(audience_agency_id=user.agency_id))
        .select_related("by", "by_agency")
        .order_by("-at", "-id")
    )
    return [
        TimelineEntry(
            at=event.at,
            type=event.type,
            text=describe(event.type, event.parameters),
            by=event.by.display_name if event.by else "",
            agency=event.by_agency.name if event.by_agency else "",
        )
        for event in events
    ]


def person_involvements(*, person: Person, active_only: bool = True):
    involvements = Involvement.objects.filter(person=person).select_related("agency")
    return involvements.active() if active_only else involvements


def person_shares(*, person: Person):
    return (
        Share.objects.filter(person=person)
        .select_related("agency", "basis", "condition", "agreement", "shared_by", "involvement")
        .order_by("-shared_at")
    )


def person_agreements(*, person: Person):
    return Agreement.objects.filter(person=person).prefetch_related("agencies")


def person_named_users(*, person: Person):
    return RestrictedAccess.objects.filter(person=person, removed_at__isnull=True).select_related(
        "user", "user__agency"
    )


# Corrections show which fields changed; these values never appear in the history.
HISTORY_HIDDEN = frozenset({"address", "postcode", "phone", "email", "code_word"})


@doors.door
def person_history(*, person: Person) -> list[dict[str, Any]]:
    """Corrections of a record the user has read through the getter, newest first: for each
    version its record and the fields that changed, with old and new values except contact
    details and the code word (values stay encrypted in the database)."""
    changes: list[dict[str, Any]] = []
    records = list(person.history.select_related("history_user").order_by("-history_date"))
    reasons = _stored_reasons(r.history_change_reason for r in records)
    for record in records:
        reason = reasons.get(record.history_change_reason or "", record.history_change_reason)
        previous = record.prev_record
        if previous is None:
            changes.append({"record": record, "fields": [], "created": True, "reason": reason})
            continue
        delta = record.diff_against(previous, excluded_fields=["safe_contact_updated_at"])
        fields = []
        for change in delta.changes:
            secret = change.field in HISTORY_HIDDEN
            fields.append(
                {
                    "label": Person._meta.get_field(change.field).verbose_name,
                    "old": None if secret else change.old,
                    "new": None if secret else change.new,
                }
            )
        changes.append({"record": record, "fields": fields, "created": False, "reason": reason})
    return changes


def _stored_reasons(references: Iterable[str | None]) -> dict[str, str]:
    """``{"reason:<public id>": text}`` for the references to the reason store among these."""
    from harbour.audit.models import Reason

    prefix = "reason:"
    ids = {r[len(prefix) :] for r in references if r and r.startswith(prefix)}
    if not ids:
        return {}
    return {
        f"{prefix}{stored.public_id}": stored.text
        for stored in Reason.objects.filter(public_id__in=ids)
    }


def person_for_restriction_admin(*, user, person_id: str) -> Person:
    """For administrators managing a restricted list: the record, to be shown by reference only.

    Administrators cannot read people; the restriction page shows them no personal data. The
    visit is logged like any other.
    """
    found = None
    if looks_like_public_id(person_id):
        found = (
            Person.objects.filter(public_id=person_id)
            .only("id", "public_id", "is_restricted")
            .first()
        )
    if found is None:
        _log_refusal(
            user=user, record_id=str(person_id)[:64], why="no such record", part="restriction"
        )
        raise PersonNotFound
    access_log(
        user=user,
        action=Action.VIEW,
        record=found,
        reason="administrator: restriction list",
        detail={"part": "restriction"},
    )
    return found


def reviews_open():
    # Administrators review by reference: her record is never decrypted here.
    return (
        AccessReview.objects.filter(reviewed_at__isnull=True)
        .select_related("subject_user", "subject_user__agency", "person", "emergency_access")
        .defer(*person_encrypted_paths("person"))
    )


def reviews_recent(*, limit: int = 50):
    return (
        AccessReview.objects.filter(reviewed_at__isnull=False)
        .select_related("subject_user", "reviewed_by", "person")
        .defer(*person_encrypted_paths("person"))
        .order_by("-reviewed_at")[:limit]
    )


# Counting for published statistics ---------------------------------------------------------


def age_band_on(*, date_of_birth: datetime.date | None, on: datetime.date) -> str:
    if date_of_birth is None:
        return ""
    age = (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )
    for limit, band in AGE_BAND_LIMITS:
        if age < limit:
            return str(band)
    return "75+"


@doors.door
def equality_counts(
    *, field_name: str, people=None, on: datetime.date | None = None
) -> Counter[tuple[str, str]]:
    """Counts of ``(local authority GSS code, coded value)`` for one equality field.

    For ``harbour.statistics`` table sets only: the counts must pass disclosure control before
    anyone sees them. ``people`` narrows the population (a queryset of ``Person``, for example
    the survivors of a year's referrals). An unrecorded value counts as ``""``; the age band is
    worked out from the date of birth where one is known.
    """
    if field_name not in EQUALITY_FIELDS:
        raise ValueError(f"{field_name!r} is not an equality-monitoring field")
    on = on or timezone.localdate()
    population = Person.objects.all() if people is None else people
    rows = population.select_related("local_authority").only(
        field_name, "date_of_birth", "local_authority__gss_code"
    )
    counts: Counter[tuple[str, str]] = Counter()
    for person in rows.iterator(chunk_size=2000):
        value = getattr(person, field_name) or ""
        if field_name == "age_band":
            value = age_band_on(date_of_birth=person.date_of_birth, on=on) or value
        area = person.local_authority.gss_code if person.local_authority else ""
        counts[(area, value)] += 1
    return counts


# For harbour.records: retention, erasure, subject access, holds ---------------------------------


def person_for_records(*, public_id: str) -> Person | None:
    """The person with this public id, erased or not, for ``harbour.records`` only: its callers
    check the user's role (a review's chair, a caseworker of her case, an administrator
    approving an erasure) and write the access log themselves. Decrypts nothing."""
    if not (isinstance(public_id, str) and looks_like_public_id(public_id)):
        return None
    return Person.objects.filter(public_id=public_id).defer(*person_encrypted_paths()).first()


def people_last_contact(*, after_id: int, limit: int) -> list[tuple[int, datetime.datetime]]:
    """(id, last contact) of people not erased, in id order after ``after_id``: the last
    contact is the latest of her record's creation and the events on her timeline (every app
    writes one for what it records about her). For the retention task; decrypts nothing."""
    rows = (
        Person.objects.filter(pk__gt=after_id, erased_at__isnull=True)
        .order_by("pk")
        .annotate(last_event=Max("events__at"))
        .values_list("pk", "created_at", "last_event")[:limit]
    )
    return [(pk, max(created, last or created)) for pk, created, last in rows]
