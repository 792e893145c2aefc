from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "harbour.core"
    label = "core"
    verbose_name = _("Harbour core")

    def ready(self) -> None:
        from django_tasks.signals import task_enqueued, task_finished, task_started

        from harbour.core import logs

        # Log lines say which task they belong to, and which request queued it.
        task_enqueued.connect(logs.on_task_enqueued, dispatch_uid="harbour-task-enqueued")
        task_started.connect(logs.on_task_started, dispatch_uid="harbour-task-started")
        task_finished.connect(logs.on_task_finished, dispatch_uid="harbour-task-finished")
