from __future__ import annotations

import csv
import io
import json

import numpy as np
from django.template import Context, Template

from harbour.statistics.protect import protect_table
from harbour.statistics.rates import rates_per_10000
from harbour.statistics.render import footnotes, grid, to_csv, to_json
from harbour.statistics.rules import SuppressionRules
from harbour.statistics.tables import CountTable, Dimension

AREAS = Dimension(
    "area", ("E08000012", "E06000006"), label="Area", category_labels=("Liverpool", "Halton")
)
HARMS = Dimension("harm", ("fgm", "fm", "hbv"), label="Harm", category_labels=("FGM", "FM", "=HBV"))


def table(rules=None):
    counts = CountTable((AREAS, HARMS), np.array([[12, 3, 20], [1500, 18, 25]]))
    return protect_table(counts, rules=rules or SuppressionRules(), name="harms", title="Harms")


def test_csv_is_long_form_with_markers_codes_and_a_footnote():
    rows = list(csv.reader(io.StringIO(to_csv(table()))))
    assert rows[0] == ["Area", "Area code", "Harm", "Harm code", "Count"]
    # The 3 is withheld with the cheapest rectangle: FM and HBV of both areas.
    assert rows[1] == ["Liverpool", "E08000012", "FGM", "fgm", "12"]
    assert rows[2] == ["Liverpool", "E08000012", "FM", "fm", "[c]"]
    assert rows[3] == ["Liverpool", "E08000012", "'=HBV", "hbv", "[c]"]  # formula neutralised
    assert rows[4] == ["Liverpool", "E08000012", "Total", "", "35"]
    assert rows[-2] == []
    assert rows[-1][0].startswith("[c]: withheld so that no one can be identified")
    assert len(rows) == 1 + 12 + 2


def test_csv_without_notes_is_one_block_of_data():
    rows = list(csv.reader(io.StringIO(to_csv(table(), notes=False))))
    assert len(rows) == 1 + 12


def test_json_gives_null_values_and_the_marker_for_withheld_cells():
    data = json.loads(json.dumps(to_json(table())))
    assert data["name"] == "harms"
    assert data["dimensions"][0]["categories"][1] == {"key": "E06000006", "label": "Halton"}
    cells = {tuple(c["keys"].values()): c for c in data["cells"]}
    assert cells[("E08000012", "fm")] == {
        "keys": {"area": "E08000012", "harm": "fm"},
        "value": None,
        "marker": "[c]",
    }
    assert cells[(None, None)]["value"] == 1578
    assert "reason" not in json.dumps(data) and "primary" not in json.dumps(data)
    assert data["notes"] == footnotes(table())


def test_footnotes_follow_the_rules():
    assert footnotes(protect_table(CountTable((AREAS,), np.array([40, 50])))) == []
    notes = footnotes(table(SuppressionRules.ons_10_5(marker="*")))
    assert notes[0].startswith("*: withheld") and "from 1 to 9" in notes[0]
    assert "rounded to the nearest 5" in notes[1]


def test_template_renders_the_table_with_markers_grouping_and_notes():
    html = Template("{% load published_figures %}{% published_table table %}").render(
        Context({"table": table()})
    )
    assert "<caption" in html and "Harms" in html
    assert html.count("[c]") == 4 + 1  # four cells and the footnote
    assert "1,500" in html
    assert "&#x27;" not in html and "=HBV" in html  # escaped by the template, not neutralised


def test_figure_filter_shows_value_or_marker():
    protected = table()
    template = Template("{% load published_figures %}{{ a|figure }} {{ b|figure }}")
    html = template.render(
        Context({"a": protected.cell("E06000006", "fgm"), "b": protected.cell("E08000012", "fm")})
    )
    assert html == "1,500 [c]"


def test_grid_of_rates_and_its_note():
    rates = rates_per_10000(
        counts=table(), denominators={"E08000012": 201_700, "E06000006": 53_200}, dimension="area"
    )
    laid_out = grid(rates)
    assert laid_out.columns == ["FGM", "FM", "=HBV", "Total"]
    assert [heading for heading, _cells in laid_out.rows] == ["Liverpool", "Halton", "Total"]
    assert str(laid_out.rows[1][1][0]) == "282.0"
    assert any("per 10,000 people" in note for note in laid_out.notes)


def test_csv_of_rates_names_the_rate_and_withholds_with_the_count():
    rates = rates_per_10000(
        counts=table(), denominators={"E08000012": 201_700, "E06000006": 53_200}, dimension="area"
    )
    rows = list(csv.reader(io.StringIO(to_csv(rates, notes=False))))
    assert rows[0][-1] == "Rate per 10,000"
    assert rows[1][-1] == "0.6"  # 12 / 201,700
    assert rows[2][-1] == "[c]"
