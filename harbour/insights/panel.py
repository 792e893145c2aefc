"""A synthetic area x month panel for evaluating the 24-hour pilot, reproducible from a seed.

The outcome is the police's own record, taken at a fixed time after the first visit, of whether
she supports police action, on every domestic-abuse incident in every area (decision 0019: not
the IDVA's record, which exists only in pilot areas). A cell of the panel is one area in one
month: its number of incidents and how many of them have "supports police action" on the
police's record, so the share is a proportion with its count behind it::

    from harbour.insights.panel import PanelSpec, generate

    spec = PanelSpec(effect=0.04)  # plant a 4-point rise from each area's start date
    panel = generate(spec, seed=7)  # the same panel for the same spec and seed
    panel.share  # areas x months
    panel.adoption  # month index each area's scheme started, or None

What makes it realistic enough to test an estimator on:

- **area effects**: each area's own level of support (normal, ``area_sd``), and a number of
  incidents in proportion to its population (``DEFAULT_AREAS``: the six areas of the reference
  region and their 2021 Census population, from ``harbour/regions/data/population.csv``);
- **seasonality and trend** common to the region (parallel trends hold by construction, so a
  correct estimator is unbiased), and seasonal incident counts (more in summer and December);
- **serial correlation**: an AR(1) shock on each area's share (``ar_rho``, ``ar_sd``), and the
  binomial noise of a share of a finite count;
- **staggered adoption**: the follow-up scheme starts in chosen areas at different months;
- **a plantable effect** (``effect``, in share points) that may **vary by area**
  (``effect_by_area`` multiplies it per area).

``noise=False`` drops the AR(1) shocks and the binomial draw (the supported count is then the
expected one, not a whole number): only area effects, the common season and trend and the
planted effect remain, so a difference-in-differences recovers the effect exactly.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import harbour.regions

# The reference region's areas and populations (2021 Census, rounded), the file the demo loads.
POPULATION_FILE = Path(harbour.regions.__file__).resolve().parent / "data" / "population.csv"


def _reference_areas() -> tuple[tuple[str, int], ...]:
    with POPULATION_FILE.open(newline="", encoding="utf-8") as file:
        return tuple(
            (row["local_authority"], int(row["population_all_ages"]))
            for row in csv.DictReader(file)
        )


DEFAULT_AREAS = _reference_areas()

# Police-recorded domestic-abuse incidents per 1,000 residents a year (the order of England's
# published rate); only the size of the counts matters here.
INCIDENTS_PER_1000_A_YEAR = 25.0

# The pilot as in the demo (docs/followups.md): two areas of six, Knowsley first and St Helens
# nine months later, within a four-year panel.
DEFAULT_ADOPTION: Mapping[str, int] = {"Knowsley": 24, "St Helens": 33}


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + (day.month - 1) + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class PanelSpec:
    areas: tuple[tuple[str, int], ...] = DEFAULT_AREAS
    months: int = 48
    first_month: datetime.date = datetime.date(2022, 4, 1)
    adoption: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_ADOPTION))
    effect: float = 0.0
    effect_by_area: Mapping[str, float] = field(default_factory=dict)
    baseline: float = 0.45
    area_sd: float = 0.05
    seasonal_amplitude: float = 0.02
    trend_per_year: float = 0.01
    ar_rho: float = 0.6
    ar_sd: float = 0.015
    incidents_per_1000_a_year: float = INCIDENTS_PER_1000_A_YEAR
    noise: bool = True

    def __post_init__(self) -> None:
        names = [name for name, _ in self.areas]
        if len(set(names)) != len(names) or not names:
            raise ValueError("areas: give at least one area, each name once")
        if self.months < 2:
            raise ValueError("months: a panel needs at least two months")
        for name, start in self.adoption.items():
            if name not in names:
                raise ValueError(f"adoption: {name!r} is not one of the areas")
            if not 1 <= start < self.months:
                raise ValueError(
                    f"adoption: {name!r} must start after the first month and within the panel"
                )
        for name in self.effect_by_area:
            if name not in names:
                raise ValueError(f"effect_by_area: {name!r} is not one of the areas")
        if not 0 <= self.ar_rho < 1:
            raise ValueError("ar_rho: must be at least 0 and below 1")
        if not 0 < self.baseline < 1:
            raise ValueError("baseline: must be a share between 0 and 1")


@dataclass(frozen=True)
class Panel:
    areas: tuple[str, ...]
    months: tuple[datetime.date, ...]
    incidents: np.ndarray  # areas x months, whole numbers
    supported: np.ndarray  # areas x months; whole numbers unless noise=False
    adoption: tuple[int | None, ...]  # month index of each area's start, None if never
    true_effect: np.ndarray  # areas x months: the planted effect in each cell (0 if untreated)

    @property
    def share(self) -> np.ndarray:
        return self.supported / self.incidents

    @property
    def treated(self) -> np.ndarray:
        """Areas x months, True where the area's scheme had started."""
        months = np.arange(len(self.months))
        starts = np.array([np.inf if g is None else g for g in self.adoption])
        return months[None, :] >= starts[:, None]

    def rows(self) -> Iterator[dict]:
        for a, area in enumerate(self.areas):
            for t, month in enumerate(self.months):
                yield {
                    "area": area,
                    "month": month,
                    "incidents": int(self.incidents[a, t]),
                    "supported": float(self.supported[a, t]),
                    "share": float(self.supported[a, t] / self.incidents[a, t]),
                    "scheme_started": bool(self.treated[a, t]),
                }


def generate(spec: PanelSpec, *, seed: int) -> Panel:
    """The panel for ``spec``, the same for the same seed. Draws are made in a fixed order
    (area effects, counts, shocks, binomial) so that two specs differing only in the planted
    effect share their area effects, counts and shocks (common random numbers)."""
    rng = np.random.default_rng(seed)
    names = tuple(name for name, _ in spec.areas)
    population = np.array([people for _, people in spec.areas], dtype=float)
    n_areas, n_months = len(names), spec.months
    months = tuple(_add_months(spec.first_month, t) for t in range(n_months))
    calendar_month = np.array([m.month for m in months])

    area_effect = rng.normal(0.0, spec.area_sd, n_areas)
    # Incidents: more in summer and at Christmas, in proportion to population.
    count_season = 1 + 0.08 * np.cos(2 * np.pi * (calendar_month - 7) / 12)
    count_season += 0.05 * (calendar_month == 12)
    expected = (
        population[:, None] * spec.incidents_per_1000_a_year / 1000 / 12 * count_season[None, :]
    )
    incidents = rng.poisson(expected) if spec.noise else np.rint(expected)
    incidents = np.maximum(incidents, 1).astype(np.int64)

    shocks = rng.normal(0.0, spec.ar_sd, (n_areas, n_months))
    ar = np.zeros((n_areas, n_months))
    if spec.noise:
        ar[:, 0] = shocks[:, 0] / np.sqrt(1 - spec.ar_rho**2)  # start in the stationary law
        for t in range(1, n_months):
            ar[:, t] = spec.ar_rho * ar[:, t - 1] + shocks[:, t]

    adoption = tuple(spec.adoption.get(name) for name in names)
    starts = np.array([np.inf if g is None else g for g in adoption])
    treated = np.arange(n_months)[None, :] >= starts[:, None]
    multiplier = np.array([spec.effect_by_area.get(name, 1.0) for name in names])
    true_effect = np.where(treated, spec.effect * multiplier[:, None], 0.0)

    season = spec.seasonal_amplitude * np.sin(2 * np.pi * (calendar_month - 1) / 12)
    trend = spec.trend_per_year * np.arange(n_months) / 12
    probability = (
        spec.baseline + area_effect[:, None] + (season + trend)[None, :] + ar + true_effect
    )
    if spec.noise:
        probability = np.clip(probability, 0.001, 0.999)
        supported = rng.binomial(incidents, probability).astype(float)
    else:
        if probability.min() <= 0 or probability.max() >= 1:
            raise ValueError("effect: the shares would leave 0 to 1; plant a smaller effect")
        supported = probability * incidents
    return Panel(
        areas=names,
        months=months,
        incidents=incidents,
        supported=supported,
        adoption=adoption,
        true_effect=true_effect,
    )
