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


def _links_to_her_load_no_details() -> None:
    """A foreign key to her record (``incident.victim``, ``referral.person``) loads her with
    every encrypted field deferred: the link gives her id, public id and flags, and decrypts
    nothing. Reading one of her fields through it loads that field then, which outside a door
    fails under test (``harbour.core.doors``). ``select_related`` is not affected: querysets that
    follow the link say what to defer (``harbour.people.queries.person_encrypted_paths``)."""
    from django.apps import apps
    from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor

    person = apps.get_model("people", "Person")
    encrypted = [f.name for f in person._meta.concrete_fields if getattr(f, "encrypted", False)]

    class WithoutHerDetails(ForwardManyToOneDescriptor):
        def get_queryset(self, **hints):
            return super().get_queryset(**hints).defer(*encrypted)

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model is person:
                setattr(model, field.name, WithoutHerDetails(field))


def _rebuild_match_keys(person_ids: list) -> int:
    from harbour.people.services import people_match_keys_rebuild

    return people_match_keys_rebuild(person_ids=person_ids)


class PeopleConfig(AppConfig):
    name = "harbour.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from harbour.accounts.roles import CASEWORK_ROLES, Role
        from harbour.core import doors
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
        # Her encrypted fields are read only through the access-checking getters (and the
        # services that check access): under test, any other read fails (harbour.core.doors).
        door = "harbour.people.queries.person_get_for_user"
        doors.register_guarded("people.Person", door_name=door)
        doors.register_guarded("people.HistoricalPerson", door_name=door)
        _links_to_her_load_no_details()
        register_home_panel(people_panel)
        register_keyed_hashes(
            KeyedHashes(digests="people.MatchKey", owner="person", rebuild=_rebuild_match_keys)
        )
        register_home_panel(reviews_panel)
        post_migrate.connect(
            _restore_sharing_bases, sender=self, dispatch_uid="people-sharing-bases"
        )
