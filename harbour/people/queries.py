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

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from harbour.accounts.roles import CASEWORK_ROLES
from harbour.audit.services import Action, access_log
from harbour.core.ids import looks_like_public_id
from harbour.people import conf
from harbour.people.activity import (
    PERSON,
    recent_count,
    refusal_record,
    staff_record_flag,
    unusual_activity_flag,
)
from harbour.people.choices import AGE_BAND_LIMITS
from harbour.people.events import describe
from harbour.people.matching import Identity, name_score
from harbour.people.models import (
    CONTACT_FIELDS,
    EQUALITY_FIELDS,
    AccessReview,
    Agreement,
    EmergencyAccess,
    Involvement,
    Person,
    PersonEvent,
    RestrictedAccess,
    Share,
)

__all__ = [
    "PersonAccess",
    "PersonNotFound",
    "people_for_user",
    "person_access_for_user",
    "person_contact_details_for_user",
    "person_get_for_user",
    "person_summaries_for_user",
    "person_timeline_for_user",
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


def emergency_access_current(*, user, person: Person) -> EmergencyAccess | None:
    return (
        EmergencyAccess.objects.filter(
            person=person, user=user, ended_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )


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


def _readable_people(user):
    """People ``user`` may read through her agency or by name: a queryset."""
    if not may_work_with_people(user):
        return Person.objects.none()
    involved = Involvement.objects.active().filter(agency_id=user.agency_id)
    named = RestrictedAccess.objects.filter(user=user, removed_at__isnull=True)
    return Person.objects.filter(
        Q(is_restricted=False, pk__in=involved.values("person_id"))
        | Q(is_restricted=True, pk__in=named.values("person_id"))
    )


def people_count_for_user(*, user) -> int:
    """How many people ``user`` may read through her agency or by name (for paging a list)."""
    return _readable_people(user).count()


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
    ``date_of_birth``), those whose name resembles it (``offset`` is then ignored).

    Only names and dates of birth are decrypted; addresses never appear in a list. The search
    is logged without its terms.
    """
    agency_involvements = Involvement.objects.active().filter(agency_id=user.agency_id)
    people = (
        _readable_people(user)
        .select_related("local_authority")
        .only(
            "public_id",
            "given_name",
            "family_name",
            "other_names",
            "date_of_birth",
            "is_restricted",
            "local_authority__name",
            "created_at",
        )
        .prefetch_related(Prefetch("involvements", queryset=agency_involvements, to_attr="mine"))
        .order_by("-created_at", "-id")
    )
    results: list[tuple[float, PersonSummary]] = []
    typed = Identity.build(given_name="", family_name="")
    if name:
        parts = name.split()
        typed = Identity.build(
            given_name=" ".join(parts[:-1]), family_name=parts[-1] if parts else ""
        )
    window = people[: limit * 20] if name else people[max(offset, 0) : max(offset, 0) + limit]
    for person in window:
        score = 1.0
        if name:
            stored = Identity.build(
                given_name=person.given_name,
                family_name=person.family_name,
                other_names=person.other_names,
            )
            score = max(name_score(typed.names, stored.names), _single_word_score(name, stored))
            if score < 0.85:
                continue
            if date_of_birth and person.date_of_birth != date_of_birth:
                continue
        results.append(
            (
                score,
                PersonSummary(
                    public_id=person.public_id,
                    name=person.display_name,
                    date_of_birth=person.date_of_birth,
                    local_authority=person.local_authority.name if person.local_authority else "",
                    involvements=sorted({str(i.get_kind_display()) for i in person.mine}),
                    restricted=person.is_restricted,
                ),
            )
        )
    if name:
        results.sort(key=lambda item: -item[0])
    summaries = [summary for _score, summary in results[:limit]]
    access_log(
        user=user,
        action=Action.SEARCH,
        record_type=PERSON,
        detail={"list": "my agency's people", "searched": bool(name), "results": len(summaries)},
    )
    return summaries


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
        _readable_people(user)
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


def _single_word_score(typed: str, stored: Identity) -> float:
    """A search for one word ("Okafor") compares it with each given and family name."""
    import jellyfish

    from harbour.people.matching import normalise_name

    word = normalise_name(typed)
    if not word or " " in word:
        return 0.0
    best = 0.0
    for given, family in stored.names:
        for part in (given.split(" ")[0] if given else "", family.replace(" ", "")):
            if part:
                best = max(best, jellyfish.jaro_winkler_similarity(word, part))
    return best


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
        .select_related("agency", "basis", "condition", "agreement", "shared_by")
        .order_by("-shared_at")
    )


def person_agreements(*, person: Person):
    return Agreement.objects.filter(person=person).prefetch_related("agencies")


def person_named_users(*, person: Person):
    return RestrictedAccess.objects.filter(person=person, removed_at__isnull=True).select_related(
        "user", "user__agency"
    )


def person_history(*, person: Person):
    """Corrections of the record, newest first (values stay encrypted in the database)."""
    return person.history.select_related("history_user").order_by("-history_date")


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
    return AccessReview.objects.filter(reviewed_at__isnull=True).select_related(
        "subject_user", "subject_user__agency", "person", "emergency_access"
    )


def reviews_recent(*, limit: int = 50):
    return (
        AccessReview.objects.filter(reviewed_at__isnull=False)
        .select_related("subject_user", "reviewed_by", "person")
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
