"""The query other apps use to find services by need and area, and the standard taxonomies.

The demo directory is tested with the demo region, in harbour/demo/tests/test_directory_demo.py.
"""

from __future__ import annotations

import pytest

from harbour.directory.queries import services_for, top_level_needs
from harbour.directory.services import taxonomies_load_standard
from harbour.directory.taxonomy import NEEDS
from harbour.regions.models import LocalAuthority

pytestmark = pytest.mark.django_db


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
        "housing",
        "money",
        "legal-advice",
        "emotional-support",
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
