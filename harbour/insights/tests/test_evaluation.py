"""The pilot's evaluation: the synthetic panel, the staggered-adoption DiD, its randomisation
test and a small version of the simulation the bench runs at 200 regions."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from harbour.insights.evaluation import (
    NEVER,
    NOT_YET,
    assignments,
    estimate,
    minimum_detectable_effect,
    randomisation_test,
    simulate,
)
from harbour.insights.panel import PanelSpec, generate

# -- The panel ---------------------------------------------------------------------------------


def test_the_panel_is_the_same_for_the_same_seed_and_differs_for_another():
    spec = PanelSpec(effect=0.03)
    one, again, other = generate(spec, seed=5), generate(spec, seed=5), generate(spec, seed=6)
    assert np.array_equal(one.supported, again.supported)
    assert np.array_equal(one.incidents, again.incidents)
    assert not np.array_equal(one.supported, other.supported)


def test_the_panel_has_the_six_areas_counts_by_population_and_the_staggered_starts():
    panel = generate(PanelSpec(), seed=1)
    assert panel.areas == ("Liverpool", "Knowsley", "Sefton", "St Helens", "Wirral", "Halton")
    assert panel.incidents.shape == panel.supported.shape == (6, 48)
    yearly = panel.incidents.sum(axis=1) / 4
    assert 0.8 * 486_100 * 25 / 1000 < yearly[0] < 1.2 * 486_100 * 25 / 1000
    assert yearly[0] > yearly[4] > yearly[5]  # Liverpool > Wirral > Halton
    assert panel.adoption == (None, 24, None, 33, None, None)
    assert (panel.share >= 0).all() and (panel.share <= 1).all()
    assert panel.treated[1, 24] and not panel.treated[1, 23] and not panel.treated[0].any()
    row = next(r for r in panel.rows() if r["area"] == "Knowsley" and r["scheme_started"])
    assert row["month"].isoformat() == "2024-04-01"


def test_the_planted_effect_is_in_the_treated_cells_only_and_varies_by_area():
    panel = generate(PanelSpec(effect=0.04, effect_by_area={"St Helens": 0.5}), seed=1)
    assert panel.true_effect[1, 24:].tolist() == [0.04] * 24
    assert panel.true_effect[3, 33:].tolist() == [0.02] * 15
    assert panel.true_effect[:, :24].sum() == 0 and panel.true_effect[[0, 2, 4, 5]].sum() == 0


def test_the_shocks_are_serially_correlated():
    spec = PanelSpec(area_sd=0.0, seasonal_amplitude=0.0, trend_per_year=0.0, months=600)
    spec = replace(spec, adoption={}, ar_rho=0.8, ar_sd=0.02)
    share = generate(spec, seed=3).share[0]  # Liverpool: the binomial noise is small
    shock = share - share.mean()
    lag_one = np.corrcoef(shock[1:], shock[:-1])[0, 1]
    assert 0.6 < lag_one < 0.9


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"adoption": {"Atlantis": 10}}, "adoption"),
        ({"adoption": {"Halton": 0}}, "adoption"),
        ({"adoption": {"Halton": 48}}, "adoption"),
        ({"effect_by_area": {"Atlantis": 2.0}}, "effect_by_area"),
        ({"months": 1}, "months"),
        ({"ar_rho": 1.0}, "ar_rho"),
    ],
)
def test_a_bad_panel_spec_is_refused_naming_its_field(change, field):
    with pytest.raises(ValueError, match=field):
        replace(PanelSpec(), **change)


# -- The estimator -----------------------------------------------------------------------------


def test_the_att_equals_a_two_by_two_difference_in_differences_worked_by_hand():
    # Area 0 starts in month 1; area 1 never does.
    # (0.50 - 0.30) - (0.45 - 0.40) = 0.20 - 0.05 = 0.15
    shares = np.array([[0.30, 0.50], [0.40, 0.45]])
    result = estimate(shares, (1, None))
    assert result.att == pytest.approx(0.15, abs=1e-12)
    assert result.att_gt[(1, 1)] == pytest.approx(0.15, abs=1e-12)
    assert result.event_study == {-1: 0.0, 0: pytest.approx(0.15, abs=1e-12)}


def test_staggered_cohorts_are_compared_only_with_areas_not_yet_treated_worked_by_hand():
    # Three areas, three months: A starts in month 1, B in month 2, C never.
    shares = np.array(
        [
            [0.40, 0.50, 0.55],  # A
            [0.30, 0.32, 0.45],  # B
            [0.20, 0.21, 0.23],  # C
        ]
    )
    never = estimate(shares, (1, 2, None), control=NEVER, base_months=1)
    # A against C: month 1 (0.50-0.40)-(0.21-0.20) = 0.09; month 2 (0.55-0.40)-(0.23-0.20) = 0.12
    # B against C, base month 1: month 2 (0.45-0.32)-(0.23-0.21) = 0.11;
    #   month 0, a pre-trend: (0.30-0.32)-(0.20-0.21) = -0.01
    assert never.att_gt[(1, 1)] == pytest.approx(0.09)
    assert never.att_gt[(1, 2)] == pytest.approx(0.12)
    assert never.att_gt[(2, 2)] == pytest.approx(0.11)
    assert never.att_gt[(2, 0)] == pytest.approx(-0.01)
    assert never.att == pytest.approx((0.09 + 0.12 + 0.11) / 3)
    assert never.event_study[0] == pytest.approx((0.09 + 0.11) / 2)
    assert never.event_study[1] == pytest.approx(0.12)
    assert never.event_study[-2] == pytest.approx(-0.01)

    not_yet = estimate(shares, (1, 2, None), control=NOT_YET, base_months=1)
    # A in month 1 may also be compared with B, not yet treated then:
    # (0.50-0.40) - mean(0.32-0.30, 0.21-0.20) = 0.10 - 0.015 = 0.085. In month 2 B is treated.
    assert not_yet.att_gt[(1, 1)] == pytest.approx(0.085)
    assert not_yet.att_gt[(1, 2)] == pytest.approx(0.12)
    assert not_yet.att_gt[(2, 2)] == pytest.approx(0.11)


def test_a_longer_base_period_compares_with_the_mean_of_the_months_before_the_start():
    shares = np.array(
        [
            [0.40, 0.50, 0.55],  # A
            [0.30, 0.32, 0.45],  # B
            [0.20, 0.21, 0.23],  # C
        ]
    )
    result = estimate(shares, (None, 2, None), base_months=12)  # only months 0 and 1 exist
    # B against the mean of A and C, base the mean of months 0 and 1:
    # (0.45 - 0.31) - (mean(0.55, 0.23) - mean(0.45, 0.205)) = 0.14 - (0.39 - 0.3275) = 0.0775
    assert result.att == pytest.approx(0.0775)
    assert result.event_study[-1] == pytest.approx((0.32 - 0.31) - (0.355 - 0.3275))


def test_without_noise_the_estimator_recovers_the_planted_effect_exactly():
    spec = PanelSpec(effect=0.04, noise=False)
    panel = generate(spec, seed=11)
    for control in (NEVER, NOT_YET):
        result = estimate(panel.share, panel.adoption, control=control)
        assert result.att == pytest.approx(0.04, abs=1e-12)
        for e, value in result.event_study.items():
            assert value == pytest.approx(0.04 if e >= 0 else 0.0, abs=1e-12)


def test_without_noise_effects_that_vary_by_area_are_recovered_for_each_cohort():
    spec = PanelSpec(effect=0.06, effect_by_area={"St Helens": 0.5}, noise=False)
    panel = generate(spec, seed=2)
    result = estimate(panel.share, panel.adoption)
    for (g, t), value in result.att_gt.items():
        expected = 0.0 if t < g else (0.06 if g == 24 else 0.03)
        assert value == pytest.approx(expected, abs=1e-12)
    # Knowsley has 24 treated months, St Helens 15: the overall ATT weighs them by months.
    assert result.att == pytest.approx((24 * 0.06 + 15 * 0.03) / 39, abs=1e-12)


def test_bad_outcomes_and_designs_are_refused():
    shares = np.full((2, 3), 0.5)
    with pytest.raises(ValueError, match="outcome"):
        estimate(np.array([[0.5, np.nan, 0.5], [0.5, 0.5, 0.5]]), (1, None))
    with pytest.raises(ValueError, match="outcome"):
        estimate(shares, (1, None, None))
    with pytest.raises(ValueError, match="adoption"):
        estimate(shares, (None, None))
    with pytest.raises(ValueError, match="adoption"):
        estimate(shares, (0, None))
    with pytest.raises(ValueError, match="adoption"):
        estimate(shares, (1, 1))  # no control area
    with pytest.raises(ValueError, match="control"):
        estimate(shares, (1, None), control="everyone")


# -- Randomisation inference -------------------------------------------------------------------


def test_the_assignments_are_every_pair_of_areas_with_the_dates_in_either_order():
    observed = (None, 24, None, 33, None, None)
    design = assignments(observed)
    assert design[0] == observed
    assert len(design) == len(set(design)) == 15 * 2
    assert all(sorted(g for g in a if g is not None) == [24, 33] for a in design)
    widened = assignments(observed, start_dates=(18, 24, 33))
    assert len(widened) == 15 * 3 * 3 and widened[0] == observed
    with pytest.raises(ValueError, match="start_dates"):
        assignments(observed, start_dates=(18, 24))


def test_the_randomisation_test_rejects_a_clear_effect_at_its_resolution_and_covers_it():
    panel = generate(PanelSpec(effect=0.05, noise=False), seed=4)
    test = randomisation_test(panel.share, panel.adoption)
    assert test.assignments == 30 and test.smallest_p == pytest.approx(1 / 30)
    assert test.p_value == pytest.approx(1 / 30)  # the most extreme of 30: as low as it goes
    assert test.reject
    assert test.interval[0] <= 0.05 <= test.interval[1]
    assert all(abs(v) < 1e-12 for e, v in test.event_study.items() if e < 0)
    assert test.pretrend_rms == pytest.approx(0.0, abs=1e-12) and test.pretrend_p == 1.0


def test_a_pre_trend_in_the_pilot_areas_is_flagged_by_the_pre_trend_test():
    panel = generate(PanelSpec(noise=False), seed=4)
    drift = np.zeros_like(panel.share)
    for area, start in enumerate(panel.adoption):
        if start is not None:
            drift[area, start - 12 : start] = np.linspace(0.0, 0.06, 12)  # rising before it starts
    test = randomisation_test(panel.share + drift, panel.adoption)
    assert test.pretrend_rms > 0.01
    assert test.pretrend_p == pytest.approx(1 / 30)
    assert test.event_study[-2] > 0.01


def test_the_randomisation_test_cannot_reject_when_its_smallest_p_is_above_alpha():
    panel = generate(PanelSpec(effect=0.5, baseline=0.3, noise=False), seed=4)
    fixed_dates = (None, 24, None, 24, None, None)  # one cohort: 15 pairs, p >= 1/15
    test = randomisation_test(panel.share, fixed_dates)
    assert test.assignments == 15 and test.p_value >= 1 / 15 > 0.05
    assert not test.reject
    assert test.interval == (-math.inf, math.inf)  # no effect can be ruled out


def test_the_interval_is_what_the_test_does_not_reject():
    panel = generate(PanelSpec(effect=0.03), seed=9)
    test = randomisation_test(panel.share, panel.adoption)
    low, high = test.interval
    assert low <= test.att <= high
    for tau, kept in ((low + 1e-4, True), (high - 1e-4, True), (low - 1e-3, False)):
        moved = panel.share - tau * panel.treated
        p = randomisation_test(moved, panel.adoption).p_value
        assert (p > test.alpha) is kept


def test_the_minimum_detectable_effect_is_interpolated_on_the_power_curve():
    assert minimum_detectable_effect({0.0: 0.05, 0.04: 0.6, 0.08: 1.0}) == pytest.approx(0.06)
    assert minimum_detectable_effect({0.0: 0.05, 0.04: 0.5}) == math.inf


def test_a_small_simulation_covers_the_planted_effect_and_keeps_false_positives_low():
    spec = PanelSpec()

    def make_panel(*, seed, effect):
        return generate(replace(spec, effect=effect), seed=seed)

    result = simulate(
        make_panel, regions=40, effect=0.08, mde_effects=(0.0, 0.08, 0.16), alpha=0.05
    )
    assert result.assignments == 30
    assert result.mean_true_att == pytest.approx(0.08)
    assert abs(result.mean_estimate - 0.08) < 0.015
    assert result.coverage >= 0.85
    assert result.false_positive_rate <= 0.15
    assert result.power_curve[0.16] >= 0.8 > result.power_curve[0.0]
    assert 0.0 < result.mde <= 0.16
