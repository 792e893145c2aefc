"""The demo region for the staff pages matrix: built with the demo seeders, inside the test's
transaction (the matrix is one test, so the region is built once per run and database)."""

from __future__ import annotations

import logging

import pytest

from harbour.demo.services import demo_load
from tests.staff_pages.region import Region


@pytest.fixture
def demo_region(db) -> Region:
    return Region(demo_load())


@pytest.fixture
def quiet_refusals():
    """Refusals (403, 404, 405) are the matrix's expected answers: keep Django's warning for
    each out of the output. Errors (500) are still logged."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)
