from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_standard_taxonomies(sender, using="default", **kwargs) -> None:
    from harbour.directory.services import taxonomies_load_standard

    taxonomies_load_standard(using=using)


class DirectoryConfig(AppConfig):
    name = "harbour.directory"
    label = "directory"
    verbose_name = _("Directory of services")

    def ready(self) -> None:
        from harbour.accounts.roles import Role
        from harbour.core.navigation import NavItem, register_home_panel, register_nav
        from harbour.directory.queries import find_and_refer_panel, reports_open_panel

        # The needs, eligibility and access taxonomies are present wherever the tables are.
        post_migrate.connect(
            _load_standard_taxonomies, sender=self, dispatch_uid="directory-standard-taxonomies"
        )
        register_nav(NavItem(label=_("Directory"), url_name="directory-staff:services", order=20))
        register_nav(
            NavItem(
                label=_("Search figures"),
                url_name="directory-staff:search-figures",
                roles={Role.ADMINISTRATOR, Role.ANALYST},
                order=80,
            )
        )
        register_home_panel(reports_open_panel)
        register_home_panel(find_and_refer_panel)
