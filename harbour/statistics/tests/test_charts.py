"""A chart's figures are the table's: numbers as they are published, withheld ones as gaps."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from harbour.statistics.charts import chart, chart_value
from harbour.statistics.published import PublishedCell
from harbour.statistics.rules import Reason


def test_a_withheld_figure_is_a_gap_and_money_a_number():
    withheld = PublishedCell(value=None, reason=Reason.PRIMARY, marker="[c]")
    assert chart_value(withheld) is None
    assert chart_value(PublishedCell(value=12)) == 12
    assert chart_value(Decimal("1234.50")) == 1234.5
    assert chart_value(None) is None
    with pytest.raises(TypeError):
        chart_value("12")


def test_a_chart_has_one_figure_per_category():
    data = chart(
        kind="bar",
        label="Chart of the table below",
        labels=["Riverside", "Hillside"],
        series=[("People", [PublishedCell(value=40), PublishedCell(value=None, marker="[c]")])],
    )
    assert data["datasets"] == [{"label": "People", "data": [40, None]}]
    with pytest.raises(ValueError, match="2 labels"):
        chart(kind="bar", label="x", labels=["a", "b"], series=[("People", [1])])
    with pytest.raises(ValueError):
        chart(kind="pie-in-the-sky", label="x", labels=["a"], series=[("People", [1])])
    with pytest.raises(ValueError):
        chart(kind="bar", label="x", labels=["a"], series=[("P", [1])], colours=["red", "blue"])


def test_the_chart_element_is_hidden_until_drawn_and_its_figures_are_json():
    data = chart(kind="line", label="Chart <of> things", labels=["Q1"], series=[("S", [3])])
    html = render_to_string("includes/chart.html", {"chart": data, "chart_id": "things"})
    assert '<div class="harbour-chart" data-chart="things" hidden></div>' in html
    assert '<script id="things" type="application/json">' in html
    body = html.split('type="application/json">')[1].split("</script>")[0]
    assert "<of>" not in body, "json_script escapes markup"
    assert json.loads(body)["datasets"][0]["data"] == [3]
