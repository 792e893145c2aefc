"""The demo directory, and the query other apps use to find services by need and area."""

from __future__ import annotations

import re

import pytest

from harbour.directory.choices import ServiceStatus
from harbour.directory.models import Location, Organisation, Service
from harbour.directory.queries import services_for, top_level_needs
from harbour.directory.services import taxonomies_load_standard
from harbour.directory.taxonomy import NEEDS
from harbour.regions.models import LocalAuthority

pytestmark = pytest.mark.django_db

DRAMA_PHONE = re.compile(r"^(0151 496 0\d{3}|07700 900\d{3})$")


def test_services_for_a_need_in_an_area_lead_to_the_agency_that_takes_referrals(directory):
    found = list(services_for(need="domestic-abuse", area="E08000012"))
    assert [s.name for s in found] == ["Harbourside domestic abuse outreach"]  # not the closed one
    assert found[0].organisation.agency == directory.agency
    assert [s.name for s in services_for(need="harmful-practices", area="E08000012")] == [
        "Riverside forced marriage help"
    ]
    liverpool = LocalAuthority.objects.get(gss_code="E08000012")
    including_closed = services_for(need="domestic-abuse", area=liverpool, open_only=False)
    assert including_closed.count() == 2
    assert not services_for(need="fgm", area="E08000012").exists()
    with pytest.raises(LookupError):
        services_for(need="no-such-need", area="E08000012")


def test_standard_taxonomies_are_loaded_once_whatever_happens():
    taxonomies_load_standard()
    taxonomies_load_standard()
    codes = set(top_level_needs().values_list("code", flat=True))
    assert codes == {
        "domestic-abuse",
        "sexual-violence",
        "harmful-practices",
        "stalking",
        "sex-worker-support",
        "children-young-people",
        "education-prevention",
        "perpetrator-programmes",
    }
    from harbour.directory.models import TaxonomyTerm

    children = TaxonomyTerm.objects.filter(taxonomy__code=NEEDS, parent__code="harmful-practices")
    assert set(children.values_list("code", flat=True)) == {
        "forced-marriage",
        "honour-based-abuse",
        "fgm",
    }


def test_the_demo_directory_has_every_need_somewhere_and_gaps_elsewhere(demo_region):
    ctx = demo_region
    areas = list(LocalAuthority.objects.all())
    assert len(areas) == 6
    for need in top_level_needs():
        served = {area.name for area in areas if services_for(need=need, area=area).exists()}
        assert served, f"no area has {need.code}"
        assert len(served) < len(areas), f"every area has {need.code}: no gap to show"

    # The partnership's agencies are in the directory, linked to their organisation.
    agencies = ctx.shared["agencies"]
    for key in ("police", "hub", "harmful_practices", "sexual_violence", "sex_worker_project"):
        assert Organisation.objects.filter(agency=agencies[key]).exists(), key
    assert (
        Organisation.objects.filter(agency=agencies["education"])
        .get()
        .services.filter(needs__code="education-prevention")
    )
    for area in ("Liverpool", "Knowsley", "Sefton", "St Helens", "Wirral", "Halton"):
        assert Organisation.objects.filter(agency=agencies[f"idva:{area}"]).exists()
    assert Organisation.objects.filter(agency__kind="council").exists()
    assert Organisation.objects.filter(agency__isnull=True).exists()

    # Synthetic contact details only.
    for service in Service.objects.all():
        assert DRAMA_PHONE.match(service.phone), service.phone
        assert not service.email or service.email.endswith("@example.org")
        assert not service.url or service.url.startswith("https://www.example.org/")
    for organisation in Organisation.objects.all():
        assert organisation.email.endswith("@example.org")
    assert Location.objects.filter(address_confidential=True).exists()
    assert Service.objects.exclude(status=ServiceStatus.ACTIVE).exists()
