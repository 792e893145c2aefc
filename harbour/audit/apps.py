from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "harbour.audit"
    label = "audit"
    verbose_name = _("Access log")

    def ready(self) -> None:
        from harbour.accounts.roles import Role
        from harbour.core.navigation import NavItem, register_nav

        register_nav(
            NavItem(
                label=_("Access log"),
                url_name="audit:search",
                roles={Role.ADMINISTRATOR},
                order=90,
            )
        )
