"""Name search's one read: candidates found by keyed hash, checked for need-to-know and read
with what tells them apart, in a single statement.

A name search runs on every new record and every look-up, so it is built to cost a few
primary-key reads at any size. Built through the ORM, its subqueries (keys, need-to-know,
her agency's involvements and last contact) took longer to assemble and compile in Python
than to run; here the statement is written once per shape (backend, how many digests, how
many people to leave out, whether to read none past the cap) and cached.

Need-to-know here is the same rule as :func:`harbour.people.queries._readable_people`: a
record that is not restricted, with an active involvement of her agency; or a restricted
record on which she is named and not removed; never an erased record. A test holds the two
to the same answers (``tests/test_name_search.py``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from functools import lru_cache

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from harbour.people.models import Involvement, MatchKey, Person, PersonEvent, RestrictedAccess
from harbour.regions.models import LocalAuthority

# Columns of the person read for scoring and the summary (every other field stays deferred).
PERSON_COLUMNS = (
    "id",
    "public_id",
    "given_name",
    "family_name",
    "other_names",
    "date_of_birth",
    "local_authority_id",
    "is_restricted",
    "created_at",
)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _ranked(digests: int, excluded: int) -> str:
    """People under the keys whom she may read, most keys shared first, one past the cap.
    Parameters: the digests, the people left out, her agency, her user id, the cap."""
    person, key, involvement = _table(Person), _table(MatchKey), _table(Involvement)
    named, pid = _table(RestrictedAccess), _column(MatchKey, "person")
    restricted, person_id = _column(Person, "is_restricted"), _column(Person, "id")
    n_person = _column(RestrictedAccess, "person")
    marks = ", ".join(["%s"] * digests)
    leave_out = f"AND k.{pid} NOT IN ({', '.join(['%s'] * excluded)})" if excluded else ""
    return f"""
ranked AS (
    SELECT k.{pid} AS person_id, COUNT(*) AS shared
    FROM {key} k
    WHERE k.{_column(MatchKey, "digest")} IN ({marks}) {leave_out}
      AND (
        (EXISTS (SELECT 1 FROM {involvement} i
                 WHERE i.{_column(Involvement, "person")} = k.{pid}
                   AND i.{_column(Involvement, "agency")} = %s
                   AND i.{_column(Involvement, "ended_at")} IS NULL)
         AND NOT EXISTS (SELECT 1 FROM {person} r
                         WHERE r.{person_id} = k.{pid} AND r.{restricted}))
        OR EXISTS (SELECT 1 FROM {named} n JOIN {person} r ON r.{person_id} = n.{n_person}
                   WHERE n.{n_person} = k.{pid}
                     AND n.{_column(RestrictedAccess, "user")} = %s
                     AND n.{_column(RestrictedAccess, "removed_at")} IS NULL
                     AND r.{restricted})
      )
    GROUP BY k.{pid}
    ORDER BY shared DESC, k.{pid}
    LIMIT %s + 1
)"""


@lru_cache(maxsize=256)
def _read_statement(vendor: str, digests: int, excluded: int, all_or_none: bool) -> str:
    """The read for this shape. Parameters: those of :func:`_ranked`, then the cap twice, then
    her agency three times."""
    person, involvement, event = _table(Person), _table(Involvement), _table(PersonEvent)
    area = _table(LocalAuthority)
    person_id = _column(Person, "id")
    i_person, i_agency = _column(Involvement, "person"), _column(Involvement, "agency")
    i_ended, i_kind = _column(Involvement, "ended_at"), _column(Involvement, "kind")
    kinds = (
        f"STRING_AGG(DISTINCT i.{i_kind}, ',')"
        if vendor == "postgresql"
        else f"GROUP_CONCAT(DISTINCT i.{i_kind})"
    )
    columns = ", ".join(f"p.{_column(Person, name)}" for name in PERSON_COLUMNS[1:])
    return f"""
WITH {_ranked(digests, excluded)},
beyond AS (SELECT COUNT(*) > %s AS found_more FROM ranked),
top AS (SELECT person_id, shared FROM ranked ORDER BY shared DESC, person_id LIMIT %s)
SELECT p.{person_id}, {columns},
    a.{_column(LocalAuthority, "name")} AS found_area,
    beyond.found_more,
    (SELECT {kinds} FROM {involvement} i
     WHERE i.{i_person} = p.{person_id} AND i.{i_agency} = %s
       AND i.{i_ended} IS NULL) AS found_kinds,
    (SELECT MAX(i.{_column(Involvement, "started_at")}) FROM {involvement} i
     WHERE i.{i_person} = p.{person_id} AND i.{i_agency} = %s
       AND i.{i_ended} IS NULL) AS found_started,
    (SELECT MAX(e.{_column(PersonEvent, "at")}) FROM {event} e
     WHERE e.{_column(PersonEvent, "person")} = p.{person_id}
       AND e.{_column(PersonEvent, "by_agency")} = %s) AS found_last_event
FROM top
CROSS JOIN beyond
JOIN {person} p ON p.{person_id} = top.person_id
LEFT JOIN {area} a ON a.{_column(LocalAuthority, "id")} = p.{_column(Person, "local_authority")}
WHERE p.{_column(Person, "erased_at")} IS NULL{" AND NOT beyond.found_more" if all_or_none else ""}
ORDER BY top.shared DESC, p.{person_id}
"""


@lru_cache(maxsize=256)
def _count_statement(vendor: str, digests: int, excluded: int) -> str:
    """Whether more than the cap share the keys. Parameters: those of :func:`_ranked`, then
    the cap."""
    return f"WITH {_ranked(digests, excluded)} SELECT COUNT(*) > %s FROM ranked"


def _moment(value) -> datetime.datetime | None:
    """A timestamp read by raw SQL: SQLite gives text in UTC."""
    if value is None or isinstance(value, datetime.datetime):
        return value
    moment = parse_datetime(value)
    if moment is not None and timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def read_candidates(
    user, digests: Sequence[str], *, exclude: set[int], cap: int, all_or_none: bool
) -> tuple[list[Person], bool]:
    """The people ``user`` may read with any of ``digests`` (most keys shared first, at most
    ``cap``), decrypted, each with ``found_area``, ``found_kinds`` (her agency's active
    involvement kinds, comma-joined), ``found_started`` and ``found_last_event``; and whether
    more than ``cap`` share those keys. With ``all_or_none``, none is read when more do.

    ``user`` must already be allowed to work with people (the caller checks)."""
    digests = sorted(set(digests))
    if not digests:
        return [], False
    excluded = sorted(exclude)
    agency = user.agency_id
    ranked = [*digests, *excluded, agency, user.pk, cap]
    sql = _read_statement(connection.vendor, len(digests), len(excluded), all_or_none)
    people = list(Person.objects.raw(sql, [*ranked, cap, cap, agency, agency, agency]))
    for person in people:
        person.found_more = bool(person.found_more)
        person.found_started = _moment(person.found_started)
        person.found_last_event = _moment(person.found_last_event)
    if people:
        return people, people[0].found_more
    if not all_or_none:
        return [], False
    # Nobody read: nobody under the keys, or more than the cap. One more look tells which.
    with connection.cursor() as cursor:
        cursor.execute(
            _count_statement(connection.vendor, len(digests), len(excluded)), [*ranked, cap]
        )
        (more,) = cursor.fetchone()
    return [], bool(more)
