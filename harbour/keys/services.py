"""Starting, running and resuming key rotations (decisions 0008 and 0009).

A rotation walks tables in a fixed order, in batches of ``batch_size`` rows by primary key,
each batch in one transaction that also writes the rotation's position and counts: stopped at
any moment (a worker killed, a database restart), it resumes after the last batch committed.

- **Field key** (``fields``): ``reencrypt`` re-encrypts every value of every table with
  encrypted fields (history included) that is not under the first of ``HARBOUR_FIELD_KEYS``;
  ``verify`` walks them again and re-encrypts any value a node still writing under the old key
  left behind (counted as ``late``). Then the old key can be removed.
- **Hash key** (``hashes``): ``rehash`` rebuilds the digests of every owner of every registered
  kind of keyed hash (:mod:`harbour.keys.hashes`) under the current key; ``verify`` rebuilds any
  owner whose digests are not under the current key (a node without the new key changed her
  record after the rehash passed her: ``late``); ``prune`` deletes every digest under another
  key. From ``prune`` on, digests are written and looked up under the current key alone.

The work runs in the task worker (:func:`harbour.keys.tasks.key_rotation_continue`): each run
does batches for ``HARBOUR_KEY_ROTATION_TASK_SECONDS`` then queues the next run. Every run carries
the rotation's ``token``; the one queued last is the only one that works, so a run recovered
after its worker died, or started twice, stops at once if another has taken over.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone

from harbour.core.crypto import DecryptionError, current_field_key_id, current_hash_key
from harbour.core.rotation import models_with_encrypted_fields, reencrypt_batch
from harbour.keys.hashes import keyed_hashes
from harbour.keys.models import KeyRotation

__all__ = [
    "PHASES",
    "RotationError",
    "rotation_advance",
    "rotation_resume",
    "rotation_start",
    "rotation_step",
    "rotation_tables",
    "target_key_id",
]

Kind = KeyRotation.Kind
State = KeyRotation.State

PHASES = {
    Kind.FIELDS: ("reencrypt", "verify"),
    Kind.HASHES: ("rehash", "verify", "prune"),
}


# A prune batch deletes digest rows: this many for each owner of a rehash batch.
PRUNE_ROWS_PER_OWNER = 25


class RotationError(Exception):
    """A rotation cannot start, resume or go on; the message says why (never a value)."""


def target_key_id(kind: str) -> str:
    """The id of the key this process would rotate ``kind`` to: the key that writes."""
    if kind == Kind.FIELDS:
        return current_field_key_id()
    if kind == Kind.HASHES:
        return current_hash_key().id
    raise RotationError(f"Unknown kind of key: {kind!r}.")


def _enqueue(rotation: KeyRotation) -> None:
    from harbour.keys.tasks import key_rotation_continue

    rotation.token = secrets.token_hex(16)
    rotation.save(update_fields=["token"])
    key_rotation_continue.enqueue(rotation.pk, rotation.token)


def rotation_start(*, kind: str, batch_size: int | None = None) -> KeyRotation:
    """Start rotating ``kind`` to the key this process writes under, as a background task."""
    target = target_key_id(kind)
    now = timezone.now()
    with transaction.atomic():
        running = KeyRotation.objects.select_for_update().filter(kind=kind, state=State.RUNNING)
        if running.exists():
            raise RotationError(
                f"A rotation of the {Kind(kind).label.lower()} is already running: "
                "see `manage.py rotate_keys status`."
            )
        rotation = KeyRotation.objects.create(
            kind=kind,
            key_id=target,
            phase=PHASES[kind][0],
            position={},
            done={},
            batch_size=batch_size or settings.HARBOUR_KEY_ROTATION_BATCH_SIZE,
            token="",
            started_at=now,
            updated_at=now,
        )
        _enqueue(rotation)
    return rotation


def rotation_resume(*, kind: str) -> KeyRotation:
    """Go on with the latest rotation of ``kind`` that has not finished (stopped by an error
    since put right, or whose task was lost), from where its last batch ended."""
    with transaction.atomic():
        rotation = (
            KeyRotation.objects.select_for_update()
            .filter(kind=kind)
            .exclude(state=State.FINISHED)
            .order_by("-started_at", "-id")
            .first()
        )
        if rotation is None:
            raise RotationError("No rotation to resume: start one.")
        if rotation.key_id != target_key_id(kind):
            raise RotationError(
                "This process's key is not the one the rotation was started for "
                f"({rotation.key_id}): start a new rotation instead."
            )
        if (
            rotation.state == State.FAILED
            and KeyRotation.objects.filter(kind=kind, state=State.RUNNING).exists()
        ):
            raise RotationError("Another rotation of this key is running.")
        rotation.state = State.RUNNING
        rotation.error = ""
        rotation.updated_at = timezone.now()
        rotation.save(update_fields=["state", "error", "updated_at"])
        _enqueue(rotation)
    return rotation


def rotation_advance(*, rotation_id: int, token: str, seconds: float | None = None) -> str:
    """One run of the task: batches until ``seconds`` have passed (or the rotation ends), then
    the next run queued. Returns what happened, for the task's result."""
    limit = settings.HARBOUR_KEY_ROTATION_TASK_SECONDS if seconds is None else seconds
    deadline = time.monotonic() + limit
    first = True
    while True:
        with transaction.atomic():
            rotation = KeyRotation.objects.select_for_update().filter(pk=rotation_id).first()
            if rotation is None or rotation.state != State.RUNNING or rotation.token != token:
                return "not the current run"
            if first:
                rotation.task_runs += 1
                first = False
            error = _check_keys(rotation)
            if error is None:
                try:
                    with transaction.atomic():
                        rotation_step(rotation)
                except (DecryptionError, RotationError) as exc:
                    error = str(exc)
            if error is not None:
                runs = rotation.task_runs
                rotation.refresh_from_db()
                rotation.task_runs = runs
                rotation.state = State.FAILED
                rotation.error = error
                rotation.updated_at = timezone.now()
                rotation.save(update_fields=["task_runs", "state", "error", "updated_at"])
                return "stopped: " + error
            if rotation.state == State.FINISHED:
                return "finished"
            if time.monotonic() >= deadline:
                # Handed over in the same transaction as the last batch: exactly one next run.
                _enqueue(rotation)
                return f"{rotation.phase}: continues"


def _check_keys(rotation: KeyRotation) -> str | None:
    here = target_key_id(rotation.kind)
    if here != rotation.key_id:
        setting = "HARBOUR_FIELD_KEYS" if rotation.kind == Kind.FIELDS else "HARBOUR_HASH_KEY"
        return (
            f"The task worker's key ({setting}, id {here}) is not the key being rotated to "
            f"(id {rotation.key_id}). Give every node the same keys, then run "
            "`manage.py rotate_keys resume`."
        )
    return None


def rotation_step(rotation: KeyRotation) -> None:
    """One batch of the rotation's phase, and its position and counts saved (in the caller's
    transaction). Moves on to the next table, the next phase, or the end."""
    tables = rotation_tables(rotation)
    position = rotation.position or {}
    table = position.get("table") or (tables[0] if tables else None)
    after = position.get("after")
    last = None
    if table is not None:
        if table not in tables:
            raise RotationError(f"The table {table} is no longer part of this rotation.")
        last = _batch(rotation, table, after)
    if last is not None:
        rotation.position = {"table": table, "after": last}
    else:
        following = tables[tables.index(table) + 1 :] if table is not None else []
        if following:
            rotation.position = {"table": following[0], "after": None}
        else:
            _next_phase(rotation)
    rotation.updated_at = timezone.now()
    rotation.save()


def _next_phase(rotation: KeyRotation) -> None:
    phases = PHASES[rotation.kind]
    index = phases.index(rotation.phase)
    rotation.position = {}
    if index + 1 < len(phases):
        rotation.phase = phases[index + 1]
    else:
        rotation.state = State.FINISHED
        rotation.finished_at = timezone.now()


def rotation_tables(rotation: KeyRotation) -> list[str]:
    if rotation.kind == Kind.FIELDS:
        return sorted(m._meta.label for m in models_with_encrypted_fields())
    return [entry.digests for entry in keyed_hashes()]


def _count(rotation: KeyRotation, name: str, amount: int) -> None:
    if amount:
        done = dict(rotation.done or {})
        done[name] = done.get(name, 0) + amount
        rotation.done = done


def _json_pk(pk: Any) -> Any:
    return pk if isinstance(pk, int | str) else str(pk)


def _batch(rotation: KeyRotation, table: str, after: Any) -> Any:
    """One batch of ``table`` after ``after``; the last primary key done, None at its end."""
    size = rotation.batch_size
    if rotation.kind == Kind.FIELDS:
        try:
            result = reencrypt_batch(apps.get_model(table), after=after, batch_size=size)
        except DecryptionError as exc:
            raise RotationError(
                f"A value in {table} after row {after} cannot be decrypted with this node's "
                "HARBOUR_FIELD_KEYS: add the key it was written under (after the new one), "
                "then run `manage.py rotate_keys resume fields`."
            ) from exc
        if result.last_pk is None:
            return None
        if rotation.phase == "reencrypt":
            _count(rotation, "rows", result.rows)
            _count(rotation, "values", result.values)
        else:
            _count(rotation, "late", result.values)
        return _json_pk(result.last_pk)
    entry = next(e for e in keyed_hashes() if e.digests == table)
    if rotation.phase == "prune":  # digests, of which each owner has several
        return _prune(rotation, entry.digest_model, after, size * PRUNE_ROWS_PER_OWNER)
    owners = entry.owner_model._base_manager.order_by("pk")
    if after is not None:
        owners = owners.filter(pk__gt=after)
    ids = list(owners.values_list("pk", flat=True)[:size])
    if not ids:
        return None
    if rotation.phase == "rehash":
        _count(rotation, "rehashed", entry.rebuild(ids))
    else:  # verify: owners with digests, none of them under the current key
        stale = list(
            entry.digest_model._base_manager.filter(**{f"{entry.owner_column}__in": ids})
            .values(entry.owner_column)
            .annotate(current=Count("pk", filter=Q(key_id=rotation.key_id)))
            .filter(current=0)
            .values_list(entry.owner_column, flat=True)
        )
        if stale:
            _count(rotation, "late", entry.rebuild(sorted(stale)))
    return _json_pk(ids[-1])


def _prune(rotation: KeyRotation, model: type[models.Model], after: Any, size: int) -> Any:
    rows = model._base_manager.order_by("pk")
    if after is not None:
        rows = rows.filter(pk__gt=after)
    found = list(rows.values_list("pk", "key_id")[:size])
    if not found:
        return None
    other = [pk for pk, key_id in found if key_id != rotation.key_id]
    if other:
        deleted, _ = (
            model._base_manager.filter(pk__in=other).exclude(key_id=rotation.key_id).delete()
        )
        _count(rotation, "pruned", deleted)
    return _json_pk(found[-1][0])
