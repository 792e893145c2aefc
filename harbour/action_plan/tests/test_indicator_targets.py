"""An indicator's figure and target: the figure must be one registered for its table set, and a
target needs a figure; on track compares a published value with the target, unknown when
withheld."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from harbour.action_plan.measures import measures
from harbour.action_plan.models import Direction, Indicator, Objective, Theme

pytestmark = pytest.mark.django_db


def _indicator(**fields) -> Indicator:
    objective = Objective.objects.get_or_create(
        number=1, defaults={"theme": Theme.PROVISION, "title": "Objective"}
    )[0]
    return Indicator(objective=objective, title="Indicator", **fields)


def test_the_insights_app_registers_the_figures_an_indicator_can_be_read_from():
    keys = [key for key, _label in measures.choices()]
    assert keys == ["followups.within_24_hours", "marac.cases_per_10000", "marac.repeat_rate"]
    assert measures.get("marac.repeat_rate").table_set == "marac.cases"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"table_set": "marac.cases", "measure": "no.such"}, "measure", "from the list"),
        (
            {"table_set": "followups.pilot", "measure": "marac.repeat_rate", "target": 30},
            "measure",
            "marac.cases",
        ),
        ({"table_set": "marac.cases", "measure": "marac.repeat_rate"}, "target", "target"),
        ({"table_set": "marac.cases", "target": 30}, "measure", "Choose the figure"),
    ],
)
def test_a_figure_and_target_that_do_not_fit_are_refused(fields, field, message):
    with pytest.raises(ValidationError) as refused:
        _indicator(**fields).full_clean()
    assert message in " ".join(refused.value.message_dict[field])


def test_on_track_compares_the_published_value_with_the_target():
    at_least = _indicator(table_set="marac.cases", measure="marac.cases_per_10000", target=40)
    at_least.full_clean()
    assert at_least.on_track(Decimal("40.0")) is True
    assert at_least.on_track(Decimal("39.9")) is False
    assert at_least.on_track(None) is None  # withheld: not known
    at_most = _indicator(
        table_set="marac.cases",
        measure="marac.repeat_rate",
        target=Decimal("30"),
        direction=Direction.AT_MOST,
    )
    assert at_most.on_track(Decimal("30")) is True and at_most.on_track(Decimal("31")) is False
