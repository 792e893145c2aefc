from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "harbour.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from harbour.consultations.services import BUILDER_ROLES, PROFESSIONAL_ROLES
        from harbour.core.navigation import NavItem, register_nav

        register_nav(
            NavItem(
                label=_("Consultations"),
                url_name="consultations:list",
                roles=BUILDER_ROLES,
                order=75,
            )
        )
        register_nav(
            NavItem(
                label=_("Have your say"),
                url_name="consultations:answer-list",
                roles=PROFESSIONAL_ROLES,
                order=90,
            )
        )
