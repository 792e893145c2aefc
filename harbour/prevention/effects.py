"""The change in knowledge after a programme's sessions, with a confidence interval.

The questionnaires are anonymous, so before and after answers are **not paired**: each is a
separate sample. They are also **clustered by session**: answers in one classroom are more alike
than answers from different schools (one teacher, one performance, one day), so treating them as
independent would give intervals that are too narrow.

**Method: a difference in proportions with standard errors clustered by session.** With
``b_g, nb_g`` the "yes" answers and questionnaires before session ``g``, and ``a_g, na_g``
after, the proportions are pooled ratios ``p_B = Σb/Σnb`` and ``p_A = Σa/Σna``, the change is
``d = p_A - p_B``, and its variance is the cluster-robust (sandwich, "CR1") variance of ``d``:

    u_g = (a_g - p_A na_g) / Σna - (b_g - p_B nb_g) / Σnb
    Var(d) = G / (G - 1) · Σ_g u_g²

over the ``G`` sessions with any questionnaire. This is exactly the cluster-robust standard
error of the slope in a regression of each answer (1 yes, 0 no) on an "after" indicator with
clusters by session; the tests check it against that regression worked out independently. The
interval is ``d ± t(G-1) · SE``, using Student's t with ``G - 1`` degrees of freedom, as is usual
with few clusters. Sessions with questionnaires at one stage only still count as clusters.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats


@dataclass(frozen=True)
class SessionAnswers:
    """One session's questionnaires on one question."""

    before_yes: int
    before_n: int
    after_yes: int
    after_n: int

    def __post_init__(self) -> None:
        if min(self.before_yes, self.before_n, self.after_yes, self.after_n) < 0:
            raise ValueError("counts cannot be negative")
        if self.before_yes > self.before_n or self.after_yes > self.after_n:
            raise ValueError("more said yes than answered")


@dataclass(frozen=True)
class Change:
    before: float
    after: float
    difference: float
    standard_error: float
    low: float
    high: float
    sessions: int
    before_n: int
    after_n: int
    confidence: float


def change_in_proportion(
    sessions: Sequence[SessionAnswers], *, confidence: float = 0.95
) -> Change | None:
    """The change from before to after with its interval; None when it cannot be worked out
    (no answers at one stage, or fewer than two sessions)."""
    used = [s for s in sessions if s.before_n or s.after_n]
    total_before = sum(s.before_n for s in used)
    total_after = sum(s.after_n for s in used)
    clusters = len(used)
    if not total_before or not total_after or clusters < 2:
        return None
    p_before = sum(s.before_yes for s in used) / total_before
    p_after = sum(s.after_yes for s in used) / total_after
    difference = p_after - p_before
    contributions = [
        (s.after_yes - p_after * s.after_n) / total_after
        - (s.before_yes - p_before * s.before_n) / total_before
        for s in used
    ]
    variance = clusters / (clusters - 1) * sum(u * u for u in contributions)
    error = math.sqrt(variance)
    critical = float(stats.t.ppf(0.5 + confidence / 2, clusters - 1))
    return Change(
        before=p_before,
        after=p_after,
        difference=difference,
        standard_error=error,
        low=difference - critical * error,
        high=difference + critical * error,
        sessions=clusters,
        before_n=total_before,
        after_n=total_after,
        confidence=confidence,
    )
