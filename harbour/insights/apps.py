from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "harbour.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from harbour.accounts.roles import Role
        from harbour.core.navigation import NavItem, register_nav
        from harbour.insights import summaries
        from harbour.insights.sections import indicators  # noqa: F401 (registers their figures)

        summaries.connect()
        register_nav(
            NavItem(
                label=_("Region dashboard"),
                url_name="insights:dashboard",
                roles={Role.ANALYST, Role.COMMISSIONER},
                order=75,
            )
        )
