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


def test_the_run_time_audit_withholds_every_figure_when_a_range_is_too_narrow(monkeypatch):
    """The audit solves each small count's range; a pattern that leaves one too narrow (here,
    only the small counts withheld) is replaced by withholding every figure."""
    import numpy as np

    from harbour.statistics import protect
    from harbour.statistics.suppression import NOT_WITHHELD, PRIMARY
    from harbour.statistics.tables import CountTable, Dimension, PublishedTable

    counts = CountTable(
        (Dimension("area", ("a", "b")), Dimension("kind", ("x", "y"))), np.array([[3, 20], [9, 8]])
    )
    tables = [PublishedTable("t", ("area", "kind"))]
    safe = protect.protect_cube(counts, tables=tables, rules=SuppressionRules(), audit=True)
    assert not safe.all_withheld and safe.withheld_share() < 1

    def primaries_only(values, published, *, rules, structural=None, keep=None, total_shown=False):
        status = np.zeros(values.shape, dtype=np.int8)
        status[published & (values > 0) & (values < rules.threshold)] = PRIMARY
        return status

    monkeypatch.setattr(protect, "withhold", primaries_only)
    leaky = protect.protect_cube(counts, tables=tables, rules=SuppressionRules(), audit=True)
    assert leaky.all_withheld and leaky.withheld_share() == 1
    assert not np.any(leaky.status == NOT_WITHHELD)
