"""Test factories for agencies and users (synthetic data)."""

from __future__ import annotations

import factory

from harbour.accounts.models import Agency, User
from harbour.accounts.roles import AgencyKind, Role

TEST_PASSWORD = "Correct-Horse-Battery-9"

ROLE_AGENCY_KIND = {
    Role.POLICE_OFFICER: AgencyKind.POLICE,
    Role.IDVA: AgencyKind.IDVA_SERVICE,
    Role.HUB_CASEWORKER: AgencyKind.VICTIM_CARE_HUB,
    Role.SPECIALIST_CASEWORKER: AgencyKind.SPECIALIST_SERVICE,
    Role.MARAC_COORDINATOR: AgencyKind.COUNCIL,
    Role.LIAISON_OFFICER: AgencyKind.SEX_WORKER_PROJECT,
    Role.EDUCATION_PROVIDER: AgencyKind.EDUCATION_PROVIDER,
    Role.ANALYST: AgencyKind.COMBINED_AUTHORITY,
    Role.COMMISSIONER: AgencyKind.COMBINED_AUTHORITY,
    Role.RETURNS_OFFICER: AgencyKind.SPECIALIST_SERVICE,
    Role.ACTION_PLAN_LEAD: AgencyKind.COUNCIL,
    Role.PARTNERSHIP_BOARD: AgencyKind.COMBINED_AUTHORITY,
    Role.ADMINISTRATOR: AgencyKind.COMBINED_AUTHORITY,
}


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Agency {n}")
    kind = AgencyKind.SPECIALIST_SERVICE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    # Staff names never look like the people in records (person_make's "Test Person<n>"), so a
    # test that a person's name is absent from a page is not fooled by the signed-in user's.
    first_name = "Staff"
    last_name = factory.Sequence(lambda n: f"Member{n}")
    role = Role.HUB_CASEWORKER
    agency = factory.LazyAttribute(
        lambda u: AgencyFactory(
            name=f"Test {ROLE_AGENCY_KIND[u.role].label}", kind=ROLE_AGENCY_KIND[u.role]
        )
    )

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])
