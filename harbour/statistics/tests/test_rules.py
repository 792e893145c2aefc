from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from harbour.statistics.conf import default_rules
from harbour.statistics.rules import SuppressionRules


@pytest.mark.parametrize(
    ("count", "published"), [(0, 0), (2, 0), (3, 5), (7, 5), (8, 10), (12, 10), (13, 15)]
)
def test_rounding_to_the_nearest_5_rounds_halves_up(count, published):
    assert SuppressionRules(rounding_base=5).rounded(count) == published


def test_without_a_rounding_base_counts_are_shown_as_they_are():
    assert SuppressionRules().rounded(13) == 13


@pytest.mark.parametrize(
    ("rules", "count", "small"),
    [
        (SuppressionRules(), 0, False),
        (SuppressionRules(), 4, True),
        (SuppressionRules(), 5, False),
        (SuppressionRules(suppress_zeros=True), 0, True),
        (SuppressionRules.ons_10_5(), 9, True),
        (SuppressionRules.ons_10_5(), 10, False),
    ],
)
def test_which_counts_are_small(rules, count, small):
    assert rules.is_small(count) is small


@pytest.mark.parametrize(
    "options",
    [
        {"threshold": 0},
        {"threshold": "5"},
        {"threshold": True},
        {"rounding_base": 1},
        {"suppress_zeros": "no"},
        {"marker": " "},
    ],
)
def test_bad_rules_are_refused(options):
    with pytest.raises((TypeError, ValueError)):
        SuppressionRules(**options)


def test_default_rules_come_from_settings(settings):
    settings.HARBOUR_STATISTICS = {"THRESHOLD": 10, "ROUNDING_BASE": 5}
    assert default_rules() == SuppressionRules.ons_10_5()


def test_default_rules_without_settings_are_under_5(settings):
    settings.HARBOUR_STATISTICS = None
    assert default_rules() == SuppressionRules()


@pytest.mark.parametrize("configured", [{"THRESHOLD": "ten"}, {"TRESHOLD": 10}, ["THRESHOLD"]])
def test_bad_settings_fail_loudly(settings, configured):
    settings.HARBOUR_STATISTICS = configured
    with pytest.raises(ImproperlyConfigured):
        default_rules()
