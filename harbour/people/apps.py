from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _restore_sharing_bases(sender, using="default", **kwargs) -> None:
    """Migration ``people.0002`` loads the shipped lawful bases and conditions; a flushed
    database (a test database between transactional tests, ``demo --reset``) has lost them and
    gets them back. Where any are present they are left as they are: regions edit them."""
    from harbour.people.models import LawfulBasis, ProcessingCondition
    from harbour.people.services import sharing_bases_load

    if not (
        LawfulBasis.objects.using(using).exists()
        and ProcessingCondition.objects.using(using).exists()
    ):
        sharing_bases_load()


def _rebuild_match_keys(person_ids: list) -> int:
    from harbour.people.services import people_match_keys_rebuild

    return people_match_keys_rebuild(person_ids=person_ids)


class PeopleConfig(AppConfig):
    name = "harbour.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from harbour.accounts.roles import CASEWORK_ROLES, Role
        from harbour.core.navigation import NavItem, register_home_panel, register_nav
        from harbour.keys.hashes import KeyedHashes, register_keyed_hashes
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
        register_keyed_hashes(
            KeyedHashes(digests="people.MatchKey", owner="person", rebuild=_rebuild_match_keys)
        )
        register_home_panel(reviews_panel)
        post_migrate.connect(
            _restore_sharing_bases, sender=self, dispatch_uid="people-sharing-bases"
        )
