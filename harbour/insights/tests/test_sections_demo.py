"""The demo region's dashboard shows every section from a release (decision 0054)."""

from __future__ import annotations

import pytest

from harbour.directory.published_tables import COVERAGE
from harbour.insights.dashboard import dashboard_for
from harbour.referrals.published_tables import FLOWS, REFERRALS
from harbour.risk.published_tables import LEVELS
from harbour.statistics.releases import releases_current


@pytest.mark.django_db
def test_the_demo_releases_every_section_and_the_dashboard_shows_them(demo_region, staff_client):
    for name in (REFERRALS, FLOWS, LEVELS, COVERAGE):
        assert releases_current(name=name), name
    page = dashboard_for()
    sections = {section.name: section for section in page.sections}
    assert all(section.release is not None for section in sections.values())
    assert page.release.key == sections["coverage"].release.key
    assert any(row.cell.value for row in sections["referrals"].by_need)
    assert any(share.value for row in sections["risk"].by_level for share in row.extra)
    assert len(sections["flows"].matrix) > 1 and sections["coverage"].gaps
    analyst = demo_region.shared["users"]["analyst"]
    text = staff_client(analyst).get("/staff/insights/").content.decode()
    for heading in ("Referrals in the region", "Risk assessments in the region",
                    "who refers to whom", "Services for each kind of support"):  # fmt: skip
        assert heading in text
