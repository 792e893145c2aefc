"""The region dashboard at size: making a quarter's release from the summary tables, beside a
raw GROUP BY over the incidents in the same run, and what keeping the summaries adds to
recording an incident.

For each size (10 k, 100 k and 1 M incidents by default; ``--sizes 10000000`` when asked) it
loads synthetic incidents over two years in six areas (bulk inserts, then one recount of the
summaries), and prints:

- the time to make the release of the last complete quarter (``release_make``: counts from the
  summary table, protection, storage; rolled back after each try), and the time of
  ``SELECT local_authority, quarter, kind, count(*) ... GROUP BY 1, 2, 3`` over the incidents
  table (the recount), and their ratio (goal at 10 M: at most 3 x);
- the time to record an incident (``Incident.objects.create``) with the summaries kept, beside
  the same with their signals disconnected, and the ratio (goal: at most 1.5 x).

    python bench/insights_dashboard.py --database-url postgres://postgres@127.0.0.1:5432/x \
        [--sizes 10000,100000,1000000] [--seed S]
    python bench/insights_dashboard.py --smoke

The database named by ``--database-url`` must not exist: the bench makes it and drops it
afterwards. Without one (and in a smoke run without HARBOUR_BENCH_POSTGRES_URL) it uses a
throwaway SQLite file, whose figures say little about PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _support import fresh_postgres_database, smoke_argument, smoke_postgres_url

START = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
AREAS = [
    ("E08000011", "Knowsley", 1.2),
    ("E08000012", "Liverpool", 3.8),
    ("E06000006", "Halton", 1.0),
    ("E08000013", "St Helens", 1.4),
    ("E08000014", "Sefton", 2.2),
    ("E06000007", "Warrington", 1.6),
]


class Rollback(Exception):
    """Raised to roll a measured release back."""


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


def best(function, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


class Region:
    def __init__(self, seed: int) -> None:
        from harbour.accounts.factories import UserFactory
        from harbour.accounts.roles import Role
        from harbour.people.factories import person_make
        from harbour.regions.models import LocalAuthority

        self.rng = random.Random(seed)
        self.areas = [
            LocalAuthority.objects.get_or_create(gss_code=code, defaults={"name": name})[0]
            for code, name, _size in AREAS
        ]
        self.weights = [size for _code, _name, size in AREAS]
        self.officer = UserFactory(role=Role.POLICE_OFFICER)
        self.victim = person_make(by=self.officer, local_authority=self.areas[0])
        self.loaded = 0

    def incident(self, *, save: bool):
        from harbour.incidents.choices import IncidentKind, Support, YesNoNotKnown
        from harbour.incidents.models import Incident

        rng = self.rng
        # Two years, more in winter months (a seasonal pattern, as recorded abuse has).
        while True:
            moment = START + datetime.timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
            if rng.random() < (1.2 if moment.month in (12, 1, 6, 7) else 0.9) / 1.2:
                break
        police = rng.random() < 0.7
        values = {
            "kind": IncidentKind.POLICE if police else IncidentKind.DISCLOSURE,
            "victim": self.victim,
            "recorded_by_agency": self.officer.agency,
            "recorded_by": self.officer,
            "occurred_at": moment,
            "visited_at": moment + datetime.timedelta(hours=1) if police else None,
            "supports_action": Support.YES if police else "",
            "local_authority": rng.choices(self.areas, self.weights)[0],
            "victim_aged_16_or_over": YesNoNotKnown.YES,
            "children_present": YesNoNotKnown.NO,
            "children_in_household": YesNoNotKnown.NO,
        }
        return Incident.objects.create(**values) if save else Incident(**values)

    def load_to(self, size: int) -> None:
        """Bulk-insert incidents (no signals) up to ``size``, then recount the summaries."""
        from harbour.incidents.models import Incident
        from harbour.insights.summaries import summaries_rebuild

        while self.loaded < size:
            batch = min(5000, size - self.loaded)
            Incident.objects.bulk_create(
                [self.incident(save=False) for _ in range(batch)], batch_size=batch
            )
            self.loaded += batch
        summaries_rebuild()


def release_time() -> float:
    from django.db import transaction

    from harbour.insights.published_tables import INCIDENTS
    from harbour.statistics.periods import QUARTER
    from harbour.statistics.releases import release_make

    period = QUARTER.containing(datetime.date(2025, 10, 1))

    def make() -> None:
        try:
            with transaction.atomic():
                release_make(name=INCIDENTS, period=period)
                raise Rollback
        except Rollback:
            pass

    return best(make)


def recording_times(region: Region, count: int) -> tuple[float, float]:
    """Mean seconds per incident recorded, with the summaries kept and without."""
    from django.db import transaction
    from django.db.models.signals import post_delete, post_save, pre_save

    from harbour.incidents.models import Incident
    from harbour.insights import summaries

    def record() -> float:
        started = time.perf_counter()
        for _ in range(count):
            with transaction.atomic():
                region.incident(save=True)
        return (time.perf_counter() - started) / count

    with_summaries, without = [], []
    for _ in range(3):  # alternated, so drift on a shared machine falls on both
        with_summaries.append(record())
        pre_save.disconnect(sender=Incident, dispatch_uid="insights-incident-before")
        post_save.disconnect(sender=Incident, dispatch_uid="insights-incident-after")
        post_delete.disconnect(sender=Incident, dispatch_uid="insights-incident-delete")
        try:
            without.append(record())
        finally:
            summaries.connect()
    return statistics.median(with_summaries), statistics.median(without)


def run(args) -> None:
    from django.db import connection

    from harbour.insights.summaries import incidents_recount

    sizes = [200, 1000] if args.smoke else [int(s) for s in args.sizes.split(",")]
    region = Region(args.seed)
    print(f"database: {connection.vendor}")
    print(f"{'incidents':>10} {'release (s)':>12} {'GROUP BY (s)':>13} {'ratio':>6}")
    for size in sizes:
        region.load_to(size)
        release = release_time()
        raw = best(incidents_recount)
        print(f"{size:>10} {release:>12.4f} {raw:>13.4f} {release / raw:>6.2f}")
    kept, plain = recording_times(region, 20 if args.smoke else 200)
    print(
        f"recording an incident: {kept * 1000:.2f} ms with the summaries kept, "
        f"{plain * 1000:.2f} ms without ({kept / plain:.2f} x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    smoke_argument(parser)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument(
        "--database-url", help="a PostgreSQL database to make, use and drop (must not exist)"
    )
    args = parser.parse_args()
    url = args.database_url or (smoke_postgres_url("insights_dashboard") if args.smoke else None)
    workdir = Path(tempfile.mkdtemp(prefix="harbour-bench-"))
    try:
        with fresh_postgres_database(url) if url else nullcontext():
            configure(workdir, url)
            run(args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
