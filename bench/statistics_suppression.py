"""How long disclosure control takes on a large published table.

A 6 areas x 20 categories x 40 quarters table (4,800 cells; 6,027 with every margin), counts
drawn like MARAC figures: a few common categories, many rare ones, so a good share of cells is
small. Prints the time to protect it and, as a yardstick measured in the same run, the time
numpy takes to sum the same table with all its margins.

    .venv/bin/python bench/statistics_suppression.py [--repeat N] [--seed S] [--smoke]

``--smoke`` protects a 3 x 4 x 5 table once: a check that the bench runs (bin/test).
"""

from __future__ import annotations

import argparse
import statistics
import time

import _support  # puts the repository on the import path
import numpy as np

from harbour.statistics.protect import protect_table, protect_table_set
from harbour.statistics.rules import SuppressionRules
from harbour.statistics.tables import CountTable, Dimension, PublishedTable, with_totals

AREAS, CATEGORIES, QUARTERS = 6, 20, 40


def make_counts(
    seed: int, areas: int = AREAS, categories: int = CATEGORIES, quarters: int = QUARTERS
) -> CountTable:
    rng = np.random.default_rng(seed)
    area_size = np.array([3.8, 1.2, 2.2, 1.4, 2.5, 1.0])[:areas]  # roughly the region's populations
    category_share = rng.dirichlet(np.full(categories, 0.6))  # a few common, many rare
    mean = 60 * area_size[:, None, None] * category_share[None, :, None]
    mean = np.broadcast_to(mean, (areas, categories, quarters))
    dimensions = (
        Dimension("area", tuple(f"A{i}" for i in range(areas))),
        Dimension("category", tuple(f"C{i:02}" for i in range(categories))),
        Dimension("quarter", tuple(f"Q{i:02}" for i in range(quarters))),
    )
    return CountTable(dimensions, rng.poisson(mean))


def timed(function, repeat: int) -> float:
    """Median wall time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024)
    _support.smoke_argument(parser)
    args = parser.parse_args()

    shape = (3, 4, 5) if args.smoke else (AREAS, CATEGORIES, QUARTERS)
    if args.smoke:
        args.repeat = 1
    counts = make_counts(args.seed, *shape)
    extended = with_totals(counts.counts)
    cases = {
        "under 5": SuppressionRules(),
        "ONS 10-5": SuppressionRules.ons_10_5(),
        "under 5, zeros too": SuppressionRules(suppress_zeros=True),
    }
    set_tables = [
        PublishedTable("by_area_quarter", ("area", "quarter")),
        PublishedTable("by_area_category", ("area", "category")),
        PublishedTable("by_category_quarter", ("category", "quarter")),
    ]

    baseline = timed(lambda: with_totals(counts.counts), args.repeat * 20)
    print(
        f"table: {' x '.join(map(str, shape))} = {counts.counts.size} cells, "
        f"{extended.size} with margins; grand total {extended.flat[-1]}"
    )
    print(f"baseline (numpy sum with all margins): {baseline * 1e3:8.3f} ms")
    for label, rules in cases.items():
        table = protect_table(counts, rules=rules)
        reasons = list(table.withheld_cells().values())
        seconds = timed(lambda rules=rules: protect_table(counts, rules=rules), args.repeat)
        print(
            f"protect_table, {label:<20} {seconds * 1e3:8.1f} ms  ratio {seconds / baseline:8.0f}"
            f"  primary {reasons.count('primary'):5}  secondary {reasons.count('secondary'):5}"
        )
        seconds = timed(
            lambda rules=rules: protect_table_set(counts, tables=set_tables, rules=rules),
            args.repeat,
        )
        print(
            f"protect_table_set (3 two-way tables) {seconds * 1e3:8.1f} ms  "
            f"ratio {seconds / baseline:8.0f}"
        )


if __name__ == "__main__":
    main()
