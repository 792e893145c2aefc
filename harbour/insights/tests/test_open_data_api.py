"""The open data API: the open sets' releases as JSON, exactly the protected cells, nothing
else; the public pages' headers; unknown sets, releases and parameters refused by name."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
import time_machine
from django.test import Client

from harbour.insights.api import open_sets
from harbour.insights.published_tables import INCIDENTS
from harbour.insights.tests.plan import JULY, KNOWSLEY, POLICE, THRESHOLD
from harbour.statistics.models import Release
from harbour.statistics.published import PublishedCell
from harbour.statistics.registry import table_sets
from harbour.statistics.releases import StoredRelease, release_current
from harbour.statistics.rules import Reason
from harbour.statistics.suppression import protection_need
from harbour.statistics.tables import TOTAL, Dimension
from harbour.statistics.tests.checker import reader_view

pytestmark = pytest.mark.usefixtures("released")
API = "/open-data/api/"


def _get(url, **headers):
    with time_machine.travel(JULY):
        return Client().get(url, **headers)


def _headers_are_the_public_pages(response) -> None:
    assert response["Content-Type"] == "application/json"
    assert not response.cookies and "Set-Cookie" not in response
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_only_sets_marked_open_are_listed_and_incidents_is_one():
    assert [spec.name for spec in open_sets()] == sorted(
        [INCIDENTS, "directory.coverage", "referrals.flows", "referrals.referrals", "risk.levels"]
    )
    assert not table_sets.get("marac.cases").open_data
    assert not table_sets.get("followups.pilot").open_data
    response = _get(API)
    assert response.status_code == 200
    _headers_are_the_public_pages(response)
    body = response.json()
    assert body["api_version"] == "1"
    assert [s["name"] for s in body["table_sets"]] == [spec.name for spec in open_sets()]
    [incidents] = [s for s in body["table_sets"] if s["name"] == INCIDENTS]
    assert incidents["name"] == INCIDENTS and incidents["period_length"] == "quarter"
    assert [r["key"] for r in incidents["releases"]] == ["2026-Q2", "2026-Q1"]
    first = incidents["releases"][1]
    assert first["label"] == "January to March 2026" and first["revision"] == 0
    assert (first["period_start"], first["period_end"]) == ("2026-01-01", "2026-03-31")
    assert first["url"].endswith("/open-data/api/insights.incidents/2026-Q1/")
    one_set = _get(f"{API}insights.incidents/").json()
    assert one_set["releases"] == incidents["releases"]


def test_a_release_gives_every_table_with_its_cells_exactly_as_published():
    response = _get(f"{API}insights.incidents/2026-Q1/")
    assert response.status_code == 200
    _headers_are_the_public_pages(response)
    body = response.json()
    release = release_current(name=INCIDENTS, period_key="2026-Q1")
    assert body["table_set"] == {"name": INCIDENTS, "title": "Incidents by area and kind"}
    assert body["release"]["key"] == "2026-Q1" and body["release"]["revisions"] == []
    assert body["rules"]["threshold"] == THRESHOLD and body["rules"]["zeros_shown"] is True
    assert set(body["markers"]) == {"[c]", "[z]"}
    stored = release.protected_tables()
    assert [t["name"] for t in body["tables"]] == list(stored)
    for table in body["tables"]:
        protected = stored[table["name"]]
        assert len(table["cells"]) == len(list(protected.cells()))
        for item in table["cells"]:
            keys = tuple(
                TOTAL if item["keys"][d.name] is None else item["keys"][d.name]
                for d in protected.dimensions
            )
            cell = protected.cell(*keys)
            if cell.withheld:
                assert item["value"] is None and item["marker"] == "[c]"
                assert item["reason"] == "confidential"  # the same for every withheld cell
            else:
                assert item["value"] == cell.value and "reason" not in item
    by_area_kind = next(t for t in body["tables"] if t["name"] == "by_area_kind")
    small = next(
        c for c in by_area_kind["cells"] if c["keys"] == {"area": KNOWSLEY, "kind": POLICE}
    )
    assert small == {
        "keys": {"area": KNOWSLEY, "kind": POLICE},
        "value": None,
        "marker": "[c]",
        "reason": "confidential",
    }
    # Nothing says why a cell is withheld beyond the one reason: not "primary", not "secondary".
    text = response.content.decode()
    assert "primary" not in text and "secondary" not in text


@dataclass
class _ServedTable:
    """A table as the API serves it, for the reader-model check."""

    dimensions: tuple[Dimension, ...]
    items: list[dict]

    def cells(self):
        for item in self.items:
            keys = tuple(
                TOTAL if item["keys"][d.name] is None else item["keys"][d.name]
                for d in self.dimensions
            )
            if item["value"] is None:
                yield keys, PublishedCell(value=None, reason=Reason.SECONDARY)
            else:
                yield (
                    keys,
                    PublishedCell(value=item["value"], structural=bool(item.get("structural"))),
                )


@pytest.mark.parametrize("key", ["2026-Q1", "2026-Q2"])
def test_a_reader_of_what_the_api_serves_learns_no_small_count(key):
    body = _get(f"{API}insights.incidents/{key}/").json()
    numbers = [c["value"] for t in body["tables"] for c in t["cells"] if c["value"] is not None]
    assert numbers and all(n == 0 or n >= THRESHOLD for n in numbers)
    row = Release.objects.get(table_set=INCIDENTS, period_key=key, revision=0)
    stored = StoredRelease(release=row, spec=None, period=None)
    dimensions = stored.dimensions
    order = [d.name for d in dimensions]
    shape = tuple(d.size for d in dimensions)
    counts = np.array(row.true_counts.counts, dtype=np.int64).reshape(shape)
    served = [
        _ServedTable(
            tuple(
                Dimension(name=d["name"], categories=tuple(c["key"] for c in d["categories"]))
                for d in table["dimensions"]
            ),
            table["cells"],
        )
        for table in body["tables"]
    ]
    view = reader_view(
        counts, served, order, zeros_shown=body["rules"]["zeros_shown"], all_withheld=False
    )
    # Every value served is the true count of its cell (the reader is given true values), and
    # every small count is withheld and stays in a range of at least the threshold's width.
    small = {cell for cell in view.withheld if 0 < _truth(counts, cell) < THRESHOLD}
    assert small, "the plan has a small count to protect"
    assert all(v == 0 or v >= THRESHOLD for v in view.known.values())
    assert view.derivable() == set()
    assert view.narrower_than(protection_need(stored.rules), cells=small) == set()
    assert view.pinned() == set()


def _truth(counts: np.ndarray, cell: tuple[int, ...]) -> int:
    index = tuple(
        slice(None) if i == size else i for i, size in zip(cell, counts.shape, strict=True)
    )
    return int(counts[index].sum())


@pytest.mark.parametrize(
    "url",
    [
        f"{API}marac.cases/",  # a released set, but not open
        f"{API}followups.pilot/2026-Q1/",
        f"{API}no.such.set/",
        f"{API}insights.incidents/1999-Q1/",
        f"{API}insights.incidents/2026-Q3/",  # not yet released
        f"{API}insights.incidents/2026-Q1/by_area/",
    ],
)
def test_an_unknown_or_closed_set_or_release_is_a_json_404(url):
    response = _get(url)
    assert response.status_code == 404
    _headers_are_the_public_pages(response)
    assert response.json()["error"] == "not_found"


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        (f"{API}?area={KNOWSLEY}", "area"),
        (f"{API}insights.incidents/2026-Q1/?format=xml", "format"),
        (f"{API}insights.incidents/?period=2026-Q1", "period"),
    ],
)
def test_an_unknown_parameter_is_a_400_naming_it(url, parameter):
    response = _get(url)
    assert response.status_code == 400
    _headers_are_the_public_pages(response)
    body = response.json()
    assert body["error"] == "unknown_parameter" and body["parameter"] == parameter
    assert parameter in body["detail"]


def test_json_whatever_is_asked_for_and_reading_only():
    response = _get(f"{API}insights.incidents/2026-Q1/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    with time_machine.travel(JULY):
        assert Client().post(API).status_code == 405


def test_the_api_is_throttled_like_the_other_public_endpoints(monkeypatch):
    from django.core.cache import cache

    from harbour.insights.api import OpenDataThrottle

    cache.clear()
    monkeypatch.setattr(OpenDataThrottle, "THROTTLE_RATES", {"public": "2/min"})
    try:
        codes = [_get(API).status_code for _ in range(3)]
        refused = _get(API)
    finally:
        cache.clear()
    assert codes == [200, 200, 429]
    _headers_are_the_public_pages(refused)


def test_the_open_data_page_links_its_release_as_json():
    text = _get("/open-data/?period=2026-Q1").content.decode()
    assert 'href="/open-data/api/insights.incidents/2026-Q1/"' in text
    assert 'href="/open-data/api/"' in text


def test_signed_in_staff_get_the_same_answer_and_no_cookie(released, staff_client):
    client = staff_client(released.analyst)
    with time_machine.travel(JULY):
        mine = client.get(f"{API}insights.incidents/2026-Q1/")
        anyone = Client().get(f"{API}insights.incidents/2026-Q1/")
    _headers_are_the_public_pages(mine)
    assert mine.json() == anyone.json()
