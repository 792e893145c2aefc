from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "harbour.prevention"
    label = "prevention"
    verbose_name = _("Prevention")

    def ready(self) -> None:
        from harbour.accounts.roles import Role
        from harbour.core.navigation import (
            NavItem,
            register_home_panel,
            register_nav,
            register_role_intro,
        )
        from harbour.prevention.access import PAGE_ROLES
        from harbour.prevention.queries import educator_panel

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
        register_home_panel(educator_panel)
        register_role_intro(
            Role.EDUCATION_PROVIDER,
            _(
                "Harbour keeps your agency's prevention programmes: after each session, record "
                "where it was held, who came, and the anonymous questionnaires from before and "
                "after. Harbour shows what changed, by area and audience, and the commissioner "
                "reads the results. No one's name is ever recorded."
            ),
        )
