from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "harbour.prevention"
    label = "prevention"
    verbose_name = _("Prevention")

    def ready(self) -> None:
        from harbour.core.navigation import NavItem, register_nav
        from harbour.prevention.access import PAGE_ROLES

        # The same roles the pages admit (harbour.prevention.views); each page then checks the
        # agency.
        register_nav(
            NavItem(
                label=_("Education programmes"),
                url_name="prevention:home",
                roles=PAGE_ROLES,
                order=72,
            )
        )
