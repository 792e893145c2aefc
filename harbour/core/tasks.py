"""Background tasks of the core: removing expired drafts (``harbour.core.drafts``)."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from harbour.core.scheduling import enqueue_at


def _waiting_by(moment) -> bool:
    """Whether a run of :func:`drafts_expire` is already queued to run by ``moment``."""
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db."):
        return False
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=drafts_expire.module_path,
        status=TaskResultStatus.READY,
        run_after__lte=moment,
    ).exists()


@task()
def drafts_expire() -> str:
    """Delete every expired draft; then make sure a run is queued for the next expiry (a
    draft saved again lives longer than the run its creation queued). Safe to run twice."""
    from harbour.core.drafts import drafts_next_expiry, drafts_purge

    removed = drafts_purge()
    following = drafts_next_expiry()
    if following is not None and not _waiting_by(following):
        enqueue_at(drafts_expire, following)
    return f"removed {removed}"
