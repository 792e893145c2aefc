from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "harbour.followups"
    label = "followups"
    verbose_name = _("24-hour follow-up")

    def ready(self) -> None:
        from harbour.accounts.roles import Role
        from harbour.core.navigation import NavItem, register_nav
        from harbour.core.queues import register_work_provider
        from harbour.followups import events  # noqa: F401 - registers the timeline event types
        from harbour.followups.journey import followup_step
        from harbour.followups.receivers import (
            on_domestic_abuse_confirmed,
            on_domestic_abuse_withdrawn,
        )
        from harbour.followups.sections import followup_section
        from harbour.followups.services import FOLLOWUP_ROLES
        from harbour.followups.work import followups_work
        from harbour.incidents.journey import register_journey_step
        from harbour.incidents.signals import domestic_abuse_confirmed, domestic_abuse_withdrawn
        from harbour.people.sections import register_person_section

        domestic_abuse_confirmed.connect(
            on_domestic_abuse_confirmed, dispatch_uid="followups-create-on-domestic-abuse"
        )
        domestic_abuse_withdrawn.connect(
            on_domestic_abuse_withdrawn, dispatch_uid="followups-withdraw-when-not-domestic-abuse"
        )
        # The same roles the pages admit (harbour.followups.views).
        register_nav(
            NavItem(
                label=_("Follow-ups"),
                url_name="followups:list",
                roles=FOLLOWUP_ROLES,
                order=30,
            )
        )
        register_nav(
            NavItem(
                label=_("Follow-up figures"),
                url_name="followups:figures",
                roles={Role.ANALYST},
                order=70,
            )
        )
        register_work_provider(followups_work)
        register_journey_step(followup_step)
        register_person_section(followup_section)
