from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _rebuild_identifiers(report_ids: list) -> int:
    from harbour.safety_reports.services import report_identifiers_rebuild

    return report_identifiers_rebuild(report_ids)


class SafetyReportsConfig(AppConfig):
    name = "harbour.safety_reports"
    label = "safety_reports"
    verbose_name = _("Safety reports")

    def ready(self) -> None:
        from harbour.core.navigation import register_home_panel, register_nav
        from harbour.keys.hashes import KeyedHashes, register_keyed_hashes
        from harbour.safety_reports.navigation import SafetyFiguresNavItem, SafetyNavItem
        from harbour.safety_reports.queries import waiting_panel

        register_nav(
            SafetyNavItem(label=_("Safety reports"), url_name="safety_reports:list", order=45)
        )
        register_nav(
            SafetyFiguresNavItem(
                label=_("Safety report figures"), url_name="safety_reports:figures", order=75
            )
        )
        register_home_panel(waiting_panel)
        # Identifier digests are rebuilt under the new key when the hash key is rotated.
        register_keyed_hashes(
            KeyedHashes(
                digests="safety_reports.ReportIdentifier",
                owner="report",
                rebuild=_rebuild_identifiers,
            )
        )
