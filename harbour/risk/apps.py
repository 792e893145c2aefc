from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_shipped_tools(sender, using="default", **kwargs) -> None:
    from harbour.risk.services import risk_tools_load_shipped

    risk_tools_load_shipped()


class RiskConfig(AppConfig):
    name = "harbour.risk"
    label = "risk"
    verbose_name = _("Risk identification")

    def ready(self) -> None:
        from harbour.incidents.checklists import register_checklist_source
        from harbour.people.sections import register_person_section
        from harbour.risk import events  # noqa: F401 - registers the timeline event type
        from harbour.risk.incident_checklists import source
        from harbour.risk.sections import assessments_section

        # The tools shipped with Harbour are present wherever its tables are.
        post_migrate.connect(_load_shipped_tools, sender=self, dispatch_uid="risk-shipped-tools")
        register_person_section(assessments_section)
        register_checklist_source(source)
