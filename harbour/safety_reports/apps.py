from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyReportsConfig(AppConfig):
    name = "harbour.safety_reports"
    label = "safety_reports"
    verbose_name = _("Safety reports")

    def ready(self) -> None:
        from harbour.accounts.roles import Role
        from harbour.core.navigation import NavItem, register_nav

        # The same roles the pages admit (harbour.safety_reports.views); the views also check
        # the agency (the project's caseworkers work at the sex-worker support project).
        register_nav(
            NavItem(
                label=_("Safety reports"),
                url_name="safety_reports:list",
                roles={Role.SPECIALIST_CASEWORKER, Role.LIAISON_OFFICER},
                order=45,
            )
        )
