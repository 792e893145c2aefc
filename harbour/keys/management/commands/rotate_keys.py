"""``manage.py rotate_keys``: start a rotation of the field key or the hash key, follow it,
resume it (docs/operations.md, "Keys")."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from harbour.core.crypto import current_hash_key, previous_hash_key
from harbour.keys.hashes import keyed_hashes
from harbour.keys.models import KeyRotation
from harbour.keys.queries import rotation_status
from harbour.keys.services import RotationError, rotation_advance, rotation_resume, rotation_start

KINDS = {"fields": KeyRotation.Kind.FIELDS, "hashes": KeyRotation.Kind.HASHES}


class Command(BaseCommand):
    help = (
        "Rotate the field-encryption key (fields) or the hash key (hashes) without downtime: "
        "start re-encrypts or rehashes every record in the task worker, in batches, resuming "
        "after a stop; status shows how far it has got; resume goes on after an error."
    )

    def add_arguments(self, parser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        start = commands.add_parser("start", help="Start a rotation to the key this node writes.")
        start.add_argument("kind", choices=sorted(KINDS))
        start.add_argument("--batch-size", type=int, default=None)
        start.add_argument(
            "--here",
            action="store_true",
            help="Run it in this process until it ends, rather than in the task worker.",
        )
        start.add_argument(
            "--force",
            action="store_true",
            help="Start a hash rotation without HARBOUR_HASH_KEY_PREVIOUS although digests "
            "under another key exist (records not yet rehashed are not found meanwhile).",
        )
        resume = commands.add_parser("resume", help="Go on with a rotation that stopped.")
        resume.add_argument("kind", choices=sorted(KINDS))
        resume.add_argument("--here", action="store_true")
        status = commands.add_parser("status", help="Show each rotation's state and progress.")
        status.add_argument(
            "--no-counts",
            action="store_true",
            help="Do not count digests by key (a full read of each digest table).",
        )

    def handle(self, *args, action: str, **options) -> None:
        if action == "status":
            self._status(count=not options["no_counts"])
            return
        kind = KINDS[options["kind"]]
        try:
            if action == "start":
                if kind == KeyRotation.Kind.HASHES and not options["force"]:
                    self._check_previous_key()
                rotation = rotation_start(kind=kind, batch_size=options["batch_size"])
            else:
                rotation = rotation_resume(kind=kind)
        except RotationError as exc:
            raise CommandError(str(exc)) from exc
        verb = "Started" if action == "start" else "Resumed"
        self.stdout.write(f"{verb} the rotation of the {rotation.get_kind_display().lower()} ")
        self.stdout.write(f"to key {rotation.key_id} (rotation {rotation.pk}).")
        if options["here"]:
            rotation.refresh_from_db()
            outcome = rotation_advance(
                rotation_id=rotation.pk, token=rotation.token, seconds=float("inf")
            )
            self.stdout.write(outcome)
            if outcome.startswith("stopped"):
                raise CommandError(outcome)
        else:
            self.stdout.write("The task worker runs it: follow it with `rotate_keys status`.")
        self._status(count=False, kinds=[kind])

    def _check_previous_key(self) -> None:
        if previous_hash_key() is not None:
            return
        current = current_hash_key().id
        for entry in keyed_hashes():
            if entry.digest_model._base_manager.exclude(key_id=current).exists():
                raise CommandError(
                    f"{entry.digests} holds digests under another key, and "
                    "HARBOUR_HASH_KEY_PREVIOUS is not set: until the rehash reaches them, those "
                    "records would not be found. Set HARBOUR_HASH_KEY_PREVIOUS to the key they "
                    "were made under on every node, or start with --force."
                )

    def _status(self, *, count: bool, kinds=None) -> None:
        for kind in kinds or (KeyRotation.Kind.FIELDS, KeyRotation.Kind.HASHES):
            status = rotation_status(kind, count_digests=count)
            label = KeyRotation.Kind(kind).label
            self.stdout.write(
                self.style.MIGRATE_HEADING(f"{label}: this node writes under key {status.key_id}")
            )
            if kind == KeyRotation.Kind.HASHES:
                previous = status.previous_key_id or "not set"
                self.stdout.write(f"  previous key (HARBOUR_HASH_KEY_PREVIOUS): {previous}")
                self.stdout.write(
                    f"  digests written and looked up under: {', '.join(status.keys_in_use)}"
                )
                for table, by_key in status.digests.items():
                    counts = ", ".join(f"{key}: {n}" for key, n in by_key.items()) or "none"
                    self.stdout.write(f"  {table} digests by key: {counts}")
            rotation = status.rotation
            if rotation is None:
                self.stdout.write("  no rotation yet")
                continue
            self.stdout.write(
                f"  rotation {rotation.pk} to key {rotation.key_id}: {rotation.state}, "
                f"phase {rotation.phase}, started {rotation.started_at:%Y-%m-%d %H:%M:%S}, "
                f"last batch {rotation.updated_at:%Y-%m-%d %H:%M:%S}, "
                f"task runs {rotation.task_runs}"
            )
            done = ", ".join(f"{name} {n}" for name, n in sorted((rotation.done or {}).items()))
            self.stdout.write(f"  done: {done or 'nothing yet'}")
            if rotation.state == KeyRotation.State.RUNNING and status.tables:
                table = (rotation.position or {}).get("table") or "(starting)"
                share = (
                    "" if status.table_share is None else f", {status.table_share:.0%} through it"
                )
                self.stdout.write(
                    f"  at table {status.table_index + 1} of {status.tables}: {table}{share}"
                )
            if rotation.state == KeyRotation.State.FAILED:
                self.stdout.write(self.style.ERROR(f"  stopped: {rotation.error}"))
            if rotation.state == KeyRotation.State.FINISHED:
                self.stdout.write(f"  finished {rotation.finished_at:%Y-%m-%d %H:%M:%S}")
                if rotation.key_id != status.key_id:
                    self.stdout.write(
                        self.style.WARNING("  this node's key is not the key rotated to")
                    )
                elif kind == KeyRotation.Kind.FIELDS:
                    self.stdout.write("  the old field key can now be removed on every node")
                elif status.previous_key_id:
                    self.stdout.write(
                        "  HARBOUR_HASH_KEY_PREVIOUS can now be removed on every node"
                    )
