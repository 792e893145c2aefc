"""Open data: the dashboard's fixed tables as released, for anyone, leaving no trace; no
non-zero figure below the threshold on the page or in the file."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine
from django.test import Client

from harbour.insights.tests.plan import JULY, THRESHOLD
from harbour.insights.tests.test_dashboard import _numbers

pytestmark = pytest.mark.usefixtures("released")


def _get(url):
    with time_machine.travel(JULY):
        return Client().get(url)


def test_the_open_data_page_shows_the_released_tables_and_leaves_no_trace():
    response = _get("/open-data/?period=2026-Q1")
    assert response.status_code == 200
    assert not response.cookies and "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "govuk-exit-this-page" in text
    assert "January to March 2026" in text and "[c]" in text
    numbers = _numbers(text)
    assert numbers and all(n == 0 or n >= THRESHOLD for n in numbers)
    title = text.split("<title>")[1].split("</title>")[0].lower()
    assert not any(word in title for word in ("abuse", "violence", "rape", "harm"))


def test_an_unknown_quarter_is_an_error_naming_it():
    response = _get("/open-data/?period=1999-Q1")
    assert response.status_code == 400
    text = response.content.decode()
    assert "<title>Error:" in text and "Choose a quarter from the list" in text
    assert _get("/open-data/incidents.csv?period=1999-Q1").status_code == 400


def test_the_open_data_csv_has_every_table_and_no_small_count():
    response = _get("/open-data/incidents.csv?period=2026-Q1")
    assert response.status_code == 200 and not response.cookies
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Incidents by area and kind"] in rows and ["Incidents by kind"] in rows
    assert ["Knowsley", "Police-recorded incident", "[c]"] in rows
    figures = [row[-1] for row in rows if len(row) >= 2 and row[0] not in ("Figures", "Period")]
    numbers = [int(value) for value in figures if value.isdigit()]
    assert numbers and all(n == 0 or n >= THRESHOLD for n in numbers)
