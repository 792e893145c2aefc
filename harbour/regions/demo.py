"""The reference region's six local authorities, loaded from the file shipped with Harbour."""

from __future__ import annotations

from pathlib import Path

from harbour.core.seeding import DemoContext
from harbour.regions.models import LocalAuthority
from harbour.regions.services import areas_load_from_csv

POPULATION_FILE = Path(__file__).resolve().parent / "data" / "population.csv"


def seed(ctx: DemoContext) -> None:
    """Load the areas; later seeders find them in ``ctx.shared["areas"]`` by name."""
    areas_load_from_csv(path_or_file=POPULATION_FILE)
    ctx.shared["areas"] = {area.name: area for area in LocalAuthority.objects.all()}
