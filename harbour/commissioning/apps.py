from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissioningConfig(AppConfig):
    name = "harbour.commissioning"
    label = "commissioning"
    verbose_name = _("Commissioning")

    def ready(self) -> None:
        from harbour.commissioning.access import COMMISSIONER_ROLES, PAGE_ROLES
        from harbour.commissioning.panels import returns_panel
        from harbour.core.navigation import NavItem, register_home_panel, register_nav

        # The same roles the pages admit (harbour.commissioning.views); each page then checks
        # the agency.
        register_nav(
            NavItem(
                label=_("Contracts and returns"),
                url_name="commissioning:home",
                roles=PAGE_ROLES,
                order=75,
            )
        )
        register_nav(
            NavItem(
                label=_("Spend and outcomes"),
                url_name="commissioning:figures",
                roles=COMMISSIONER_ROLES,
                order=76,
            )
        )
        register_home_panel(returns_panel)
