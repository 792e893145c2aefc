"""Evaluating the 24-hour pilot: a staggered-adoption difference-in-differences and honest
inference for six areas with two treated.

**Estimator** (Callaway and Sant'Anna, 2021, unconditional parallel trends). Areas that start
the scheme in the same month form a cohort ``g``. For each cohort and month ``t``::

    ATT(g, t) = [Y(g, t) - Y(g, g-1)] - [Y(C, t) - Y(C, g-1)]

where ``Y(g, .)`` is the mean share of the cohort's areas, ``g-1`` the last month before its
start (a universal base period, so the event study reads from one baseline) and ``C`` the
control areas: never treated (``control="never"``) or, in addition, areas not yet treated at
both ``t`` and ``g-1`` (``control="not_yet"``). A cohort is never compared with an area already
treated, which is what makes two-way fixed effects wrong under staggered adoption and effects
that vary. The overall ATT averages ``ATT(g, t)`` over months on or after the start, each cohort
weighted by its number of areas; the event study averages ``ATT(g, g+e)`` over cohorts for each
month ``e`` relative to the start (``e < 0``: pre-trends; ``e = -1`` is 0 by construction).

Every estimate is a fixed linear combination of the panel's shares, so it is worked out as a
weight matrix (areas x months) once per design and applied by a dot product: the randomisation
test and the simulations stay fast.

**Inference** (``randomisation_test``): the areas and dates were chosen, not drawn, and two of
six areas are treated, so neither large-sample standard errors nor a cluster bootstrap can be
trusted. Under the sharp null "the scheme changed nobody's share", the panel is the same whatever
the assignment, so the estimate under every possible assignment (which two areas, and which
start dates) gives the null distribution. Its resolution is coarse: with ``N`` assignments the
smallest p-value is ``1/N`` (2 areas of 6 with the two observed dates in either order: N = 30,
p >= 0.033). The confidence interval inverts the test for a constant effect. See docs/insights.md.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

NEVER = "never"
NOT_YET = "not_yet"
CONTROLS = (NEVER, NOT_YET)
# The base period: the mean of the last twelve months before a cohort's start (fewer where the
# panel begins later). One month (Callaway and Sant'Anna's g-1) carries that month's shock into
# every estimate; a year's mean also spans every season once.
BASE_MONTHS = 12

Adoption = tuple[int | None, ...]


@dataclass(frozen=True)
class Cell:
    """One ATT(g, t): its cohort's start ``g``, month ``t``, number of areas in the cohort and
    the weights (areas x months) that give it from the panel's shares."""

    g: int
    t: int
    size: int
    weights: np.ndarray

    @property
    def event_time(self) -> int:
        return self.t - self.g


@dataclass(frozen=True)
class Weights:
    """The estimator for one design as weights on the shares."""

    cells: tuple[Cell, ...]
    att: np.ndarray  # areas x months
    event_study: dict[int, np.ndarray]  # event time -> areas x months


def _check_adoption(adoption: Sequence[int | None], n_months: int) -> Adoption:
    adoption = tuple(adoption)
    for g in adoption:
        if g is not None and not 1 <= g < n_months:
            raise ValueError(
                "adoption: each start must be after the first month and within the panel"
            )
    if all(g is None for g in adoption):
        raise ValueError("adoption: no area is treated")
    return adoption


@lru_cache(maxsize=4096)
def _weights(adoption: Adoption, n_months: int, control: str, base_months: int) -> Weights:
    if control not in CONTROLS:
        raise ValueError(f"control: choose one of {', '.join(CONTROLS)}")
    if base_months < 1:
        raise ValueError("base_months: the base period needs at least one month")
    n_areas = len(adoption)
    starts = np.array([math.inf if g is None else g for g in adoption])
    cells: list[Cell] = []
    for g in sorted({g for g in adoption if g is not None}):
        cohort = starts == g
        base = np.arange(max(0, g - base_months), g)
        for t in range(n_months):
            # Never treated, or (not_yet) untreated both at t and in the base period.
            untreated = (starts > max(t, g - 1)) & ~cohort
            controls = np.isinf(starts) if control == NEVER else untreated
            if not controls.any():
                continue
            w = np.zeros((n_areas, n_months))
            w[cohort, t] += 1 / cohort.sum()
            w[np.ix_(cohort, base)] -= 1 / cohort.sum() / base.size
            w[controls, t] -= 1 / controls.sum()
            w[np.ix_(controls, base)] += 1 / controls.sum() / base.size
            cells.append(Cell(g=g, t=t, size=int(cohort.sum()), weights=w))
    post = [c for c in cells if c.t >= c.g]
    if not post:
        raise ValueError("adoption: no month after a start has a control area")
    att = sum(c.size * c.weights for c in post) / sum(c.size for c in post)
    event_study = {}
    for e in sorted({c.event_time for c in cells}):
        at_e = [c for c in cells if c.event_time == e]
        event_study[e] = sum(c.size * c.weights for c in at_e) / sum(c.size for c in at_e)
    for w in (att, *event_study.values()):
        w.setflags(write=False)
    return Weights(cells=tuple(cells), att=att, event_study=dict(sorted(event_study.items())))


def weights(
    adoption: Sequence[int | None],
    n_months: int,
    control: str = NEVER,
    base_months: int = BASE_MONTHS,
) -> Weights:
    return _weights(_check_adoption(adoption, n_months), n_months, control, base_months)


@dataclass(frozen=True)
class Estimate:
    att: float
    att_gt: dict[tuple[int, int], float]  # (g, t) -> ATT(g, t)
    event_study: dict[int, float]  # event time -> estimate


def _check_outcome(outcome: np.ndarray, adoption: Sequence[int | None]) -> np.ndarray:
    outcome = np.asarray(outcome, dtype=float)
    if outcome.ndim != 2 or outcome.shape[0] != len(adoption):
        raise ValueError("outcome: give one row of shares per area, one column per month")
    if not np.isfinite(outcome).all():
        raise ValueError("outcome: every area-month needs a share (a month without incidents?)")
    return outcome


def estimate(
    outcome: np.ndarray,
    adoption: Sequence[int | None],
    *,
    control: str = NEVER,
    base_months: int = BASE_MONTHS,
) -> Estimate:
    """The staggered-adoption DiD of ``outcome`` (areas x months, the share supporting police
    action) for areas starting at ``adoption`` (month index, or None for never)."""
    outcome = _check_outcome(outcome, adoption)
    w = weights(adoption, outcome.shape[1], control, base_months)
    return Estimate(
        att=float(np.sum(w.att * outcome)),
        att_gt={(c.g, c.t): float(np.sum(c.weights * outcome)) for c in w.cells},
        event_study={e: float(np.sum(m * outcome)) for e, m in w.event_study.items()},
    )


def assignments(
    adoption: Sequence[int | None], *, start_dates: Sequence[int] | None = None
) -> list[Adoption]:
    """Every assignment the randomisation test compares with: each choice of as many areas as
    were treated, given either the observed start dates in every order (the default) or, with
    ``start_dates``, any of those candidate months each. The observed assignment comes first."""
    adoption = tuple(adoption)
    observed = [g for g in adoption if g is not None]
    if start_dates is None:
        date_choices = set(itertools.permutations(observed))
    else:
        if not set(observed) <= set(start_dates):
            raise ValueError("start_dates: the observed start dates must be among the candidates")
        date_choices = set(itertools.product(sorted(set(start_dates)), repeat=len(observed)))
    result = {adoption}
    for areas in itertools.combinations(range(len(adoption)), len(observed)):
        for dates in date_choices:
            candidate: list[int | None] = [None] * len(adoption)
            for area, date in zip(areas, dates, strict=True):
                candidate[area] = date
            result.add(tuple(candidate))
    return [
        adoption,
        *sorted(result - {adoption}, key=lambda a: tuple(-1 if g is None else g for g in a)),
    ]


@dataclass(frozen=True)
class RandomisationTest:
    att: float
    p_value: float  # two-sided, share of assignments at least as extreme (observed included)
    assignments: int
    smallest_p: float  # 1 / assignments: the test's resolution
    alpha: float
    reject: bool
    # The constant effects the test does not reject at alpha (their hull, should they not be one
    # interval); (-inf, inf) when the smallest p-value is above alpha.
    interval: tuple[float, float]
    event_study: dict[int, float]
    event_study_p: dict[int, float]  # the same test for each event time (pre-trends)
    # One test of the year before the start: the root mean square of the event study over
    # months -12 to -1, against its value under every assignment (NaN when not run).
    pretrend_rms: float = math.nan
    pretrend_p: float = math.nan


def _stack(design: Sequence[Adoption], n_months: int, control: str, base: int, which):
    return np.stack([which(weights(a, n_months, control, base)) for a in design])


def _interval(stats: np.ndarray, moves: np.ndarray, alpha: float) -> tuple[float, float]:
    """The effects ``tau`` for which subtracting ``tau`` from the observed treated cells leaves
    a p-value above ``alpha``: the statistic of assignment ``a`` is then ``stats[a] - tau *
    moves[a]`` (``moves[0] == 1``). p(tau) changes only where two statistics are equal in
    size, at the roots of a quadratic per assignment: it is checked at and between them."""
    c0 = stats[0]
    roots = []
    for c, d in zip(stats[1:], moves[1:], strict=True):
        for sign in (1.0, -1.0):  # c - tau d = +-(c0 - tau)
            slope = d - sign
            if abs(slope) > 1e-12:
                roots.append((c - sign * c0) / slope)
    points = np.unique(np.array([*roots, c0]))
    gaps = np.diff(points)
    span = max(1.0, float(np.ptp(points)))
    probes = np.concatenate([points, points[:-1] + gaps / 2, [points[0] - span, points[-1] + span]])
    observed = np.abs(c0 - probes)
    others = np.abs(stats[:, None] - probes[None, :] * moves[:, None])
    p = (others >= observed[None, :] - 1e-12).mean(axis=0)
    kept = probes[p > alpha + 1e-12]
    if kept.size == 0:
        return (math.nan, math.nan)
    low = -math.inf if kept.min() == probes[-2] else float(kept.min())
    high = math.inf if kept.max() == probes[-1] else float(kept.max())
    return (low, high)


def randomisation_test(
    outcome: np.ndarray,
    adoption: Sequence[int | None],
    *,
    control: str = NEVER,
    base_months: int = BASE_MONTHS,
    start_dates: Sequence[int] | None = None,
    alpha: float = 0.05,
    pretrends: bool = True,
) -> RandomisationTest:
    """The estimate under the observed ``adoption`` against its value under every assignment
    (``assignments``); ``pretrends=False`` skips the test of each event time (simulations)."""
    outcome = _check_outcome(outcome, adoption)
    if not 0 < alpha < 1:
        raise ValueError("alpha: must be between 0 and 1")
    n_months = outcome.shape[1]
    design = assignments(_check_adoption(adoption, n_months), start_dates=start_dates)
    att_weights = _stack(design, n_months, control, base_months, lambda w: w.att)
    stats = np.tensordot(att_weights, outcome, axes=2)
    treated_cells = weights(adoption, n_months, control, base_months)  # the observed design
    indicator = np.zeros_like(outcome)
    for a, g in enumerate(adoption):
        if g is not None:
            indicator[a, g:] = 1.0
    moves = np.tensordot(att_weights, indicator, axes=2)
    p_value = float((np.abs(stats) >= abs(stats[0]) - 1e-12).mean())

    observed_events = treated_cells.event_study
    event_p: dict[int, float] = {}
    pretrend = (math.nan, math.nan)
    if pretrends:
        pretrend = _pretrend_test(outcome, design, control, base_months)
    for e in observed_events if pretrends else ():
        if not observed_events[e].any():  # the base month itself when the base is one month
            continue
        # Assignments whose cohorts never reach event time e leave it out.
        by_assignment = (weights(a, n_months, control, base_months).event_study for a in design)
        column = np.array([np.sum(w[e] * outcome) for w in by_assignment if e in w])
        event_p[e] = float((np.abs(column) >= abs(column[0]) - 1e-12).mean())
    return RandomisationTest(
        att=float(stats[0]),
        p_value=p_value,
        assignments=len(design),
        smallest_p=1 / len(design),
        alpha=alpha,
        reject=p_value <= alpha,
        interval=_interval(stats, moves, alpha),
        event_study={e: float(np.sum(m * outcome)) for e, m in observed_events.items()},
        event_study_p=event_p,
        pretrend_rms=pretrend[0],
        pretrend_p=pretrend[1],
    )


PRETREND_MONTHS = 12


def _pretrend_test(
    outcome: np.ndarray, design: Sequence[Adoption], control: str, base_months: int
) -> tuple[float, float]:
    n_months = outcome.shape[1]
    values = []
    for a in design:
        events = weights(a, n_months, control, base_months).event_study
        pre = [np.sum(events[e] * outcome) for e in range(-PRETREND_MONTHS, 0) if e in events]
        values.append(math.sqrt(np.mean(np.square(pre))) if pre else math.nan)
    column = np.array(values)
    if math.isnan(column[0]):
        return (math.nan, math.nan)
    column = column[np.isfinite(column)]
    return (float(column[0]), float((column >= column[0] - 1e-12).mean()))


# -- Simulation: coverage, false positives, minimum detectable effect ------------------------


@dataclass(frozen=True)
class SimulationResult:
    regions: int
    effect: float
    assignments: int
    smallest_p: float
    alpha: float
    coverage: float  # share of regions with a planted effect whose interval holds the true ATT
    false_positive_rate: float  # share of regions without an effect where the test rejects
    power: float  # share of regions with the planted effect where the test rejects
    mean_estimate: float
    mean_true_att: float
    mde: float  # smallest effect rejected in at least 80 % of regions (inf if none in the grid)
    power_curve: dict[float, float]


def _region(make_panel: Callable, seed: int, effect: float, options: dict):
    panel = make_panel(seed=seed, effect=effect)
    test = randomisation_test(panel.share, panel.adoption, pretrends=False, **options)
    truth = estimate(
        panel.true_effect,
        panel.adoption,
        control=options["control"],
        base_months=options["base_months"],
    ).att
    return test, truth


def minimum_detectable_effect(power_curve: dict[float, float], power: float = 0.8) -> float:
    """The smallest effect whose power reaches ``power``, interpolated linearly between the
    effects simulated (inf when none reaches it)."""
    effects = sorted(power_curve)
    for low, high in itertools.pairwise(effects):
        if power_curve[low] < power <= power_curve[high]:
            share = (power - power_curve[low]) / (power_curve[high] - power_curve[low])
            return low + share * (high - low)
    if effects and power_curve[effects[0]] >= power:
        return effects[0]
    return math.inf


def simulate(
    make_panel: Callable,
    *,
    regions: int = 200,
    effect: float = 0.05,
    mde_effects: Sequence[float] = (0.0, 0.02, 0.04, 0.06, 0.08, 0.10, 0.12),
    mde_regions: int | None = None,
    control: str = NEVER,
    base_months: int = BASE_MONTHS,
    start_dates: Sequence[int] | None = None,
    alpha: float = 0.05,
    first_seed: int = 0,
) -> SimulationResult:
    """Runs the test on ``regions`` seeded regions with the planted ``effect`` and without, and
    on ``mde_regions`` regions at each of ``mde_effects`` for the power curve.
    ``make_panel(seed=, effect=)`` returns a ``Panel``."""
    if regions < 1:
        raise ValueError("regions: simulate at least one region")
    options = {
        "control": control,
        "base_months": base_months,
        "start_dates": start_dates,
        "alpha": alpha,
    }
    seeds = range(first_seed, first_seed + regions)
    with_effect = [_region(make_panel, s, effect, options) for s in seeds]
    without = [_region(make_panel, s, 0.0, options) for s in seeds]
    covered = [t.interval[0] <= truth <= t.interval[1] for t, truth in with_effect]
    mde_seeds = range(first_seed, first_seed + (mde_regions or regions))
    curve = {}
    for size in mde_effects:
        if size == effect:
            curve[size] = float(np.mean([t.reject for t, _ in with_effect]))
        elif size == 0.0:
            curve[size] = float(np.mean([t.reject for t, _ in without]))
        else:
            curve[size] = float(
                np.mean([_region(make_panel, s, size, options)[0].reject for s in mde_seeds])
            )
    first = with_effect[0][0]
    return SimulationResult(
        regions=regions,
        effect=effect,
        assignments=first.assignments,
        smallest_p=first.smallest_p,
        alpha=alpha,
        coverage=float(np.mean(covered)),
        false_positive_rate=float(np.mean([t.reject for t, _ in without])),
        power=float(np.mean([t.reject for t, _ in with_effect])),
        mean_estimate=float(np.mean([t.att for t, _ in with_effect])),
        mean_true_att=float(np.mean([truth for _, truth in with_effect])),
        mde=minimum_detectable_effect(curve),
        power_curve=dict(sorted(curve.items())),
    )
