from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlanConfig(AppConfig):
    name = "harbour.action_plan"
    label = "action_plan"
    verbose_name = _("Action plan")

    def ready(self) -> None:
        from harbour.action_plan.access import READER_ROLES
        from harbour.action_plan.work import commitments_panel, milestone_reminders
        from harbour.core.navigation import NavItem, register_home_panel, register_nav
        from harbour.core.queues import register_work_provider

        register_nav(
            NavItem(
                label=_("Action plan"),
                url_name="action_plan:board",
                roles=READER_ROLES,
                order=78,
            )
        )
        register_work_provider(milestone_reminders)
        register_home_panel(commitments_panel)
