"""Background tasks of consultations, run by the task worker (``manage.py task_worker``)."""

from __future__ import annotations

from django_tasks import task

from harbour.consultations.services import analysis_perform


@task()
def analysis_run(analysis_id: int) -> str:
    """Theme analysis of one question's answers; progress is written on the analysis row."""
    analysis = analysis_perform(analysis_id=analysis_id)
    return analysis.status if analysis is not None else "gone"
