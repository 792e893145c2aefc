from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "harbour.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from harbour.accounts.roles import CASEWORK_ROLES, Role
        from harbour.core.navigation import NavItem, register_nav
        from harbour.core.queues import register_work_provider
        from harbour.people.sections import register_person_section
        from harbour.referrals import events
        from harbour.referrals.sections import referrals_section
        from harbour.referrals.work import PROVIDERS

        events.register()
        register_person_section(referrals_section)
        register_nav(
            NavItem(label=_("Referrals"), url_name="referrals:list", roles=CASEWORK_ROLES, order=25)
        )
        register_nav(
            NavItem(
                label=_("Self-referrals"),
                url_name="referrals:self-referrals",
                roles={Role.HUB_CASEWORKER},
                order=26,
            )
        )
        for provider in PROVIDERS:
            register_work_provider(provider)
