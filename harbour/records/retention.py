"""Retention: which records each rule walks, how one is erased, and the resumable run.

The periods are data (:class:`~harbour.records.models.RetentionRule`); how a type of record is
found, dated, tied to people (for holds) and erased is code, one :class:`Kind` per record type.
A run walks the active rules in ``record_type`` order, each in batches by primary key; every
batch runs in one transaction with the run's new position and cursor, so a run stopped at any
moment resumes after the last batch committed. A record is erased once: its tombstone is unique
per record, and a record that has one is skipped (erasing twice changes nothing).
"""

from __future__ import annotations

import datetime
import logging
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from harbour.audit.services import Action, access_log
from harbour.core.fields import encrypted_values_erase
from harbour.people.queries import people_last_contact
from harbour.people.services import person_erase
from harbour.records.models import Hold, RetentionRule, RetentionRun, Tombstone

logger = logging.getLogger(__name__)

PERSON = "people.person"
ACCESS_LOG = "audit.accesslogentry"


@dataclass(frozen=True)
class Kind:
    """How the retention task treats one record type.

    ``dated``: the field its period counts from (the latest of several, when a tuple);
    ``people``: paths from the record to the people it concerns (a hold on any of them keeps
    it); ``children``: (model label, path to this record) of rows erased with it.
    """

    record_type: str
    dated: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    children: tuple[tuple[str, str], ...] = ()
    candidates: Callable[[int, int, datetime.datetime, int], list[tuple[int, bool]]] | None = None
    erase: Callable[..., bool] | None = None

    @property
    def model(self):
        return apps.get_model(self.record_type)


def held_person_ids() -> set[int]:
    return set(Hold.objects.filter(lifted_at__isnull=True).values_list("person_id", flat=True))


def _dated_candidates(kind: Kind):
    def candidates(after: int, limit: int, cutoff: datetime.datetime, period: int):
        """(pk, past its period) of the next ``limit`` records after ``after``."""
        model = kind.model
        fields = kind.dated
        rows = model.objects.filter(pk__gt=after).order_by("pk").values_list("pk", *fields)
        out = []
        for row in rows[:limit]:
            dates = [d for d in row[1:] if d is not None]
            out.append((row[0], bool(dates) and max(dates) < cutoff))
        return out

    return candidates


def _people_candidates(after: int, limit: int, cutoff: datetime.datetime, period: int):
    return [(pk, last < cutoff) for pk, last in people_last_contact(after_id=after, limit=limit)]


def _person_ids_of(kind: Kind, pks: Iterable[int]) -> dict[int, set[int]]:
    """For each record, the people it concerns."""
    out: dict[int, set[int]] = {pk: set() for pk in pks}
    if kind.record_type == PERSON:
        return {pk: {pk} for pk in pks}
    for path in kind.people:
        for pk, person_id in kind.model.objects.filter(pk__in=list(out)).values_list(
            "pk", f"{path}_id" if "__" not in path else path
        ):
            if person_id is not None:
                out[pk].add(person_id)
    return out


def _erase_row(row) -> None:
    row.save(update_fields=encrypted_values_erase(row))
    history = getattr(type(row), "history", None)
    if history is not None:
        history.filter(id=row.pk).delete()


def record_erase(*, kind: Kind, pk: int, by=None, reason: str) -> bool:
    """Erase one record of ``kind`` (not a person): every encrypted value emptied in it and in
    its children, and its history deleted. Returns False when there is no such record."""
    row = kind.model.objects.filter(pk=pk).first()
    if row is None:
        return False
    _erase_row(row)
    for label, path in kind.children:
        for child in apps.get_model(label).objects.filter(**{path: pk}):
            _erase_row(child)
    access_log(
        user=by,
        action=Action.ARCHIVE,
        record_type=kind.record_type,
        record_id=str(getattr(row, "public_id", "") or pk),
        reason=reason,
        detail={"erased": True},
    )
    return True


def _person_erase(*, kind: Kind, pk: int, by=None, reason: str) -> bool:
    return person_erase(person_id=pk, by=by, reason=reason)


KINDS: dict[str, Kind] = {
    kind.record_type: kind
    for kind in (
        Kind(PERSON, candidates=_people_candidates, erase=_person_erase),
        Kind(
            "incidents.incident",
            dated=("recorded_at", "occurred_at", "outcome_recorded_at"),
            people=("victim", "harmers__person"),
            children=(
                ("incidents.supportforaction", "incident"),
                ("incidents.incidentaction", "incident"),
            ),
        ),
        Kind("risk.assessment", dated=("assessed_at",), people=("person",)),
        Kind(
            "referrals.referral",
            dated=("sent_at", "closed_at", "declined_at", "withdrawn_at"),
            people=("person",),
            children=(
                ("referrals.needsassessment", "referral"),
                ("referrals.needsassessmentitem", "assessment__referral"),
            ),
        ),
        Kind("referrals.selfreferral", dated=("received_at", "closed_at")),
        Kind(
            "marac.maracreferral",
            dated=("referred_at", "closed_at", "withdrawn_at"),
            people=("person",),
            children=(
                ("marac.hearing", "referral"),
                ("marac.information", "hearing__referral"),
                ("marac.maracaction", "hearing__referral"),
            ),
        ),
        Kind(
            "records.subjectaccessrequest",
            dated=("recorded_at", "released_at"),
            people=("person",),
        ),
        Kind("records.correctionrequest", dated=("recorded_at",), people=("person",)),
        Kind(
            "followups.followup",
            dated=("created_at", "visited_at", "closed_at"),
            people=("person",),
            children=(
                ("followups.followupcontact", "followup"),
                ("followups.prosecutiondecision", "followup"),
            ),
        ),
    )
}


def kind_for(record_type: str) -> Kind | None:
    kind = KINDS.get(record_type)
    if kind is None:
        return None
    if kind.candidates is None:
        kind = Kind(
            kind.record_type,
            kind.dated,
            kind.people,
            kind.children,
            candidates=_dated_candidates(kind),
            erase=record_erase,
        )
    return kind


# Tombstones --------------------------------------------------------------------------------


def erase_with_tombstone(
    *, record_type: str, pk: int, why: str, by=None, rule=None, run=None, request=None
) -> bool:
    """Erase one record and leave its tombstone, in one transaction; nothing happens (False)
    when the record already has a tombstone or is held."""
    kind = kind_for(record_type)
    if kind is None:
        raise ValueError(f"no retention kind for {record_type!r}")
    with transaction.atomic():
        if Tombstone.objects.filter(record_type=record_type, record_key=str(pk)).exists():
            return False
        if _person_ids_of(kind, [pk])[pk] & held_person_ids():
            return False
        reason = (
            f"Retention rule: {record_type}"
            if request is None
            else f"Erasure request {request.public_id}"
        )
        erased = kind.erase(kind=kind, pk=pk, by=by, reason=reason)
        if not erased and record_type != PERSON:
            return False
        Tombstone.objects.create(
            record_type=record_type,
            record_key=str(pk),
            why=why,
            rule=rule,
            run=run,
            request=request,
            by=by if by is not None and getattr(by, "is_authenticated", False) else None,
        )
    return True


# The access log: deleted past its period by the retention role (PostgreSQL) -----------------


def access_log_prune(*, period_days: int, as_of: datetime.datetime | None = None) -> int:
    """Delete access log entries older than the period, as the retention role (the guard lets
    nothing else delete them), then go back to the application's role. On other databases
    there is no guard and nothing is deleted: the log is kept. Where the application's role may
    not act as the retention role, nothing is deleted (``audit_prune`` run by an operator does
    it) and the run counts it."""
    if connection.vendor != "postgresql":
        return 0
    from harbour.audit import guard

    days = max(period_days, settings.HARBOUR_AUDIT_RETENTION_DAYS)
    cutoff = (as_of or timezone.now()) - datetime.timedelta(days=days)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s) "
            "THEN pg_has_role(current_user, %s, 'MEMBER') ELSE false END",
            [guard.RETENTION_ROLE, guard.RETENTION_ROLE],
        )
        if not cursor.fetchone()[0]:
            logger.warning(
                "access log not pruned: the retention role is not granted",
                extra={"event": "retention_access_log_skipped"},
            )
            return 0
        cursor.execute(f"SET LOCAL ROLE {guard.RETENTION_ROLE}")
        try:
            cursor.execute(f"DELETE FROM {guard.TABLE} WHERE at < %s", [cutoff])  # noqa: S608
            return cursor.rowcount
        finally:
            cursor.execute("RESET ROLE")


def notifications_prune(*, period_days: int, as_of: datetime.datetime) -> int:
    """Delete sent and failed emails queued before the period (they carry no personal details)."""
    Notification = apps.get_model("notifications", "Notification")
    return Notification.objects.filter(
        status__in=["sent", "failed"], created_at__lt=as_of - datetime.timedelta(days=period_days)
    ).delete()[0]


PRUNERS: dict[str, Callable[..., int]] = {
    ACCESS_LOG: access_log_prune,
    "notifications.notification": notifications_prune,
}


# Runs --------------------------------------------------------------------------------------


@dataclass
class StepResult:
    done: bool
    counts: dict[str, int] = field(default_factory=dict)


def _rules() -> list[RetentionRule]:
    return list(RetentionRule.objects.filter(active=True).order_by("record_type"))


def run_start(*, batch_size: int | None = None, as_of: datetime.datetime | None = None):
    """Start a run unless one is running (then return that one)."""
    with transaction.atomic():
        running = RetentionRun.objects.select_for_update().filter(state=RetentionRun.State.RUNNING)
        existing = running.first()
        if existing is not None:
            return existing
        return RetentionRun.objects.create(
            as_of=as_of or timezone.now(),
            batch_size=batch_size or settings.HARBOUR_RETENTION_BATCH_SIZE,
            token=secrets.token_hex(8),
        )


def _bump(counts: dict, key: str, n: int = 1) -> None:
    counts[key] = counts.get(key, 0) + n


def run_step(*, run: RetentionRun) -> StepResult:
    """One batch of the run, in one transaction with its new position and cursor."""
    rules = _rules()
    with transaction.atomic():
        run = RetentionRun.objects.select_for_update().get(pk=run.pk)
        if run.state != RetentionRun.State.RUNNING:
            return StepResult(done=True, counts=run.counts)
        if run.position >= len(rules):
            run.state = RetentionRun.State.FINISHED
            run.finished_at = timezone.now()
            run.save(update_fields=["state", "finished_at"])
            return StepResult(done=True, counts=run.counts)
        rule = rules[run.position]
        counts = dict(run.counts)
        if rule.applied == RetentionRule.Applied.PRUNE and rule.record_type in PRUNERS:
            deleted = PRUNERS[rule.record_type](period_days=rule.period_days, as_of=run.as_of)
            _bump(counts, f"{rule.record_type}:deleted", deleted)
            run.position += 1
            run.cursor = 0
        elif rule.applied != RetentionRule.Applied.ERASE or kind_for(rule.record_type) is None:
            run.position += 1
            run.cursor = 0
        else:
            kind = kind_for(rule.record_type)
            cutoff = run.as_of - datetime.timedelta(days=rule.period_days)
            rows = kind.candidates(run.cursor, run.batch_size, cutoff, rule.period_days)
            due = [pk for pk, past in rows if past]
            tombstoned = set(
                Tombstone.objects.filter(
                    record_type=rule.record_type, record_key__in=[str(pk) for pk in due]
                ).values_list("record_key", flat=True)
            )
            held_people = held_person_ids()
            concerned = _person_ids_of(kind, due)
            for pk in due:
                if str(pk) in tombstoned:
                    _bump(counts, f"{rule.record_type}:already erased")
                elif concerned[pk] & held_people:
                    _bump(counts, f"{rule.record_type}:held")
                elif erase_with_tombstone(
                    record_type=rule.record_type,
                    pk=pk,
                    why=Tombstone.Why.RETENTION,
                    rule=rule,
                    run=run,
                ):
                    _bump(counts, f"{rule.record_type}:erased")
            if len(rows) < run.batch_size:
                run.position += 1
                run.cursor = 0
            else:
                run.cursor = rows[-1][0]
        run.counts = counts
        run.save(update_fields=["position", "cursor", "counts"])
    return StepResult(done=False, counts=counts)


def run_advance(*, run_id: int, token: str, seconds: float | None = None) -> str:
    """Batches for a while; then, unless finished, a new token and the next run of the task
    queued in the same transaction. A run whose token is no longer the run's stops at once."""
    from harbour.records.tasks import retention_continue

    run = RetentionRun.objects.filter(pk=run_id).first()
    if run is None or run.token != token or run.state != RetentionRun.State.RUNNING:
        return "superseded"
    RetentionRun.objects.filter(pk=run.pk).update(runs=run.runs + 1)
    limit = seconds if seconds is not None else settings.HARBOUR_RETENTION_TASK_SECONDS
    started = time.monotonic()
    while True:
        result = run_step(run=run)
        if result.done:
            logger.info(
                "retention run finished",
                extra={"event": "retention_finished", "count": sum(result.counts.values())},
            )
            return "finished"
        if time.monotonic() - started >= limit:
            break
    with transaction.atomic():
        run = RetentionRun.objects.select_for_update().get(pk=run.pk)
        if run.token != token:
            return "superseded"
        run.token = secrets.token_hex(8)
        run.save(update_fields=["token"])
        retention_continue.enqueue(run.pk, run.token)
    return "continued"


def run_resume(*, run: RetentionRun) -> RetentionRun:
    """Give a stopped run a new token (any older run of the task then stops) and queue it."""
    from harbour.records.tasks import retention_continue

    with transaction.atomic():
        run = RetentionRun.objects.select_for_update().get(pk=run.pk)
        run.token = secrets.token_hex(8)
        run.state = RetentionRun.State.RUNNING
        run.save(update_fields=["token", "state"])
        retention_continue.enqueue(run.pk, run.token)
    return run


def person_is_held(person_id: int) -> bool:
    return Hold.objects.filter(person_id=person_id, lifted_at__isnull=True).exists()


def records_about(person_id: int) -> list[tuple[str, int]]:
    """Every record whose subject is this person (its first path to people: the victim of an
    incident, the person of an assessment or a referral), her own record last."""
    out = []
    for record_type, kind in KINDS.items():
        if record_type == PERSON or not kind.people:
            continue
        subject = kind.people[0]
        pks = kind.model.objects.filter(**{subject: person_id}).order_by("pk")
        out.extend((record_type, pk) for pk in pks.values_list("pk", flat=True))
    out.append((PERSON, person_id))
    return out


__all__ = [
    "KINDS",
    "Kind",
    "access_log_prune",
    "erase_with_tombstone",
    "held_person_ids",
    "person_is_held",
    "record_erase",
    "records_about",
    "run_advance",
    "run_resume",
    "run_start",
    "run_step",
]
