"""Test factories for directory records (synthetic data), for this app's and others' tests.

Services need the standard taxonomies (loaded after migrations) and areas::

    area = LocalAuthorityFactory(gss_code="E08000012", name="Liverpool")
    service = ServiceFactory(needs=["domestic-abuse"], areas=[area])
"""

from __future__ import annotations

import factory

from harbour.directory.models import Location, Organisation, Service, TaxonomyTerm
from harbour.directory.taxonomy import NEEDS
from harbour.regions.models import LocalAuthority


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("gss_code",)

    gss_code = factory.Sequence(lambda n: f"E0{8000100 + n:07d}")
    name = factory.Sequence(lambda n: f"Area {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Support Organisation {n}")
    description = "A synthetic organisation for tests."
    email = factory.Sequence(lambda n: f"org{n}@example.org")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Centre {n}")
    address_1 = factory.Sequence(lambda n: f"{n} Imaginary Street")
    city = "Liverpool"
    state_province = "Merseyside"
    postal_code = "L1 9ZZ"


class ServiceFactory(factory.django.DjangoModelFactory):
    """``needs`` takes term codes of the needs taxonomy; ``areas`` takes areas."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Support Service {n}")
    description = "Synthetic support for tests."
    phone = factory.Sequence(lambda n: f"0151 496 0{n % 1000:03d}")

    @factory.post_generation
    def needs(self, create, extracted, **kwargs):
        if create and extracted:
            self.needs.set(
                TaxonomyTerm.objects.filter(taxonomy__code=NEEDS, code__in=list(extracted))
            )

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)
