"""The figures page: read from the statistics app's stored releases only, never from records."""

from __future__ import annotations

from harbour.safety_reports.published_tables import REPORTS, TIME_BANDS, TYPES
from harbour.statistics.derived import median_band
from harbour.statistics.releases import releases_current

REPORT_TABLES = ("by_area", "by_consent", "by_decision", "by_area_decision", "by_time")
TYPE_TABLES = ("by_type", "by_type_pattern")


def figures_for_page(period_key: str | None = None) -> dict:
    """The latest released quarter (or ``period_key``), its tables and the median time band."""
    reports = releases_current(name=REPORTS)
    if not reports:
        return {"releases": []}
    chosen = next((r for r in reports if r.key == period_key), reports[-1])
    tables = chosen.protected_tables()
    types = next((r for r in releases_current(name=TYPES) if r.key == chosen.key), None)
    type_tables = types.protected_tables() if types else {}
    by_time = tables["by_time"]
    median = median_band(
        [(by_time.cell(key), str(label)) for key, label, _bound in TIME_BANDS],
        rules=chosen.rules,
    )
    return {
        "releases": reports,
        "release": chosen,
        "tables": [tables[name] for name in REPORT_TABLES],
        "type_tables": [type_tables[name] for name in TYPE_TABLES if name in type_tables],
        "median": median,
    }
