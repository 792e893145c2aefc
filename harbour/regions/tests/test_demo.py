from __future__ import annotations

import pytest

from harbour.core.seeding import DemoContext
from harbour.regions.demo import seed
from harbour.regions.models import LocalAuthority


@pytest.mark.django_db
def test_the_demo_seeder_loads_the_reference_region_and_shares_it():
    ctx = DemoContext(password="unused")
    seed(ctx)
    seed(ctx)  # loading twice updates, never duplicates
    assert LocalAuthority.objects.count() == 6
    assert ctx.shared["areas"]["Halton"].gss_code == "E06000006"
