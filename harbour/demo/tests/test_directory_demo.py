"""The demo region's directory has every need somewhere and gaps elsewhere."""

from __future__ import annotations

import re

import pytest

from harbour.directory.choices import ServiceStatus
from harbour.directory.models import Location, Organisation, Service
from harbour.directory.queries import services_for, top_level_needs
from harbour.regions.models import LocalAuthority

pytestmark = pytest.mark.django_db

DRAMA_PHONE = re.compile(r"^(0151 496 0\d{3}|07700 900\d{3})$")


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
