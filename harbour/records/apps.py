from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "harbour.records"
    label = "records"
    verbose_name = _("Records over their life")

    def ready(self) -> None:
        from harbour.accounts.roles import CASEWORK_ROLES, Role
        from harbour.core.navigation import NavItem, register_nav
        from harbour.core.queues import register_work_provider
        from harbour.people.events import register_event_type
        from harbour.people.sections import register_person_section
        from harbour.records.events import EVENT_TYPES
        from harbour.records.work import records_section, records_work

        for event in EVENT_TYPES:
            register_event_type(event)
        register_nav(
            NavItem(
                label=_("Records"),
                url_name="records:home",
                roles=[*sorted(CASEWORK_ROLES), Role.ADMINISTRATOR],
                order=90,
            )
        )
        register_person_section(records_section)
        register_work_provider(records_work)
