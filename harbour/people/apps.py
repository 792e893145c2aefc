from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "harbour.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from harbour.accounts.roles import CASEWORK_ROLES, Role
        from harbour.core.navigation import NavItem, register_home_panel, register_nav
        from harbour.people import events  # noqa: F401 - registers the timeline event types
        from harbour.people.panels import people_panel, reviews_panel

        register_nav(
            NavItem(label=_("People"), url_name="people:list", roles=CASEWORK_ROLES, order=20)
        )
        register_nav(
            NavItem(
                label=_("Access reviews"),
                url_name="people:reviews",
                roles={Role.ADMINISTRATOR},
                order=85,
            )
        )
        register_home_panel(people_panel)
        register_home_panel(reviews_panel)
