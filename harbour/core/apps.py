from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "harbour.core"
    label = "core"
    verbose_name = _("Harbour core")

    def ready(self) -> None:
        from django_tasks.signals import task_enqueued

        from harbour.core import logs

        # A line links each queued task to the request that queued it.
        task_enqueued.connect(logs.on_task_enqueued, dispatch_uid="harbour-task-enqueued")
