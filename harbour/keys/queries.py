"""What a rotation of keys has done, and what is left (``manage.py rotate_keys status``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Max, Min

from harbour.core.crypto import current_field_key_id, current_hash_key, previous_hash_key
from harbour.keys.hashes import hash_keys_in_use, keyed_hashes
from harbour.keys.models import KeyRotation
from harbour.keys.services import PHASES, rotation_tables

__all__ = ["RotationStatus", "rotation_latest", "rotation_status"]


@dataclass
class RotationStatus:
    kind: str
    key_id: str  # the key this process writes under
    rotation: KeyRotation | None
    table_index: int = 0  # of the phase's tables, the one under way (0-based)
    tables: int = 0
    table_share: float | None = None  # how far through that table, by primary key
    # Hash keys: digests by key id, for each kind of keyed hash; and the keys in use.
    digests: dict[str, dict[str, int]] = field(default_factory=dict)
    keys_in_use: list[str] = field(default_factory=list)
    previous_key_id: str = ""


def rotation_latest(kind: str) -> KeyRotation | None:
    return KeyRotation.objects.filter(kind=kind).order_by("-started_at", "-id").first()


def rotation_status(kind: str, *, count_digests: bool = True) -> RotationStatus:
    if kind == KeyRotation.Kind.FIELDS:
        status = RotationStatus(kind=kind, key_id=current_field_key_id(), rotation=None)
    else:
        previous = previous_hash_key()
        status = RotationStatus(
            kind=kind,
            key_id=current_hash_key().id,
            rotation=None,
            keys_in_use=[k.id for k in hash_keys_in_use()],
            previous_key_id=previous.id if previous else "",
        )
        if count_digests:
            for entry in keyed_hashes():
                rows = entry.digest_model._base_manager.values("key_id").annotate(n=Count("pk"))
                status.digests[entry.digests] = {
                    row["key_id"] or "(none)": row["n"] for row in rows.order_by("key_id")
                }
    rotation = rotation_latest(kind)
    status.rotation = rotation
    if rotation is None or rotation.state == KeyRotation.State.FINISHED:
        return status
    tables = rotation_tables(rotation)
    status.tables = len(tables)
    table = (rotation.position or {}).get("table")
    if table in tables:
        status.table_index = tables.index(table)
        status.table_share = _share(rotation, table, rotation.position.get("after"))
    return status


def _share(rotation: KeyRotation, table: str, after) -> float | None:
    """How far ``after`` is through the table's primary keys (an estimate, 0 to 1)."""
    if after is None:
        return 0.0
    model = apps.get_model(table)
    if rotation.kind == KeyRotation.Kind.HASHES and rotation.phase != "prune":
        model = next(e for e in keyed_hashes() if e.digests == table).owner_model
    bounds = model._base_manager.aggregate(low=Min("pk"), high=Max("pk"))
    low, high = bounds["low"], bounds["high"]
    if not isinstance(after, int) or not isinstance(low, int) or not isinstance(high, int):
        return None
    if high <= low:
        return 1.0
    return max(0.0, min(1.0, (after - low) / (high - low)))


def phases(kind: str) -> tuple[str, ...]:
    return PHASES[kind]
