from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "harbour.accounts"
    label = "accounts"
    verbose_name = _("Agencies and users")

    def ready(self) -> None:
        from harbour.accounts import signals  # noqa: F401
        from harbour.accounts.links import ISSUER, link_issue
        from harbour.accounts.panels import approvals_panel, sign_in_alerts_panel
        from harbour.accounts.roles import Role
        from harbour.core.navigation import NavItem, register_home_panel, register_nav
        from harbour.notifications.links import register_link_issuer

        register_link_issuer(ISSUER, link_issue)
        register_nav(
            NavItem(
                label=_("Users"), url_name="accounts:users", roles={Role.ADMINISTRATOR}, order=80
            )
        )
        # The access log's search page (harbour.accounts.access_log).
        register_nav(
            NavItem(
                label=_("Access log"), url_name="audit:search", roles={Role.ADMINISTRATOR}, order=90
            )
        )
        # The outbox of queued email (harbour.accounts.outbox).
        register_nav(
            NavItem(
                label=_("Outbox"),
                url_name="notifications:outbox",
                roles={Role.ADMINISTRATOR},
                order=91,
            )
        )
        register_home_panel(approvals_panel)
        register_home_panel(sign_in_alerts_panel)
