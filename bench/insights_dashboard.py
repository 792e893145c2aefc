"""The region dashboard at size: making a quarter's release from the summary tables, beside a
raw GROUP BY over the incidents in the same run, and what keeping the summaries adds to
recording an incident.

For each size (10 k, 100 k and 1 M incidents by default; ``--sizes 10000000`` when asked) it
loads a synthetic region of that many incidents into a fresh database (``harbour.demo.region``:
people, incidents, risk assessments, referrals, MARAC cases and follow-ups over four years in
the six areas, by PostgreSQL ``COPY``, then one recount of the summaries), and prints the load
time and:

- the time to make the release of the last complete quarter (``release_make``: counts from the
  summary table, protection, storage; rolled back after each try), and the time of
  ``SELECT local_authority, quarter, kind, count(*) ... GROUP BY 1, 2, 3`` over the incidents
  table (the recount), and their ratio (goal at 10 M: at most 3 x);
- the time to record an incident (``Incident.objects.create``) with the summaries kept, beside
  the same with their signals disconnected, and the ratio (goal: at most 1.5 x).

    python bench/insights_dashboard.py --database-url postgres://postgres@127.0.0.1:5432/x \
        [--sizes 10000,100000,1000000] [--seed S]
    python bench/insights_dashboard.py --smoke

The database named by ``--database-url`` (with ``_<size>`` added, one per size) must not
exist: the bench makes each (copies of one migrated template) and drops them afterwards.
Without one (and in a smoke run without HARBOUR_BENCH_POSTGRES_URL) it uses throwaway SQLite
files, whose figures say little about PostgreSQL.
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
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _support import (
    postgres_database_create,
    postgres_database_drop,
    postgres_database_exists,
    smoke_argument,
    smoke_postgres_url,
)


class Rollback(Exception):
    """Raised to roll a measured release back."""


def configure(workdir: Path) -> None:
    os.environ["HARBOUR_MODE"] = "test"
    os.environ["HARBOUR_VAR_DIR"] = str(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def use_database(name: str, *, migrate: bool) -> None:
    """Point Django's connection at database ``name`` (a path for SQLite); migrate it when
    asked (the others are copies of one migrated already)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name
    if migrate:
        call_command("migrate", verbosity=0)


def best(function, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


class Recorder:
    """Records incidents as the incident pages do (one ``create`` each, in a transaction)."""

    def __init__(self, seed: int) -> None:
        from harbour.accounts.models import User
        from harbour.people.models import Person  # noqa: TID251 (primary keys of synthetic people)
        from harbour.regions.models import LocalAuthority

        self.rng = random.Random(seed)
        self.officer = User.objects.get(username="synthetic.police")
        self.areas = list(LocalAuthority.objects.order_by("pk"))
        self.victims = list(Person.objects.order_by("pk").values_list("pk", flat=True)[:1000])

    def incident(self):
        from django.utils import timezone

        from harbour.incidents.choices import IncidentKind, Support, YesNoNotKnown
        from harbour.incidents.models import Incident

        moment = timezone.now() - datetime.timedelta(minutes=self.rng.randrange(60 * 24 * 90))
        return Incident.objects.create(
            kind=IncidentKind.POLICE,
            victim_id=self.rng.choice(self.victims),
            recorded_by_agency_id=self.officer.agency_id,
            recorded_by=self.officer,
            occurred_at=moment,
            visited_at=moment + datetime.timedelta(hours=1),
            supports_action=Support.YES,
            local_authority=self.rng.choice(self.areas),
            victim_aged_16_or_over=YesNoNotKnown.YES,
            children_present=YesNoNotKnown.NO,
            children_in_household=YesNoNotKnown.NO,
        )


def release_time() -> float:
    from django.db import transaction

    from harbour.insights.published_tables import INCIDENTS
    from harbour.statistics.periods import QUARTER
    from harbour.statistics.releases import release_make

    period = QUARTER.containing(datetime.date(2026, 1, 1))  # the region's last whole quarter

    def make() -> None:
        try:
            with transaction.atomic():
                release_make(name=INCIDENTS, period=period)
                raise Rollback
        except Rollback:
            pass

    return best(make)


def recording_times(recorder: Recorder, count: int) -> tuple[float, float]:
    """Mean seconds per incident recorded, with the summaries kept and without."""
    from django.db import transaction
    from django.db.models.signals import post_delete, post_save, pre_save

    from harbour.incidents.models import Incident
    from harbour.insights import summaries

    def record() -> float:
        started = time.perf_counter()
        for _ in range(count):
            with transaction.atomic():
                recorder.incident()
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


def run(args, database: Callable[[str], str]) -> None:
    from django.db import connection

    from harbour.demo.region import RegionSpec
    from harbour.demo.region_load import region_load
    from harbour.insights.summaries import incidents_recount

    sizes = [500, 1000] if args.smoke else [int(s) for s in args.sizes.split(",")]
    print(
        f"{'incidents':>10} {'load (s)':>9} {'release (s)':>12} {'GROUP BY (s)':>13} {'ratio':>6}"
    )
    use_database(database("template"), migrate=True)
    for size in sizes:
        use_database(database(str(size)), migrate=False)
        method = "copy" if connection.vendor == "postgresql" else "orm"
        report = region_load(RegionSpec(incidents=size, seed=args.seed), method=method)
        loaded = report.rows["incident"]
        release = release_time()
        raw = best(incidents_recount)
        print(
            f"{loaded:>10} {report.seconds:>9.0f} {release:>12.4f} {raw:>13.4f} "
            f"{release / raw:>6.2f}",
            flush=True,
        )
    kept, plain = recording_times(Recorder(args.seed), 20 if args.smoke else 200)
    print(f"database: {connection.vendor}; loaded by {method}")
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
    os.environ["DATABASE_URL"] = url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    made: list[str] = []

    def database(label: str) -> str:
        """A new database for ``label``: the template, or a copy of it (one size at a time)."""
        from django.db import connections

        connections.close_all()
        if url is None:
            path = workdir / f"bench_{label}.sqlite3"
            if label != "template":
                shutil.copyfile(workdir / "bench_template.sqlite3", path)
            return str(path)
        sized = f"{url}_{label}"
        if len(made) > 1:  # keep the template; drop the last size's before the next
            postgres_database_drop(made.pop())
        if postgres_database_exists(sized):
            raise SystemExit(f"The database in {sized} exists already: name one that does not.")
        postgres_database_create(sized, template=made[0].rsplit("/", 1)[1] if made else None)
        made.append(sized)
        return sized.rsplit("/", 1)[1]

    try:
        configure(workdir)
        run(args, database)
    finally:
        for sized in reversed(made):
            postgres_database_drop(sized)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
