from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "harbour.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from harbour.accounts.roles import Role
        from harbour.core.navigation import NavItem, register_nav

        register_nav(
            NavItem(
                label=_("Outbox"),
                url_name="notifications:outbox",
                roles={Role.ADMINISTRATOR},
                order=91,
            )
        )
