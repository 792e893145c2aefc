"""Finding her again at the scale of a region: name search and the duplicate check over a
million people on PostgreSQL, with how often the right person is found and what it costs.

Loads N people from the synthetic population (``harbour.demo.population``; encrypted like real
records, with their keyed hashes) into a database of its own, by bulk copy, with a police
force involved with 70 % of them, then runs labelled queries, each for a person on file typed
as someone might (the variation lists are the generator's, kept apart from the matcher's own
tables), or for a new person:

- name search by an officer of the force (``people_search_for_user``), by name only or with a
  date of birth; the true person is always one the force may read. A changed family name is
  only searched for with a date of birth;
- the duplicate check (``person_duplicate_check``) with a date of birth, a phone number or an
  email address beside the name, for people on file (whoever's) and for new people.

It prints ``recall:`` (the true person among at most 10 candidates), precision at 10, records
decrypted per search, and the median and 95th percentile of each kind of search, each as a
``ratio:`` to a primary-key read that loads and decrypts one person through the ORM, timed in
the same run, interleaved (and beside a bare SQL primary-key select).

    python bench/people_search.py                    # 1,000,000 people, 2,000 queries
    python bench/people_search.py --people 100000 --queries 500
    python bench/people_search.py --smoke            # a tiny quick run (2,000 people)

The database (``harbour_search_bench`` on the local PostgreSQL, ``--database-url`` to change
it) is created for the run and dropped at the end, even when the run fails; with ``--keep`` it
is kept, and a later run with ``--reuse`` measures again on the people already loaded (after
a change to the search, say) without loading a million people again.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import sys
import time
from collections import Counter, defaultdict
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FORCE_SHARE = 0.7  # of people the force is involved with
SHOWN = 10  # candidates looked at for recall
AREAS = {
    "Liverpool": "E08000012",
    "Knowsley": "E08000011",
    "Sefton": "E08000014",
    "St Helens": "E08000013",
    "Wirral": "E08000015",
    "Halton": "E06000006",
}
# How often each variation is asked for, where it applies to the person.
VARIATION_WEIGHTS = {
    "exact": 30,
    "slip": 20,
    "swapped": 10,
    "nickname": 10,
    "spelling": 8,
    "previous_name": 7,
    "other_script": 5,
    "hyphen_part": 5,
    "changed_name": 5,
}


def readable(index: int) -> bool:
    """Whether the force is involved with person ``index`` (a fixed 70 %)."""
    return (index * 2_654_435_761) % 1000 < FORCE_SHARE * 1000


# Loading ----------------------------------------------------------------------------------------

_STATE: dict = {}


def _init_worker(seed: int, areas: dict[str, int]) -> None:
    import django

    django.setup()
    from harbour.demo.population import Population

    _STATE["population"] = Population(seed=seed)
    _STATE["areas"] = areas


def person_row(index: int):
    """One person: encrypted columns and keyed hashes, and her name (for counting namesakes)."""
    from harbour.core.crypto import encrypt_text
    from harbour.people.matching import Identity, identity_keys

    person = _STATE["population"].person(index)
    identity = Identity.build(
        given_name=person.given_name,
        family_name=person.family_name,
        other_names=person.other_names,
        date_of_birth=person.date_of_birth,
        phone=person.phone,
        email=person.email,
    )
    encrypted = {
        "given_name": encrypt_text(person.given_name),
        "family_name": encrypt_text(person.family_name),
        "other_names": encrypt_text(json.dumps(list(person.other_names))),
        "date_of_birth": encrypt_text(person.date_of_birth.isoformat()),
        "phone": encrypt_text(person.phone),
        "email": encrypt_text(person.email),
        "local_authority_id": _STATE["areas"][person.area],
    }
    keys = [(k.kind, k.digest) for k in identity_keys(identity)]
    return index, encrypted, keys, identity.names[0]


def load(*, people: int, seed: int, workers: int, force, officer) -> Counter:
    """Bulk-load the people, their keys and the force's involvement; returns how many people
    the force may read have each (normalised) full name."""
    from django.db import connection
    from django.utils import timezone

    from harbour.core.crypto import encrypt_text
    from harbour.core.ids import new_public_id
    from harbour.demo.bulk import indexes_drop
    from harbour.people.models import Involvement, MatchKey, Person
    from harbour.regions.models import LocalAuthority

    areas = {
        name: LocalAuthority.objects.get_or_create(gss_code=code, defaults={"name": name})[0].pk
        for name, code in AREAS.items()
    }
    person_table, key_table = Person._meta.db_table, MatchKey._meta.db_table
    involvement_table = Involvement._meta.db_table
    print(f"Loading {people:,} synthetic people (encrypting and hashing)...", flush=True)
    started = time.perf_counter()
    dropped = [
        *indexes_drop(key_table),
        *indexes_drop(person_table),
        *indexes_drop(involvement_table),
    ]
    fields = [f for f in Person._meta.concrete_fields if f.column != "id"]
    constant: dict[str, object] = {}
    empty_text, empty_list = encrypt_text(""), encrypt_text("[]")
    for field in fields:
        if getattr(field, "encrypted", False):
            constant[field.column] = empty_list if field.default is list else empty_text
    now = timezone.now()
    constant.update(
        {
            "interpreter_needed": False,
            "is_restricted": False,
            "works_for_partner_agency": False,
            "created_at": now,
            "updated_at": now,
            "created_by_id": officer.pk,
            "created_by_agency_id": force.pk,
            "children_in_household": None,
            "safe_contact_updated_at": None,
        }
    )
    produced = {"public_id", "given_name", "family_name", "other_names", "date_of_birth", "phone"}
    produced |= {"email", "local_authority_id"}
    for field in fields:  # columns added later start empty (or at their default)
        if field.column not in constant and field.column not in produced:
            constant[field.column] = None if field.null else field.get_default()
    columns = ["id", *[f.column for f in fields]]
    involvement_columns = [
        "public_id", "person_id", "agency_id", "kind", "source_type", "source_id", "note",
        "started_at", "started_by_id", "end_reason",
    ]  # fmt: skip
    raw = connection.connection
    namesakes: Counter = Counter()
    buckets: Counter = Counter()  # entries of each name-pair bucket
    in_bucket: Counter = Counter()  # entries of each (bucket, full name)
    batch = 10_000
    with Pool(workers, initializer=_init_worker, initargs=(seed, areas)) as pool:
        rows = pool.imap(person_row, range(people), chunksize=500)
        done = 0
        while done < people:
            chunk = [next(rows) for _ in range(min(batch, people - done))]
            with raw.cursor() as cursor:
                with cursor.copy(f"COPY {person_table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for index, encrypted, _keys, _name in chunk:
                        values = {**constant, **encrypted, "public_id": new_public_id()}
                        copy.write_row([index + 1, *[values[c] for c in columns[1:]]])
                with cursor.copy(f"COPY {key_table} (person_id, kind, digest) FROM STDIN") as copy:
                    for index, _encrypted, keys, name in chunk:
                        for kind, digest in keys:
                            copy.write_row((index + 1, kind, digest))
                            if kind == "name_pair":
                                buckets[digest] += 1
                                in_bucket[(digest, name)] += 1
                with cursor.copy(
                    f"COPY {involvement_table} ({', '.join(involvement_columns)}) FROM STDIN"
                ) as copy:
                    for index, _encrypted, _keys, name in chunk:
                        if readable(index):
                            namesakes[name] += 1
                            copy.write_row(
                                (new_public_id(), index + 1, force.pk, "recorded", "", "", "",
                                 now, officer.pk, "")
                            )  # fmt: skip
            raw.commit()
            done += len(chunk)
            if done % 100_000 == 0 or done == people:
                print(f"  {done:,} people ({time.perf_counter() - started:.0f} s)", flush=True)
    print("Rebuilding indexes and statistics...", flush=True)
    with connection.cursor() as cursor:
        for statement in dropped:
            cursor.execute(statement)
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{person_table}', 'id'), {people})")
        for table in (person_table, key_table, involvement_table):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"Loaded in {time.perf_counter() - started:.0f} s.", flush=True)
    leakage_report(buckets, in_bucket)
    return namesakes


def count_namesakes(*, people: int, seed: int) -> Counter:
    """What ``load`` counts, for people already loaded: how many people the force may read have
    each (normalised) full name."""
    from harbour.demo.population import Population
    from harbour.people.matching import Identity

    population = Population(seed=seed)
    namesakes: Counter = Counter()
    for index in range(people):
        if readable(index):
            person = population.person(index)
            identity = Identity.build(given_name=person.given_name, family_name=person.family_name)
            namesakes[identity.names[0]] += 1
    return namesakes


def leakage_report(buckets: Counter, in_bucket: Counter) -> None:
    """What the sizes of the name-pair buckets could tell someone holding the database: how
    full the buckets are, and how much of a bucket its commonest full name holds."""
    top_name: dict[str, int] = {}
    names_in: Counter = Counter()
    for (digest, _name), count in in_bucket.items():
        top_name[digest] = max(top_name.get(digest, 0), count)
        names_in[digest] += 1
    sizes = sorted(buckets.values())
    largest = sorted(buckets, key=buckets.get, reverse=True)[:100]
    shares = sorted(top_name[d] / buckets[d] for d in buckets)
    print(
        f"Name-pair buckets: {len(buckets):,} in use; entries per bucket median "
        f"{statistics.median(sizes):.0f}, 99th percentile {_quantile(sizes, 99):.0f}, "
        f"largest {sizes[-1]:,}; full names per bucket median "
        f"{statistics.median(names_in.values()):.0f}"
    )
    print(
        f"  share of a bucket held by its commonest full name: median "
        f"{statistics.median(shares):.2f}; in the 100 largest buckets median "
        f"{statistics.median(top_name[d] / buckets[d] for d in largest):.2f}"
    )


# Queries ----------------------------------------------------------------------------------------


def plan_queries(*, people: int, queries: int, seed: int, namesakes: Counter) -> list[dict]:
    """Labelled queries: kind, variation, what is typed, and the true person (or none)."""
    from harbour.demo.population import Population
    from harbour.people.matching import Identity

    population = Population(seed=seed)
    rng = random.Random(seed + 1)
    plan = []
    while len(plan) < queries:
        roll = rng.random()
        if roll < 0.1:  # a new person, not on file: drawn like everyone else
            person = population.person(people + rng.randrange(10**6))
            typed = population.variation(person, "exact", rng).with_details(
                person, date_of_birth=True
            )
            plan.append({"kind": "check", "variation": "new person", "typed": typed, "pk": None})
            continue
        index = rng.randrange(people)
        person = population.person(index)
        name_search = roll < 0.55
        if name_search and not readable(index):
            continue
        kinds = population.variations_for(person)
        with_dob = not name_search or rng.random() < 0.3
        if name_search and not with_dob:
            kinds = [k for k in kinds if k != "changed_name"]  # needs a second detail
        variation = rng.choices(kinds, [VARIATION_WEIGHTS[k] for k in kinds])[0]
        typed = population.variation(person, variation, rng)
        if typed is None:
            continue
        if name_search:
            typed = typed.with_details(person, date_of_birth=with_dob)
            kind = "name search with date of birth" if with_dob else "name search"
            exact = Identity.build(given_name=person.given_name, family_name=person.family_name)
            ambiguous = not with_dob and namesakes[exact.names[0]] > SHOWN
        else:
            detail = rng.choices(("date_of_birth", "phone", "email"), (70, 15, 15))[0]
            if variation == "changed_name":
                typed = typed.with_details(person, date_of_birth=True, phone=True)
            else:
                typed = typed.with_details(person, **{detail: True})
            kind, ambiguous = "check", False
        plan.append(
            {
                "kind": kind,
                "variation": variation,
                "typed": typed,
                "pk": index + 1,
                "ambiguous": ambiguous,
            }
        )
    return plan


def measure(*, plan: list[dict], people: int, force, seed: int) -> None:
    from django.db import connection

    from harbour.accounts.models import User
    from harbour.accounts.roles import Role
    from harbour.people.models import Person
    from harbour.people.queries import people_search_for_user
    from harbour.people.services import person_duplicate_check

    run = int(time.time())
    officers = [
        User.objects.create(
            username=f"bench.{run}.{n}",
            agency=force,
            role=Role.POLICE_OFFICER,
            email=f"bench.{n}@example.org",
        )
        for n in range(len(plan) // 10 + 5)
    ]
    turn = iter(range(10**9))
    rng = random.Random(seed + 2)

    def run_query(item):
        typed = item["typed"]
        user = officers[next(turn) % len(officers)]
        if item["kind"] == "check":
            result = person_duplicate_check(
                user=user,
                given_name=typed.given_name,
                family_name=typed.family_name,
                date_of_birth=typed.date_of_birth,
                phone=typed.phone,
                email=typed.email,
            )
            return _resolve(result.candidates), result.decrypted, False
        found = people_search_for_user(
            user=user,
            given_name=typed.given_name,
            family_name=typed.family_name,
            date_of_birth=typed.date_of_birth,
            limit=SHOWN,
        )
        return [s.public_id for s in found.results], found.decrypted, found.too_many

    def orm_pk(pk: int) -> None:
        Person.objects.get(pk=pk)  # every encrypted field decrypted

    def sql_pk(pk: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM people_person WHERE id = %s", [pk])
            cursor.fetchone()

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_accesslogentry")
    for item in plan[:30]:  # warm up caches and connections
        run_query(item)
        orm_pk(rng.randrange(1, people + 1))
        sql_pk(rng.randrange(1, people + 1))

    public_ids = dict(
        Person.objects.filter(pk__in=[i["pk"] for i in plan if i["pk"]]).values_list(
            "pk", "public_id"
        )
    )
    times: dict[str, list[float]] = defaultdict(list)
    decrypted: dict[str, list[int]] = defaultdict(list)
    outcome: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    precision: dict[str, list[float]] = defaultdict(list)
    ambiguous_missed = too_many = offered_new = new_people = 0
    hits_all = total_all = 0
    for item in plan:
        pk = rng.randrange(1, people + 1)
        t0 = time.perf_counter()
        orm_pk(pk)
        t1 = time.perf_counter()
        shown, read, limited = run_query(item)
        t2 = time.perf_counter()
        sql_pk(pk)
        t3 = time.perf_counter()
        label = "duplicate check" if item["kind"] == "check" else "name search"
        times["primary-key read (ORM, decrypted)"].append(t1 - t0)
        times["primary-key select (SQL)"].append(t3 - t2)
        times[label].append(t2 - t1)
        decrypted[label].append(read)
        too_many += limited
        if item["pk"] is None:
            new_people += 1
            offered_new += bool(shown)
            continue
        hit = public_ids[item["pk"]] in shown[:SHOWN]
        hits_all += hit
        total_all += 1
        if item.get("ambiguous") and not hit:
            ambiguous_missed += 1
            continue
        outcome[(item["kind"], item["variation"])][0] += hit
        outcome[(item["kind"], item["variation"])][1] += 1
        if shown:
            precision[label].append(hit / min(len(shown), SHOWN))
    report(
        times=times,
        decrypted=decrypted,
        outcome=outcome,
        precision=precision,
        people=people,
        queries=len(plan),
        extra={
            "ambiguous_missed": ambiguous_missed,
            "too_many": too_many,
            "offered_new": offered_new,
            "new_people": new_people,
            "hits_all": hits_all,
            "total_all": total_all,
        },
    )


def _resolve(candidates) -> list[str]:
    """Public ids of the duplicate check's candidates (the bench opens the opaque tokens)."""
    from harbour.core.crypto import decrypt_text
    from harbour.people.models import Person

    pks = [json.loads(decrypt_text(c.ref))["p"] for c in candidates]
    found = dict(Person.objects.filter(pk__in=pks).values_list("pk", "public_id"))
    return [found[pk] for pk in pks]


def _quantile(values: list[float], q: int) -> float:
    if q == 50:
        return statistics.median(values)
    return statistics.quantiles(values, n=100)[q - 1]


def report(*, times, decrypted, outcome, precision, people, queries, extra) -> None:
    base_median = _quantile(times["primary-key read (ORM, decrypted)"], 50)
    base_95 = _quantile(times["primary-key read (ORM, decrypted)"], 95)
    print()
    print(f"People on file: {people:,}; queries: {queries:,} (a police force may read 70 %)")
    print()
    print(f"{'':36}{'median':>10}{'95th pct':>10}")
    for label in (
        "name search",
        "duplicate check",
        "primary-key read (ORM, decrypted)",
        "primary-key select (SQL)",
    ):
        median, p95 = _quantile(times[label], 50) * 1000, _quantile(times[label], 95) * 1000
        print(f"{label:36}{median:>8.2f}ms{p95:>8.2f}ms")
    print()
    for label in ("name search", "duplicate check"):
        median = _quantile(times[label], 50)
        p95 = _quantile(times[label], 95)
        sql = _quantile(times["primary-key select (SQL)"], 50)
        print(
            f"{label}: median ratio: {median / base_median:.1f} to the primary-key read "
            f"(goal: at most 10), 95th percentile ratio: {p95 / base_95:.1f}; "
            f"median {median / sql:.0f}x a bare SQL select"
        )
    print()
    for label in ("name search", "duplicate check"):
        values = sorted(decrypted[label])
        print(
            f"rows decrypted per {label}: median {statistics.median(values):.0f}, "
            f"95th percentile {_quantile(values, 95):.0f}, mean {statistics.mean(values):.1f}"
        )
    print()
    hits = sum(h for h, _ in outcome.values())
    total = sum(t for _, t in outcome.values())
    print(
        f"recall: {hits / total:.3f} ({hits}/{total}: the true person among at most {SHOWN} "
        f"candidates; goal 0.99)"
    )
    print(
        f"  counting also name-only searches for a name more than {SHOWN} people the force "
        f"may read share exactly: {extra['hits_all'] / extra['total_all']:.3f} "
        f"({extra['ambiguous_missed']} such searches missed her)"
    )
    for label, values in precision.items():
        print(f"precision at {SHOWN}, {label}: {statistics.mean(values):.3f}")
    print(
        f"new people offered a candidate by the duplicate check: {extra['offered_new']}/"
        f"{extra['new_people']}; name searches that asked for more detail: {extra['too_many']}"
    )
    print()
    print(f"{'kind':34}{'variation':16}{'found':>12}")
    for (kind, variation), (hit, count) in sorted(outcome.items()):
        print(f"{kind:34}{variation:16}{hit:>6}/{count:<5} {hit / count:.3f}")


# Running ----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--smoke", action="store_true", help="2,000 people and 100 queries")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/harbour_search_bench"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database at the end (for --reuse)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="measure on the people a --keep run left loaded"
    )
    args = parser.parse_args()
    if args.smoke:
        args.people, args.queries = 2_000, 100

    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("HARBOUR_MODE", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")
    if not args.reuse:
        _create_database(args.database_url)
    # Stopped from outside (Ctrl+C, kill): unwind, so the database is dropped all the same.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        run(args)
    finally:
        if args.keep:
            print(f"Kept the database {_admin_url(args.database_url)[1]} (measure again: --reuse).")
        else:
            _drop_database(args.database_url)


def run(args) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from harbour.accounts.models import Agency, User
    from harbour.accounts.roles import AgencyKind, Role
    from harbour.people.models import Person

    if args.reuse:
        force = Agency.objects.get(name="Bench Police")
        loaded = Person.objects.count()
        if loaded != args.people:
            raise SystemExit(f"--reuse: the database holds {loaded:,} people, not {args.people:,}")
        namesakes = count_namesakes(people=args.people, seed=args.seed)
    else:
        force = Agency.objects.create(name="Bench Police", kind=AgencyKind.POLICE)
        loader = User.objects.create(
            username="bench.loader", agency=force, role=Role.POLICE_OFFICER, email="b@example.org"
        )
        namesakes = load(
            people=args.people, seed=args.seed, workers=args.workers, force=force, officer=loader
        )
    plan = plan_queries(
        people=args.people, queries=args.queries, seed=args.seed, namesakes=namesakes
    )
    measure(plan=plan, people=args.people, force=force, seed=args.seed)


def _admin_url(url: str) -> tuple[str, str]:
    base, name = url.rsplit("/", 1)
    return f"{base}/postgres", name


def _create_database(url: str) -> None:
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _drop_database(url: str) -> None:
    import psycopg

    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # noqa: S110 (Django may not have started: nothing to close)
        pass
    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"Dropped the database {name}.")


if __name__ == "__main__":
    main()
