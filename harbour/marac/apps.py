from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaracConfig(AppConfig):
    name = "harbour.marac"
    label = "marac"
    verbose_name = _("MARAC")

    def ready(self) -> None:
        from harbour.accounts.roles import CASEWORK_ROLES, Role
        from harbour.core.navigation import NavItem, register_nav
        from harbour.core.queues import register_work_provider
        from harbour.marac import events, receivers  # noqa: F401 - registers types, receivers
        from harbour.marac.links import marac_referral_link
        from harbour.marac.sections import marac_section
        from harbour.marac.work import PROVIDERS
        from harbour.people.sections import register_person_section
        from harbour.risk.marac_link import register_marac_referral_finder

        register_person_section(marac_section)
        register_marac_referral_finder(marac_referral_link)
        register_nav(
            NavItem(label=_("MARAC"), url_name="marac:home", roles=CASEWORK_ROLES, order=40)
        )
        register_nav(
            NavItem(
                label=_("MARAC figures"),
                url_name="marac:figures",
                roles={Role.MARAC_COORDINATOR, Role.ANALYST},
                order=41,
            )
        )
        for provider in PROVIDERS:
            register_work_provider(provider)
