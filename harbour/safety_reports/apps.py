from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _rebuild_identifiers(report_ids: list) -> int:
    from harbour.safety_reports.services import report_identifiers_rebuild

    return report_identifiers_rebuild(report_ids=report_ids)


class SafetyReportsConfig(AppConfig):
    name = "harbour.safety_reports"
    label = "safety_reports"
    verbose_name = _("Safety reports")

    def ready(self) -> None:
        from harbour.accounts.roles import Role
        from harbour.core.navigation import register_home_panel, register_nav, register_role_intro
        from harbour.keys.hashes import KeyedHashes, register_keyed_hashes
        from harbour.safety_reports.navigation import SafetyFiguresNavItem, SafetyNavItem
        from harbour.safety_reports.queries import liaison_panel, waiting_panel

        register_nav(
            SafetyNavItem(label=_("Safety reports"), url_name="safety_reports:list", order=45)
        )
        register_nav(
            SafetyFiguresNavItem(
                label=_("Safety report figures"), url_name="safety_reports:figures", order=75
            )
        )
        register_home_panel(waiting_panel)
        register_home_panel(liaison_panel)
        register_role_intro(
            Role.LIAISON_OFFICER,
            _(
                "Sex workers report violent or dangerous individuals to the sex-worker support "
                "project through Harbour's public form. When the project accepts a report whose "
                "reporter chose to tell the police, Harbour passes it to you, with only the "
                "details she agreed to release, and emails you a neutral notice. Every report you "
                "open or export is logged."
            ),
        )
        register_keyed_hashes(
            KeyedHashes(
                digests="safety_reports.ReportIdentifier",
                owner="report",
                rebuild=_rebuild_identifiers,
            )
        )
