"""How long making releases takes: a year of monthly releases, then a revision of each month.

6 areas x 20 categories a month (counts drawn like MARAC figures: a few common categories, many
rare ones), published as three tables (by area, by category, by area and category). Each month
is released once (protected, stored), then late records and corrections come in for every
month and a revision of each is considered (published if its change is safe, else held back).
Prints the time per release and per revision against protecting the same tables once, without
storing anything, measured in the same run.

    python bench/statistics_releases.py [--seed S] [--smoke] [--database-url URL]

Runs against a throwaway SQLite database in a temporary folder (or the given database, inside
a transaction that is rolled back): whatever happens, nothing it made is left behind.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAME = "bench.releases"


class Rollback(Exception):
    """Raised to roll the bench's transaction back once it has measured."""


def configure(workdir: Path, database_url: str | None) -> None:
    os.environ["HARBOUR_MODE"] = "test"
    os.environ["HARBOUR_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def month_counts(rng, areas: int, categories: int, months: int):
    import numpy as np

    area_size = np.array([3.8, 1.2, 2.2, 1.4, 2.5, 1.0])[:areas]
    share = rng.dirichlet(np.full(categories, 0.6))
    mean = 20 * area_size[:, None] * share[None, :]
    return [rng.poisson(mean) for _ in range(months)]


def run(args) -> None:
    import numpy as np
    from django.db import transaction

    from harbour.statistics.periods import MONTH
    from harbour.statistics.protect import protect_table_set
    from harbour.statistics.registry import DimensionSpec, TableSetRegistry, TableSetSpec
    from harbour.statistics.releases import release_make, revision_consider
    from harbour.statistics.rules import SuppressionRules
    from harbour.statistics.tables import CountTable, Dimension, PublishedTable

    areas, categories, months = (2, 4, 2) if args.smoke else (6, 20, 12)
    rng = np.random.default_rng(args.seed)
    counts = month_counts(rng, areas, categories, months)
    area_keys = [f"A{i}" for i in range(areas)]
    category_keys = [f"C{i:02}" for i in range(categories)]
    start = datetime.date(2026, 1, 1)
    periods = [MONTH.containing(start)]
    while len(periods) < months:
        periods.append(periods[-1].next())
    current = {p.key: c.copy() for p, c in zip(periods, counts, strict=True)}

    def counts_for(period):
        table = current[period.key]
        return {
            (a, c): int(table[i, j])
            for i, a in enumerate(area_keys)
            for j, c in enumerate(category_keys)
        }

    tables = (
        PublishedTable("by_area", ("area",)),
        PublishedTable("by_category", ("category",)),
        PublishedTable("by_area_category", ("area", "category")),
    )
    rules = SuppressionRules()
    registry = TableSetRegistry()
    registry.register(
        TableSetSpec(
            name=NAME,
            title="Bench",
            dimensions=(
                DimensionSpec("area", "Area", [(k, k) for k in area_keys]),
                DimensionSpec("category", "Category", [(k, k) for k in category_keys]),
            ),
            tables=tables,
            counts=counts_for,
            rules=rules,
            period=MONTH,
            starts=lambda: start,
        )
    )
    dimensions = (Dimension("area", tuple(area_keys)), Dimension("category", tuple(category_keys)))

    # Baseline: protecting each month's tables once, nothing stored.
    baseline = []
    for table in counts:
        began = time.perf_counter()
        protect_table_set(CountTable(dimensions, table), tables=tables, rules=rules)
        baseline.append(time.perf_counter() - began)

    release_times, revision_times, outcomes, shares = [], [], [], []
    with transaction.atomic():
        try:
            for period in periods:
                moment = datetime.datetime.combine(
                    period.end + datetime.timedelta(days=1), datetime.time(6), datetime.UTC
                )
                began = time.perf_counter()
                release = release_make(name=NAME, period=period, registry=registry, now=moment)
                release_times.append(time.perf_counter() - began)
                shares.append(release.withheld_share)
            # A year on, late records and corrections in every month: in odd months a few here
            # and there (about one in twenty, so the change is small and the revision is held
            # back), in even months batches of five (a change safe to publish).
            later = datetime.datetime(2027, 2, 1, 6, tzinfo=datetime.UTC)
            for index, period in enumerate(periods):
                table = current[period.key]
                if index % 2:
                    table += rng.binomial(table + 1, 0.05)
                    i, j = rng.integers(areas), rng.integers(categories)
                    if table[i, j]:  # a record corrected from one category to another
                        table[i, j] -= 1
                        table[rng.integers(areas), rng.integers(categories)] += 1
                else:
                    table += 5 * rng.integers(0, 2, size=table.shape)
                began = time.perf_counter()
                outcome = revision_consider(
                    name=NAME, period=period, registry=registry, force=True, now=later
                )
                revision_times.append(time.perf_counter() - began)
                outcomes.append(outcome.status)
            raise Rollback
        except Rollback:
            pass
        finally:
            transaction.set_rollback(True)

    base = statistics.median(baseline)
    per_release = statistics.median(release_times)
    per_revision = statistics.median(revision_times)
    print(
        f"tables: {areas} areas x {categories} categories, by area, by category and both; "
        f"{months} monthly releases, then a revision of each"
    )
    print(f"baseline (protect the month's tables once):  {base * 1e3:8.1f} ms")
    print(
        f"per release (protect and store):           {per_release * 1e3:8.1f} ms"
        f"  ratio {per_release / base:6.1f}"
    )
    print(
        f"per revision (recount, protect, check the change with integer programmes, store): "
        f"{per_revision * 1e3:8.1f} ms  ratio {per_revision / base:6.1f}"
    )
    print(
        f"revisions published {outcomes.count('published')}, held back "
        f"{outcomes.count('held back')}, unchanged {outcomes.count('unchanged')}; "
        f"figures withheld per release {statistics.mean(shares):.0%} on average"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--smoke", action="store_true", help="a tiny, quick run")
    parser.add_argument("--database-url", help="a database to use instead of a throwaway one")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="harbour-bench-"))
    try:
        configure(workdir, args.database_url)
        run(args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
