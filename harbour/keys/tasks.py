"""The background task of a key rotation (``harbour.keys.services``)."""

from __future__ import annotations

from django_tasks import task


@task()
def key_rotation_continue(rotation_id: int, token: str) -> str:
    """Batches of the rotation for a while, then the next run queued; resumes from its
    position, so a run lost with its worker is simply run again."""
    from harbour.keys.services import rotation_advance

    return rotation_advance(rotation_id=rotation_id, token=token)
