"""The change in knowledge and its interval, checked against a value worked out independently:
a regression of every single answer on an "after" indicator, with the cluster-robust (CR1)
sandwich variance by session computed with numpy's linear algebra."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from harbour.prevention.effects import SessionAnswers, change_in_proportion

SESSIONS = [
    SessionAnswers(before_yes=12, before_n=30, after_yes=24, after_n=29),
    SessionAnswers(before_yes=5, before_n=25, after_yes=15, after_n=26),
    SessionAnswers(before_yes=20, before_n=28, after_yes=25, after_n=27),
    SessionAnswers(before_yes=8, before_n=22, after_yes=17, after_n=20),
    SessionAnswers(before_yes=0, before_n=0, after_yes=9, after_n=12),  # after only
    SessionAnswers(before_yes=14, before_n=31, after_yes=0, after_n=0),  # before only
]


def regression_cr1(sessions) -> tuple[float, float]:
    """Slope on "after" and its CR1 cluster-robust standard error, from individual answers."""
    rows, clusters = [], []
    for g, s in enumerate(sessions):
        for after, yes, n in ((0, s.before_yes, s.before_n), (1, s.after_yes, s.after_n)):
            rows += [(after, 1)] * yes + [(after, 0)] * (n - yes)
            clusters += [g] * n
    data = np.array(rows, dtype=float)
    x = np.column_stack([np.ones(len(data)), data[:, 0]])
    y = data[:, 1]
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    residuals = y - x @ beta
    bread = np.linalg.inv(x.T @ x)
    groups = np.array(clusters)
    ids = np.unique(groups)
    meat = np.zeros((2, 2))
    for g in ids:
        score = x[groups == g].T @ residuals[groups == g]
        meat += np.outer(score, score)
    covariance = len(ids) / (len(ids) - 1) * bread @ meat @ bread
    # Rounding can leave a zero variance a hair below zero.
    return float(beta[1]), math.sqrt(max(float(covariance[1, 1]), 0.0))


def test_the_change_and_its_standard_error_match_the_clustered_regression():
    change = change_in_proportion(SESSIONS)
    slope, error = regression_cr1(SESSIONS)
    assert change.difference == pytest.approx(slope, abs=1e-12)
    assert change.standard_error == pytest.approx(error, rel=1e-10)
    assert change.sessions == 6
    critical = stats.t.ppf(0.975, 5)
    assert change.low == pytest.approx(slope - critical * error)
    assert change.high == pytest.approx(slope + critical * error)


def test_a_worked_example_by_hand():
    # Two sessions. Before: 2 of 10 and 4 of 10 (p 0.3); after: 6 of 10 and 8 of 10 (p 0.7).
    # u1 = (6 - 7)/20 - (2 - 3)/20 = 0; u2 = (8 - 7)/20 - (4 - 3)/20 = 0: the sessions move
    # together, so the clustered variance is zero.
    change = change_in_proportion([SessionAnswers(2, 10, 6, 10), SessionAnswers(4, 10, 8, 10)])
    assert change.difference == pytest.approx(0.4)
    assert change.standard_error == pytest.approx(0.0)
    # Now the second session gains nothing: after 4 of 10. p_A = 0.5, d = 0.2.
    # u1 = (6 - 5)/20 - (2 - 3)/20 = 0.1; u2 = (4 - 5)/20 - (4 - 3)/20 = -0.1.
    # Var = 2/1 * (0.01 + 0.01) = 0.04; SE = 0.2; t(1) = 12.706: interval 0.2 ± 2.541.
    change = change_in_proportion([SessionAnswers(2, 10, 6, 10), SessionAnswers(4, 10, 4, 10)])
    assert change.difference == pytest.approx(0.2)
    assert change.standard_error == pytest.approx(0.2)
    assert change.high == pytest.approx(0.2 + 12.7062047 * 0.2, rel=1e-6)


def test_clustering_widens_the_interval_when_sessions_differ():
    change = change_in_proportion(SESSIONS)
    # The naive (unclustered) standard error of two independent proportions.
    naive = math.sqrt(
        change.before * (1 - change.before) / change.before_n
        + change.after * (1 - change.after) / change.after_n
    )
    assert change.standard_error != pytest.approx(naive, rel=0.01)


def test_no_interval_without_answers_at_both_stages_or_with_one_session():
    assert change_in_proportion([SessionAnswers(3, 10, 0, 0), SessionAnswers(4, 10, 0, 0)]) is None
    assert change_in_proportion([SessionAnswers(3, 10, 5, 10)]) is None
    assert change_in_proportion([]) is None
    with pytest.raises(ValueError):
        SessionAnswers(11, 10, 0, 0)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 15), st.integers(0, 15), st.integers(0, 15), st.integers(0, 15)),
        min_size=2,
        max_size=7,
    )
)
def test_any_sessions_agree_with_the_regression(raw):
    sessions = [
        SessionAnswers(before_yes=min(a, b), before_n=b, after_yes=min(c, d), after_n=d)
        for a, b, c, d in raw
    ]
    change = change_in_proportion(sessions)
    used = [s for s in sessions if s.before_n or s.after_n]
    if change is None:
        assert (
            len(used) < 2 or not sum(s.before_n for s in used) or not sum(s.after_n for s in used)
        )
        return
    slope, error = regression_cr1(used)
    assert change.difference == pytest.approx(slope, abs=1e-9)
    assert change.standard_error == pytest.approx(error, rel=1e-7, abs=1e-7)
