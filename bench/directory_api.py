"""Throughput of the Open Referral UK API on a directory of 10,000 services.

Loads a synthetic directory (10,000 services across 200 organisations, with needs, areas, places
and opening times) into a fresh database, then times requests through the whole Django stack
(middleware included) with Django's test client:

- a bare Django view returning a small JSON document: the yardstick, measured in the same run;
- a search: /services filtered by need and local authority, 50 a page;
- a word search: /services?search=...;
- a fully nested service: /services/{id}, for random services.

Prints requests per second and each as a ratio of the bare view's, and the queries each
request takes (a fixed number, whatever the size of the directory).

    .venv/bin/python bench/directory_api.py [--services N] [--seconds S] [--database-url URL]

With no database URL it uses a SQLite file in a temporary folder, removed afterwards. A
PostgreSQL URL names a database that must not exist yet: the bench creates it and drops it
afterwards. The API's per-client throttle is switched off for the run. ``--smoke`` loads 40
services and measures briefly, on SQLite and then on PostgreSQL when HARBOUR_BENCH_POSTGRES_URL
names a server (see bench/_support.py).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

import _support

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(database_url: str | None, workdir: Path) -> None:
    os.environ["HARBOUR_MODE"] = "test"
    os.environ["HARBOUR_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.http import JsonResponse
    from django.urls import include, path

    def bare(request):
        return JsonResponse({"version": "bench", "contents": [{"id": 1, "name": "x"}]})

    urls = types.ModuleType("bench_directory_urls")
    urls.urlpatterns = [path("bench/bare", bare), path("", include("harbour.urls"))]
    sys.modules["bench_directory_urls"] = urls
    settings.ROOT_URLCONF = "bench_directory_urls"
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False

    from harbour.directory.api import PublicApiThrottle

    PublicApiThrottle.THROTTLE_RATES = {"public": None}  # measure the API, not the limiter


def load_directory(count: int, seed: int) -> list[str]:
    from django.core.management import call_command
    from django.db import transaction

    from harbour.directory.models import (
        Location,
        Organisation,
        Schedule,
        Service,
        ServiceAtLocation,
    )
    from harbour.directory.queries import need_terms
    from harbour.regions.demo import POPULATION_FILE
    from harbour.regions.models import LocalAuthority
    from harbour.regions.services import areas_load_from_csv

    call_command("migrate", verbosity=0)
    areas_load_from_csv(path_or_file=POPULATION_FILE)
    rng = random.Random(seed)
    areas = list(LocalAuthority.objects.all())
    terms = list(need_terms())
    words = ["advice", "outreach", "helpline", "support", "advocacy", "group", "clinic", "refuge"]
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Organisation {n}", description=f"Synthetic organisation {n}.")
            for n in range(200)
        )
        locations = Location.objects.bulk_create(
            Location(
                organisation=organisations[n % 200],
                name=f"Centre {n}",
                address_1=f"{n} Imaginary Street",
                city="Liverpool",
                state_province="Merseyside",
                postal_code="L1 9ZZ",
                local_authority=areas[n % len(areas)],
                accessibility=["step-free"],
            )
            for n in range(400)
        )
        services = Service.objects.bulk_create(
            Service(
                organisation=organisations[n % 200],
                name=f"Service {n} {rng.choice(words)}",
                description=f"Synthetic {rng.choice(words)} and {rng.choice(words)} service.",
                phone=f"0151 496 0{n % 1000:03d}",
                email=f"service{n}@example.org",
                minimum_age=rng.choice([None, 11, 16, 18]),
                languages=["en", "pl"],
            )
            for n in range(count)
        )
        needs_through = Service.needs.through
        areas_through = Service.areas.through
        needs_through.objects.bulk_create(
            needs_through(service_id=s.pk, taxonomyterm_id=t.pk)
            for s in services
            for t in rng.sample(terms, rng.randint(1, 2))
        )
        areas_through.objects.bulk_create(
            areas_through(service_id=s.pk, localauthority_id=a.pk)
            for s in services
            for a in rng.sample(areas, rng.randint(1, 3))
        )
        ServiceAtLocation.objects.bulk_create(
            ServiceAtLocation(service=s, location=locations[(i % 200) + 200 * (i % 2)])
            for i, s in enumerate(services)
            if locations[(i % 200) + 200 * (i % 2)].organisation_id == s.organisation_id
        )
        Schedule.objects.bulk_create(
            Schedule(
                service=s,
                byday="MO,TU,WE,TH,FR",
                opens_at=datetime.time(9),
                closes_at=datetime.time(17),
            )
            for s in services
        )
    return [str(s.oruk_id) for s in services]


def throughput(client, urls, seconds: float) -> tuple[float, int]:
    """Requests per second over about ``seconds``, cycling through ``urls``; and queries each."""
    from django.db import connection

    for url in urls[:3]:  # warm up
        assert client.get(url).status_code == 200, url
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(urls[0])
    rates = []
    for _ in range(3):
        done, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds / 3:
            response = client.get(urls[done % len(urls)])
            assert response.status_code == 200
            done += 1
        rates.append(done / (time.perf_counter() - start))
    return statistics.median(rates), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=6.0, help="time for each measurement")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed", type=int, default=2026)
    _support.smoke_argument(parser)
    args = parser.parse_args()
    if args.smoke:
        args.services, args.seconds = 40, 0.3

    workdir = Path(tempfile.mkdtemp(prefix="harbour-bench-"))
    try:
        if (args.database_url or "").startswith("postgres"):
            with _support.fresh_postgres_database(args.database_url):
                run(args, workdir)
        else:
            run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.smoke and not args.database_url:
        # PostgreSQL in a process of its own: Django is set up once per process.
        url = _support.smoke_postgres_url("harbour_bench_directory_smoke")
        if url:
            command = [sys.executable, __file__, "--smoke", "--database-url", url]
            subprocess.run(command, check=True)  # noqa: S603 - this script, again


def run(args: argparse.Namespace, workdir: Path) -> None:
    configure(args.database_url, workdir)
    from django.db import connection
    from django.test import Client

    from harbour.directory.taxonomy import NEEDS, term_uuid

    started = time.perf_counter()
    ids = load_directory(args.services, args.seed)
    loaded = time.perf_counter() - started
    rng = random.Random(args.seed)
    client = Client()
    api = "/api/openreferral"
    cases = {
        "bare Django view": ["/bench/bare"],
        "search by need and area (50 a page)": [
            f"{api}/services?taxonomy_term_id={term_uuid(NEEDS, code)}"
            f"&local_authority={gss}&per_page=50"
            for code in ("domestic-abuse", "stalking", "harmful-practices")
            for gss in ("E08000012", "E06000006")
        ],
        "search by words (50 a page)": [
            f"{api}/services?search={word}&per_page=50" for word in ("refuge", "clinic advice")
        ],
        "fully nested service": [
            f"{api}/services/{i}" for i in rng.sample(ids, min(200, len(ids)))
        ],
    }
    print(
        f"Directory of {args.services:,} services loaded in {loaded:.1f} s "
        f"({connection.vendor}); {args.seconds:g} s a measurement."
    )
    results = {name: throughput(client, urls, args.seconds) for name, urls in cases.items()}
    bare = results["bare Django view"][0]
    print(f"{'request':<40}{'per second':>12}{'ratio to bare':>16}{'queries':>10}")
    for name, (rate, queries) in results.items():
        print(f"{name:<40}{rate:>12.0f}{rate / bare:>16.2f}{queries:>10}")


if __name__ == "__main__":
    main()
