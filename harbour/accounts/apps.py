from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "harbour.accounts"
    label = "accounts"
    verbose_name = _("Agencies and users")

    def ready(self) -> None:
        from harbour.accounts import signals  # noqa: F401
        from harbour.accounts.roles import Role
        from harbour.core.navigation import NavItem, register_nav

        # The access log's search page (harbour.accounts.access_log).
        register_nav(
            NavItem(
                label=_("Access log"),
                url_name="audit:search",
                roles={Role.ADMINISTRATOR},
                order=90,
            )
        )
