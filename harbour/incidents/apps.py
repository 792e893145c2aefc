from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_reference_data(sender, using="default", **kwargs) -> None:
    from harbour.incidents.services import reference_data_load

    reference_data_load()


class IncidentsConfig(AppConfig):
    name = "harbour.incidents"
    label = "incidents"
    verbose_name = _("Incidents")

    def ready(self) -> None:
        from harbour.accounts.roles import CASEWORK_ROLES
        from harbour.core.navigation import NavItem, register_nav
        from harbour.core.queues import register_work_provider
        from harbour.incidents import events  # noqa: F401 - registers the timeline event types
        from harbour.incidents.sections import incidents_section
        from harbour.incidents.work import police_work
        from harbour.people.sections import register_person_section

        # Offence types and outcome codes are present wherever the tables are (also after a
        # test database is flushed, which sends post_migrate again).
        post_migrate.connect(
            _load_reference_data, sender=self, dispatch_uid="incidents-reference-data"
        )
        register_nav(
            NavItem(label=_("Incidents"), url_name="incidents:list", roles=CASEWORK_ROLES, order=25)
        )
        register_work_provider(police_work)
        register_person_section(incidents_section)
