from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "harbour.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        # Each app declares its published tables in a ``published_tables`` module.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("published_tables")
