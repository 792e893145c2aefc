"""How well the 24-hour pilot's evaluation works: a simulation over seeded synthetic regions.

Each region is a six-area x 48-month panel (harbour/insights/panel.py) with the scheme starting
in Knowsley (month 24) and St Helens (month 33). On every region, with the planted effect and
without, the staggered-adoption DiD is tested by randomisation inference
(harbour/insights/evaluation.py). Prints the test's resolution (its smallest p-value), the
coverage of the planted effect by the inverted test's interval, the false-positive rate, the power
curve and the minimum detectable effect at 80 % power, and one region's event study.

    .venv/bin/python bench/insights_evaluation.py [--regions 200] [--effect 0.06]
        [--control never|not_yet] [--base-months 12] [--start-dates 18,21,24,27,30,33] [--smoke]

``--smoke`` simulates 5 regions: a check that the bench runs (bin/test). No database.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

import _support  # puts the repository on the import path

from harbour.insights.evaluation import (
    BASE_MONTHS,
    CONTROLS,
    NEVER,
    randomisation_test,
    simulate,
)
from harbour.insights.panel import PanelSpec, generate


def _pairs(text: str, kind) -> dict:
    pairs = (item.rsplit(":", 1) for item in text.split(",") if item)
    return {name.strip(): kind(value) for name, value in pairs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regions", type=int, default=200, help="seeded regions (default 200)")
    parser.add_argument("--mde-regions", type=int, default=None, help="regions per power point")
    parser.add_argument("--effect", type=float, default=0.06, help="planted effect (share)")
    parser.add_argument("--control", choices=CONTROLS, default=NEVER)
    parser.add_argument(
        "--base-months", type=int, default=BASE_MONTHS, help="months before the start as base"
    )
    parser.add_argument(
        "--start-dates",
        default="",
        help="candidate start months for the test (comma-separated); default: the observed "
        "dates in either order",
    )
    parser.add_argument(
        "--pilot",
        default="Knowsley:24,St Helens:33",
        help="the pilot areas and their start months (default Knowsley:24,St Helens:33)",
    )
    parser.add_argument(
        "--vary", default="", help="the effect's multiplier in some areas, e.g. 'St Helens:0.5'"
    )
    parser.add_argument("--alpha", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=0, help="first region's seed")
    _support.smoke_argument(parser)
    args = parser.parse_args()
    regions = 5 if args.smoke else args.regions
    mde_regions = 5 if args.smoke else (args.mde_regions or regions)
    start_dates = tuple(int(m) for m in args.start_dates.split(",")) if args.start_dates else None
    spec = PanelSpec(adoption=_pairs(args.pilot, int), effect_by_area=_pairs(args.vary, float))

    def make_panel(*, seed: int, effect: float):
        return generate(replace(spec, effect=effect), seed=seed)

    example = make_panel(seed=args.seed, effect=args.effect)
    test = randomisation_test(
        example.share,
        example.adoption,
        control=args.control,
        base_months=args.base_months,
        start_dates=start_dates,
        alpha=args.alpha,
    )
    print(f"Design: {', '.join(f'{a} from month {m}' for a, m in spec.adoption.items())}")
    if spec.effect_by_area:
        print(f"        effect multiplied by {dict(spec.effect_by_area)}")
    print(
        f"        of {len(spec.areas)} areas, {spec.months} months, control: {args.control}, "
        f"base: {args.base_months} months before the start"
    )
    print(
        f"Randomisation test: {test.assignments} assignments, smallest attainable p-value "
        f"{test.smallest_p:.4f} (alpha {args.alpha})"
    )
    print(
        f"One region (seed {args.seed}, planted {args.effect:+.3f}): ATT {test.att:+.4f}, "
        f"p {test.p_value:.3f}, interval [{test.interval[0]:+.4f}, {test.interval[1]:+.4f}]"
    )
    print(
        f"  pre-trends over the year before the start: root mean square "
        f"{test.pretrend_rms:.4f}, p {test.pretrend_p:.3f}"
    )
    print("  event study (months from start: estimate, p):")
    for e in range(-6, 7):
        if e in test.event_study:
            p = test.event_study_p.get(e)
            shown = "(base)" if p is None else f"p {p:.3f}"
            print(f"    {e:+3d}: {test.event_study[e]:+.4f}  {shown}")

    started = time.perf_counter()
    result = simulate(
        make_panel,
        regions=regions,
        effect=args.effect,
        mde_effects=(0.0, 0.02, 0.04, 0.06, 0.08, 0.10, 0.12, 0.14),
        mde_regions=mde_regions,
        control=args.control,
        base_months=args.base_months,
        start_dates=start_dates,
        alpha=args.alpha,
        first_seed=args.seed,
    )
    elapsed = time.perf_counter() - started
    print(f"Simulation over {result.regions} regions ({elapsed:.1f} s):")
    print(
        f"  planted effect {result.effect:+.3f}: mean estimate {result.mean_estimate:+.4f} "
        f"(true ATT {result.mean_true_att:+.4f})"
    )
    print(f"  coverage of the planted effect: {result.coverage:.1%} (nominal {1 - args.alpha:.0%})")
    print(
        f"  false-positive rate without an effect: {result.false_positive_rate:.1%} "
        f"(level {args.alpha:.0%})"
    )
    print(f"  power at the planted effect: {result.power:.1%}")
    print(f"  power curve ({mde_regions} regions a point):")
    for size, power in result.power_curve.items():
        print(f"    {size:+.3f}: {power:.1%}")
    mde = "not reached in the grid" if result.mde == float("inf") else f"{result.mde:.3f}"
    print(f"  minimum detectable effect at 80 % power (a share): {mde}")


if __name__ == "__main__":
    main()
