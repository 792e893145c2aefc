"""The Open Referral UK API against minimal Django views doing the same work, on 10,000 services.

Loads a synthetic directory (10,000 services across 200 organisations, with needs, areas, places
and opening times) into a database of its own, then times each endpoint beside a **minimal Django
view** that applies the same filters to the same models, counts them, takes the same page with
``.values()`` of the fields the endpoint returns, and returns ``json.dumps`` of it (for a nested
service: the same related rows, each with one ``.values()`` query). Both go through the whole
Django stack (middleware included) with Django's test client, and their requests are
interleaved, one of each in turn, so that anything else happening on the machine slows both
alike. The minimal view's answer is checked to hold the same records as the endpoint's.

For each endpoint it prints the median time of a request, the minimal view's, the ``ratio:`` of
the two (1.0: as fast as the minimal view; the goal is 0.5 or more for search and for a nested
service), and the endpoint's ``queries per page`` at two page sizes (the same: the number of
queries does not grow with the page).

    python bench/directory_api.py [--services N] [--seconds S] [--database-url URL]
    python bench/directory_api.py --smoke          # a tiny, quick run (figures not meaningful)

With no database URL it uses a SQLite file in a temporary folder. With a PostgreSQL URL it
creates a database of its own on that server (the URL's database is only used to connect) and
drops it at the end. Whatever happens, the temporary folder and the bench's database are removed.
The API's per-client throttle is switched off for the run (the bench measures the API, not the
limiter; every request comes from one address).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import types
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

API = "/api/openreferral"

# --- A database of the bench's own, removed at the end ------------------------------------------


@contextlib.contextmanager
def bench_database(database_url: str | None) -> Iterator[tuple[str, Path]]:
    """A fresh database URL and a work folder; both removed afterwards, even after a failure."""
    workdir = Path(tempfile.mkdtemp(prefix="harbour-bench-directory-"))
    created = None
    try:
        if database_url and database_url.startswith(("postgres://", "postgresql://")):
            created = f"harbour_bench_directory_{secrets.token_hex(4)}"
            _postgres(database_url, f'CREATE DATABASE "{created}"')
            parts = urlsplit(database_url)
            yield urlunsplit(parts._replace(path=f"/{created}")), workdir
        elif database_url:
            raise SystemExit("--database-url must be a PostgreSQL URL (SQLite needs none)")
        else:
            yield f"sqlite:///{workdir / 'bench.sqlite3'}", workdir
    finally:
        if created is not None:
            with contextlib.suppress(Exception):
                from django.db import connections

                connections.close_all()
            _postgres(database_url, f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)


def _postgres(database_url: str, statement: str) -> None:
    import psycopg

    server = urlunsplit(urlsplit(database_url)._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(statement)


# --- Django, with the minimal views beside the API ---------------------------------------------


def configure(database_url: str, workdir: Path) -> None:
    os.environ["HARBOUR_MODE"] = "test"
    os.environ["HARBOUR_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.urls import include, path

    urls = types.ModuleType("bench_directory_urls")
    urls.urlpatterns = [
        path("bench/bare", bare_view),
        path("bench/services", minimal_services),
        path("bench/services/<str:oruk_id>", minimal_service),
        path("bench/service_at_locations", minimal_service_at_locations),
        path("", include("harbour.urls")),
    ]
    sys.modules["bench_directory_urls"] = urls
    settings.ROOT_URLCONF = "bench_directory_urls"
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False

    from harbour.directory.api import PublicApiThrottle

    PublicApiThrottle.THROTTLE_RATES = {"public": None}


def _json(data):
    from django.http import HttpResponse

    return HttpResponse(json.dumps(data, default=str), content_type="application/json")


def bare_view(request):
    return _json({"version": "bench", "contents": [{"id": 1, "name": "x"}]})


def _filtered(request):
    """The same filters as the API's, read from the query without its checks."""
    from harbour.directory.models import Service, TaxonomyTerm
    from harbour.directory.queries import filter_by_area, filter_by_terms, filter_by_text
    from harbour.regions.models import LocalAuthority

    services = Service.objects.all()
    term = request.GET.get("taxonomy_term_id")
    if term:
        services = filter_by_terms(services, TaxonomyTerm.objects.filter(oruk_id=term))
    area = request.GET.get("local_authority")
    if area:
        services = filter_by_area(services, LocalAuthority.objects.get(gss_code=area))
    words = request.GET.get("search", "")
    if words:
        services = filter_by_text(services, words)
    return services


def _page(request, items, fields):
    per_page = int(request.GET.get("per_page", 50))
    page = int(request.GET.get("page", 1))
    start = (page - 1) * per_page
    return {
        "total_items": items.count(),
        "contents": list(items[start : start + per_page].values(*fields)),
    }


def minimal_services(request):
    from harbour.directory.oruk import SERVICE_COLUMNS  # the fields the endpoint returns

    return _json(_page(request, _filtered(request).order_by("name", "pk"), SERVICE_COLUMNS))


def minimal_service_at_locations(request):
    from harbour.directory.models import ServiceAtLocation
    from harbour.directory.oruk import LOCATION_FIELDS, SERVICE_COLUMNS

    items = ServiceAtLocation.objects.filter(service__in=_filtered(request)).order_by(
        "service__name", "pk"
    )
    fields = (
        "oruk_id",
        *(f"location__{field}" for field in LOCATION_FIELDS),
        *(f"service__{field}" for field in SERVICE_COLUMNS),
    )
    return _json(_page(request, items, fields))


def minimal_service(request, oruk_id):
    """A nested service: the service and organisation, then each kind of related row."""
    from harbour.directory.models import Schedule, Service, ServiceAtLocation, TaxonomyTerm
    from harbour.directory.oruk import (
        LOCATION_COLUMNS,
        NESTED_COLUMNS,
        SERVICE_COLUMNS,
        TERM_COLUMNS,
    )
    from harbour.directory.taxonomy import ACCESS, ELIGIBILITY

    service = (
        Service.objects.filter(oruk_id=oruk_id)
        .values(*SERVICE_COLUMNS, *NESTED_COLUMNS)  # NESTED_COLUMNS holds "pk"
        .get()
    )
    pk = service.pop("pk")
    service["needs"] = list(TaxonomyTerm.objects.filter(services=pk).values(*TERM_COLUMNS))
    service["standard_terms"] = list(
        TaxonomyTerm.objects.filter(taxonomy__code__in=[ELIGIBILITY, ACCESS]).values(*TERM_COLUMNS)
    )
    service["areas"] = list(
        Service.areas.through.objects.filter(service_id=pk).values(
            "localauthority__name", "localauthority__gss_code"
        )
    )
    service["schedules"] = list(
        Schedule.objects.filter(service_id=pk)
        .order_by("id")
        .values("oruk_id", "byday", "opens_at", "closes_at", "description")
    )
    service["places"] = list(
        ServiceAtLocation.objects.filter(service_id=pk)
        .order_by("location__name", "id")
        .values("oruk_id", *(f"location__{field}" for field in LOCATION_COLUMNS))
    )
    return _json(service)


# --- The directory -----------------------------------------------------------------------------


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
    organisations_count = max(2, min(200, count // 50))
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Organisation {n}", description=f"Synthetic organisation {n}.")
            for n in range(organisations_count)
        )
        locations = Location.objects.bulk_create(
            Location(
                organisation=organisations[n % organisations_count],
                name=f"Centre {n}",
                address_1=f"{n} Imaginary Street",
                city="Liverpool",
                state_province="Merseyside",
                postal_code="L1 9ZZ",
                local_authority=areas[n % len(areas)],
                accessibility=["step-free"],
            )
            for n in range(2 * organisations_count)
        )
        services = Service.objects.bulk_create(
            Service(
                organisation=organisations[n % organisations_count],
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
            ServiceAtLocation(service=s, location=locations[i % (2 * organisations_count)])
            for i, s in enumerate(services)
            if locations[i % (2 * organisations_count)].organisation_id == s.organisation_id
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
    from django.db import connection

    with connection.cursor() as cursor:  # statistics for the planner, as a live database has
        cursor.execute("ANALYZE")
    return [str(s.oruk_id) for s in services]


# --- Measuring ---------------------------------------------------------------------------------


def queries_of(client, url: str) -> int:
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200, url
    return len(queries)


def same_records(api: dict, minimal: dict) -> bool:
    """The minimal view's answer holds the records the endpoint's does."""
    if "contents" not in api:
        return api["id"] == str(minimal["oruk_id"])
    return api["total_items"] == minimal["total_items"] and [
        item["id"] for item in api["contents"]
    ] == [str(item["oruk_id"]) for item in minimal["contents"]]


def interleaved(
    client, pairs: list[tuple[str, str]], seconds: float, *, check: bool = True
) -> tuple[float, float]:
    """Median milliseconds of an endpoint's request and of its minimal view's, taken in turn."""
    for api_url, minimal_url in pairs[:3]:  # warm up, and check both answer alike
        api, minimal = client.get(api_url), client.get(minimal_url)
        assert api.status_code == 200 and minimal.status_code == 200, api_url
        assert not check or same_records(api.json(), minimal.json()), api_url
    api_times, minimal_times = [], []
    deadline = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < deadline or n < 6:
        api_url, minimal_url = pairs[n % len(pairs)]
        order = [(api_url, api_times), (minimal_url, minimal_times)]
        for url, times in order if n % 2 == 0 else reversed(order):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, url
        n += 1
    return 1000 * statistics.median(api_times), 1000 * statistics.median(minimal_times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=8.0, help="time for each endpoint")
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server to use")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--smoke", action="store_true", help="a tiny, quick run")
    args = parser.parse_args()
    if args.smoke:
        args.services, args.seconds = 200, 0.3

    with bench_database(args.database_url) as (database_url, workdir):
        configure(database_url, workdir)
        run(args)


def run(args) -> None:
    from django.db import connection
    from django.test import Client

    from harbour.directory.taxonomy import NEEDS, term_uuid

    started = time.perf_counter()
    ids = load_directory(args.services, args.seed)
    loaded = time.perf_counter() - started
    rng = random.Random(args.seed)
    client = Client()

    def by_need_and_area(base: str, per_page: int) -> list[str]:
        return [
            f"{base}?taxonomy_term_id={term_uuid(NEEDS, code)}&local_authority={gss}"
            f"&per_page={per_page}"
            for code in ("domestic-abuse", "stalking", "harmful-practices")
            for gss in ("E08000012", "E06000006")
        ]

    def by_words(base: str, per_page: int) -> list[str]:
        return [f"{base}?search={w}&per_page={per_page}" for w in ("refuge", "clinic advice")]

    detail_ids = rng.sample(ids, min(200, len(ids)))
    cases = {
        "search by need and area (50 a page)": (
            lambda n: by_need_and_area(f"{API}/services", n),
            lambda n: by_need_and_area("/bench/services", n),
        ),
        "search by words (50 a page)": (
            lambda n: by_words(f"{API}/services", n),
            lambda n: by_words("/bench/services", n),
        ),
        "services at locations by need and area": (
            lambda n: by_need_and_area(f"{API}/service_at_locations", n),
            lambda n: by_need_and_area("/bench/service_at_locations", n),
        ),
        "fully nested service": (
            lambda n: [f"{API}/services/{i}" for i in detail_ids],
            lambda n: [f"/bench/services/{i}" for i in detail_ids],
        ),
    }
    bare = interleaved(
        client, [("/bench/bare", "/bench/bare")], min(args.seconds, 2.0), check=False
    )[0]
    print(
        f"Directory of {args.services:,} services loaded in {loaded:.1f} s ({connection.vendor}); "
        f"about {args.seconds:g} s for each endpoint, its requests interleaved with its minimal "
        f"view's. A bare Django view takes {bare:.2f} ms."
    )
    for name, (api_urls, minimal_urls) in cases.items():
        api_ms, minimal_ms = interleaved(
            client, list(zip(api_urls(50), minimal_urls(50), strict=True)), args.seconds
        )
        small, large = queries_of(client, api_urls(5)[0]), queries_of(client, api_urls(50)[0])
        minimal_queries = queries_of(client, minimal_urls(50)[0])
        print(
            f"{name}: {api_ms:.2f} ms, minimal view {minimal_ms:.2f} ms, "
            f"ratio: {minimal_ms / api_ms:.2f}; queries per page: {large} "
            f"(at 5 a page: {small}; minimal view: {minimal_queries})"
        )


if __name__ == "__main__":
    main()
