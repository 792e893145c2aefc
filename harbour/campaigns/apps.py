from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "harbour.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from harbour.accounts.roles import Role
        from harbour.core.navigation import NavItem, register_nav

        register_nav(
            NavItem(
                label=_("Campaigns"),
                url_name="campaigns:home",
                roles={Role.COMMISSIONER},
                order=77,
            )
        )
