"""How long the duplicate check on create takes with a million people on PostgreSQL.

Generates N synthetic person records (encrypted like real ones, with their keyed hashes) in a
database of their own, then times ``person_duplicate_check`` over a realistic mix of checks:

- a new person (not on file) with a name drawn like everyone else's: most checks;
- a person on file, typed exactly;
- a person on file, typed with a slip: a misspelt name, or day and month swapped.

Names follow a realistic spread: the commonest surnames of England and Wales at about their
real shares (Smith about 1.3 %), and a long tail of rare ones. The yardstick, measured in the
same run and interleaved with the checks, is a plain indexed primary-key look-up of a person
(the ORM reading one row, decrypting it). Also shown against a bare SQL primary-key select.

    .venv/bin/python bench/people_duplicate_check.py               # 1,000,000 people, 2,000 checks
    .venv/bin/python bench/people_duplicate_check.py --people 100000 --checks 500
    .venv/bin/python bench/people_duplicate_check.py --regenerate  # generate the rows again
    .venv/bin/python bench/people_duplicate_check.py --smoke       # a tiny run (bin/test)

Uses the database ``harbour_bench`` on the local PostgreSQL (``--database-url`` to change it);
generating a million rows takes a few minutes, and later runs reuse them. Loading drops the
tables' indexes and builds them again afterwards; the statements that rebuild them are written to
the database first, so a run that fails or is killed puts them back (at once, or at the start of
the next run) and no later run times full scans. ``--smoke`` uses 300 people and 20 checks in a
database of its own on the server in HARBOUR_BENCH_POSTGRES_URL, dropped afterwards.
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
from multiprocessing import Pool
from pathlib import Path

import _support

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Common surnames of England and Wales with their approximate shares (per cent).
COMMON_SURNAMES = {
    "Smith": 1.26, "Jones": 0.75, "Williams": 0.61, "Taylor": 0.5, "Brown": 0.5,
    "Davies": 0.48, "Evans": 0.37, "Wilson": 0.34, "Thomas": 0.34, "Johnson": 0.33,
    "Roberts": 0.32, "Robinson": 0.27, "Thompson": 0.27, "Wright": 0.27, "Walker": 0.26,
    "White": 0.25, "Edwards": 0.25, "Hughes": 0.24, "Green": 0.24, "Hall": 0.24,
    "Lewis": 0.23, "Harris": 0.23, "Clarke": 0.22, "Patel": 0.22, "Jackson": 0.21,
    "Wood": 0.2, "Turner": 0.2, "Martin": 0.2, "Cooper": 0.19, "Hill": 0.19,
    "Ward": 0.18, "Morris": 0.18, "Moore": 0.18, "Clark": 0.18, "Lee": 0.17,
    "King": 0.17, "Baker": 0.17, "Harrison": 0.17, "Morgan": 0.16, "Allen": 0.16,
    "James": 0.16, "Scott": 0.15, "Phillips": 0.15, "Watson": 0.15, "Davis": 0.15,
    "Parker": 0.14, "Price": 0.14, "Bennett": 0.14, "Young": 0.14, "Griffiths": 0.14,
    "Mitchell": 0.14, "Kelly": 0.13, "Cook": 0.13, "Carter": 0.13, "Richardson": 0.13,
    "Bailey": 0.13, "Collins": 0.13, "Bell": 0.13, "Shaw": 0.12, "Murphy": 0.12,
    "Miller": 0.12, "Cox": 0.12, "Richards": 0.12, "Khan": 0.12, "Marshall": 0.12,
    "Anderson": 0.11, "Simpson": 0.11, "Ellis": 0.11, "Adams": 0.11, "Singh": 0.11,
    "Begum": 0.11, "Wilkinson": 0.11, "Foster": 0.11, "Chapman": 0.11, "Powell": 0.1,
    "Webb": 0.1, "Rogers": 0.1, "Gray": 0.1, "Mason": 0.1, "Ali": 0.1,
    "Hunt": 0.1, "Hussain": 0.1, "Campbell": 0.1, "Matthews": 0.1, "Owen": 0.1,
    "Palmer": 0.1, "Holmes": 0.09, "Mills": 0.09, "Barnes": 0.09, "Knight": 0.09,
    "Lloyd": 0.09, "Butler": 0.09, "Russell": 0.09, "Barker": 0.09, "Fisher": 0.09,
    "Stevens": 0.09, "Jenkins": 0.09, "Murray": 0.09, "Dixon": 0.09, "Harvey": 0.09,
}  # fmt: skip
COMMON_GIVEN = {
    "Sarah": 2.0, "Emma": 1.8, "Laura": 1.6, "Rebecca": 1.4, "Jessica": 1.3, "Amy": 1.3,
    "Hannah": 1.3, "Claire": 1.2, "Lisa": 1.2, "Gemma": 1.1, "Samantha": 1.1, "Nicola": 1.0,
    "Rachel": 1.0, "Emily": 1.0, "Sophie": 1.0, "Charlotte": 1.0, "Lauren": 0.9, "Kelly": 0.9,
    "Michelle": 0.9, "Louise": 0.9, "Katie": 0.8, "Stephanie": 0.8, "Natalie": 0.8,
    "Jennifer": 0.8, "Victoria": 0.8, "Amanda": 0.7, "Joanne": 0.7, "Helen": 0.7,
    "Elizabeth": 0.7, "Chloe": 0.7, "Zoe": 0.6, "Danielle": 0.6, "Jade": 0.6, "Kirsty": 0.6,
    "Lucy": 0.6, "Karen": 0.6, "Susan": 0.6, "Julie": 0.6, "Fatima": 0.5, "Aisha": 0.5,
    "Maria": 0.5, "Anna": 0.5, "Olivia": 0.5, "Megan": 0.5, "Grace": 0.5, "Ellie": 0.5,
    "Holly": 0.5, "Jodie": 0.4, "Leanne": 0.4, "Angela": 0.4, "Margaret": 0.4, "Patricia": 0.4,
    "Deborah": 0.4, "Tracey": 0.4, "Dawn": 0.4, "Kerry": 0.4, "Catherine": 0.4, "Alice": 0.4,
}  # fmt: skip
SYLLABLES = [
    "ab", "al", "an", "ar", "ba", "be", "bo", "bri", "ca", "chi", "da", "de", "dor", "el",
    "en", "fa", "fen", "ga", "gor", "ha", "hol", "ia", "ka", "ke", "la", "len", "li", "lo",
    "ma", "mer", "mi", "na", "ne", "no", "o", "pa", "per", "ra", "ren", "ri", "ro", "sa",
    "sel", "sha", "ta", "ten", "tho", "u", "va", "ver", "wa", "wyn", "ya", "za", "zel",
]  # fmt: skip
SURNAME_ENDINGS = ["", "son", "ford", "ley", "well", "ton", "ski", "ova", "ez", "er", "by"]


def rare_name(rng: random.Random, endings: list[str]) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))) + rng.choice(
        endings
    )
    return word.capitalize()


class NameSource:
    """Draws names: the common ones at their shares, the rest from a long tail of rare names."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        tail = random.Random(12345)
        # Surnames: ~20 % from the common list, ~80 % from 150,000 rarer names (Zipf-like).
        self.rare_surnames = list({rare_name(tail, SURNAME_ENDINGS) for _ in range(170_000)})[
            :150_000
        ]
        self.rare_given = list(
            {rare_name(tail, ["", "a", "ie", "na", "elle"]) for _ in range(12_000)}
        )[:10_000]
        self.common_surnames = list(COMMON_SURNAMES)
        self.surname_weights = list(COMMON_SURNAMES.values())
        self.common_given = list(COMMON_GIVEN)
        self.given_weights = list(COMMON_GIVEN.values())
        self.surname_share = sum(self.surname_weights) / 100
        self.given_share = 0.45

    def _zipf_index(self, size: int) -> int:
        # Rank r drawn with weight ~ 1/r^0.8 over the tail, by inverse transform sampling.
        u = self.rng.random()
        return min(size - 1, int(size * u**2.5))

    def surname(self) -> str:
        if self.rng.random() < self.surname_share:
            return self.rng.choices(self.common_surnames, self.surname_weights)[0]
        return self.rare_surnames[self._zipf_index(len(self.rare_surnames))]

    def given(self) -> str:
        if self.rng.random() < self.given_share:
            return self.rng.choices(self.common_given, self.given_weights)[0]
        return self.rare_given[self._zipf_index(len(self.rare_given))]

    def date_of_birth(self) -> datetime.date:
        return datetime.date(1940, 1, 1) + datetime.timedelta(days=self.rng.randrange(68 * 365))

    def phone(self) -> str:
        return f"07{self.rng.randrange(10**9):09d}"


def person_row(seed_and_index: tuple[int, int]):
    """One synthetic person: plain values, then the encrypted columns and keyed hashes."""
    from harbour.core.crypto import encrypt_text
    from harbour.people.matching import Identity, identity_keys

    seed, index = seed_and_index
    source = _SOURCES[seed]
    rng = random.Random(seed * 10_000_019 + index)
    source.rng = rng
    given, family = source.given(), source.surname()
    dob, phone = source.date_of_birth(), source.phone()
    keys = identity_keys(
        Identity.build(given_name=given, family_name=family, date_of_birth=dob, phone=phone)
    )
    encrypted = {
        "given_name": encrypt_text(given),
        "family_name": encrypt_text(family),
        "date_of_birth": encrypt_text(dob.isoformat()),
        "phone": encrypt_text(phone),
    }
    return index, encrypted, [(k.kind, k.digest) for k in keys]


_SOURCES: dict[int, NameSource] = {}


def _init_worker(seed: int) -> None:
    import django

    django.setup()
    _SOURCES[seed] = NameSource(seed)


def generate(*, people: int, seed: int, workers: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from harbour.people.models import MatchKey, Person

    user = bench_user()
    person_table, key_table = Person._meta.db_table, MatchKey._meta.db_table
    print(f"Generating {people:,} synthetic people (encrypting and hashing)...", flush=True)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {key_table}, {person_table} RESTART IDENTITY CASCADE")
    fields = [f for f in Person._meta.concrete_fields if f.column != "id"]
    now = timezone.now()
    constant = _constant_columns(
        fields,
        {
            "created_at": now,
            "updated_at": now,
            "created_by_id": user.pk,
            "created_by_agency_id": user.agency_id,
            "local_authority_id": None,
        },
    )
    columns = ["id", *[f.column for f in fields]]
    _drop_indexes(key_table, person_table)
    try:
        _load(people=people, seed=seed, workers=workers, started=started, columns=columns,
              constant=constant, person_table=person_table, key_table=key_table)  # fmt: skip
    finally:
        print("Rebuilding indexes...", flush=True)
        connection.close()  # a fresh connection, whatever state a failure left this one in
        _restore_dropped()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{person_table}', 'id'), {people})")
        # What autovacuum would have done by now: statistics, and the visibility map that lets
        # the key look-up read its index alone.
        cursor.execute(f"VACUUM ANALYZE {person_table}")
        cursor.execute(f"VACUUM ANALYZE {key_table}")
    print(f"Generated in {time.perf_counter() - started:.0f} s.", flush=True)


def _constant_columns(fields, given: dict[str, object]) -> dict[str, object]:
    """The value of every column that is the same on each generated row: ``given``, an empty
    encrypted value, or the field's default (so a field added to Person later needs nothing
    here unless it has no default)."""
    from django.db import connection

    from harbour.core.crypto import encrypt_text

    empty = {"text": encrypt_text(""), "list": encrypt_text("[]")}
    constant: dict[str, object] = {}
    for field in fields:
        if field.column in given:
            constant[field.column] = given[field.column]
        elif getattr(field, "encrypted", False):
            constant[field.column] = empty["list"] if field.default is list else empty["text"]
        elif field.has_default():
            constant[field.column] = field.get_db_prep_save(field.get_default(), connection)
        elif field.null:
            constant[field.column] = None
        else:
            raise SystemExit(f"The bench does not know what to put in Person.{field.name}.")
    return constant


def _load(*, people, seed, workers, started, columns, constant, person_table, key_table) -> None:
    from django.db import connection

    from harbour.core.ids import new_public_id

    raw = connection.connection  # psycopg connection under Django's wrapper
    batch = 20_000
    with Pool(workers, initializer=_init_worker, initargs=(seed,)) as pool:
        rows = pool.imap(person_row, ((seed, i) for i in range(people)), chunksize=2_000)
        done = 0
        while done < people:
            chunk = [next(rows) for _ in range(min(batch, people - done))]
            with raw.cursor() as cursor:
                with cursor.copy(f"COPY {person_table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for index, encrypted, _keys in chunk:
                        values = {**constant, **encrypted, "public_id": new_public_id()}
                        copy.write_row([index + 1, *[values[c] for c in columns[1:]]])
                with cursor.copy(f"COPY {key_table} (person_id, kind, digest) FROM STDIN") as copy:
                    for index, _encrypted, keys in chunk:
                        for kind, digest in keys:
                            copy.write_row((index + 1, kind, digest))
            raw.commit()
            done += len(chunk)
            if done % 100_000 == 0 or done == people:
                print(f"  {done:,} rows ({time.perf_counter() - started:.0f} s)", flush=True)


def _drop_indexes(*tables: str) -> None:
    """Drop the tables' secondary indexes and constraints (loading first and indexing after is
    much faster), having first written the statements that rebuild them to the database."""
    from django.db import connection, transaction

    from harbour.demo.bulk import indexes_drop

    with transaction.atomic():
        restore = [statement for table in tables for statement in indexes_drop(table)]
        with connection.cursor() as cursor:
            for statement in restore:
                cursor.execute(
                    "INSERT INTO bench_pending_restore (statement) VALUES (%s)", [statement]
                )


def _restore_dropped() -> int:
    """Rebuild whatever an earlier load dropped (this run's, or one that was killed); returns
    how many statements ran."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        # Statements that rebuild what loading dropped, kept until they have run.
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_pending_restore "
            "(id serial PRIMARY KEY, statement text NOT NULL)"
        )
        cursor.execute("SELECT statement FROM bench_pending_restore ORDER BY id")
        statements = [row[0] for row in cursor.fetchall()]
        for statement in statements:
            cursor.execute(statement)
        cursor.execute("DELETE FROM bench_pending_restore")
    return len(statements)


def bench_user(username: str = "bench.officer"):
    from harbour.accounts.models import Agency, User
    from harbour.accounts.roles import AgencyKind, Role

    agency, _ = Agency.objects.get_or_create(
        name="Bench Police", defaults={"kind": AgencyKind.POLICE}
    )
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"agency": agency, "role": Role.POLICE_OFFICER, "email": "bench@example.org"},
    )
    return user


def bench_users(count: int) -> list:
    """Officers for this run: each makes a realistic handful of checks, under the hourly
    thresholds, so the limits stay as deployed and no check is flagged."""
    run = int(time.time())
    return [bench_user(f"bench.{run}.{n}") for n in range(count)]


def slip(rng: random.Random, given: str, family: str, dob: datetime.date):
    """What a busy user might type instead: a dropped or doubled letter, or a swapped date."""
    kind = rng.choice(("family", "given", "date"))
    if kind == "date" and dob.day <= 12 and dob.day != dob.month:
        return given, family, dob.replace(day=dob.month, month=dob.day)
    name = family if kind != "given" else given
    i = rng.randrange(1, len(name))
    if rng.random() < 0.5 and len(name) > 3:
        name = name[:i] + name[i + 1 :]  # a letter dropped
    else:
        name = name[:i] + name[i - 1] + name[i:]  # a letter doubled
    return (given, name, dob) if kind != "given" else (name, family, dob)


def measure(*, people: int, checks: int, seed: int) -> None:
    from django.db import connection

    from harbour.people.matching import Identity
    from harbour.people.models import Person
    from harbour.people.services import duplicate_candidates, person_duplicate_check

    users = bench_users(max(1, (checks + 100) // 10))
    source = NameSource(seed)
    rng = random.Random(seed + 1)
    source.rng = rng

    def on_file(pk: int) -> Person:
        return Person.objects.only("given_name", "family_name", "date_of_birth", "phone").get(pk=pk)

    plan = []
    for _ in range(checks):
        roll = rng.random()
        if roll < 0.6:
            plan.append(("new", source.given(), source.surname(), source.date_of_birth(), "", None))
        else:
            pk = rng.randrange(1, people + 1)
            person = on_file(pk)
            given, family, dob = person.given_name, person.family_name, person.date_of_birth
            if roll < 0.8:
                plan.append(("exact", given, family, dob, "", pk))
            else:
                plan.append(("slip", *slip(rng, given, family, dob), "", pk))

    turn = iter(range(10**9))

    def check(item):
        _kind, given, family, dob, phone, _pk = item
        user = users[next(turn) % len(users)]
        return person_duplicate_check(
            user=user, given_name=given, family_name=family, date_of_birth=dob, phone=phone
        )

    def matching_only(item) -> None:
        _kind, given, family, dob, phone, _pk = item
        duplicate_candidates(
            Identity.build(given_name=given, family_name=family, date_of_birth=dob, phone=phone)
        )

    def orm_pk(pk: int) -> None:
        Person.objects.get(pk=pk)

    def sql_pk(pk: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM people_person WHERE id = %s", [pk])
            cursor.fetchone()

    # Fresh statistics, as autovacuum keeps them (earlier runs added to the access log).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_accesslogentry")
    # Warm up caches and connections.
    for item in plan[:50]:
        check(item)
        orm_pk(rng.randrange(1, people + 1))
        sql_pk(rng.randrange(1, people + 1))

    check_times, orm_times, sql_times, matching_times = [], [], [], []
    found = {"exact": [0, 0], "slip": [0, 0]}
    offered_new = 0
    for item in plan:
        pk = rng.randrange(1, people + 1)
        t0 = time.perf_counter()
        orm_pk(pk)
        t1 = time.perf_counter()
        result = check(item)
        t2 = time.perf_counter()
        sql_pk(pk)
        t3 = time.perf_counter()
        matching_only(item)
        matching_times.append(time.perf_counter() - t3)
        orm_times.append(t1 - t0)
        check_times.append(t2 - t1)
        sql_times.append(t3 - t2)
        kind, *_rest, target = item
        if kind == "new":
            offered_new += bool(result.candidates)
        else:
            public_id = Person.objects.only("public_id").get(pk=target).public_id
            ids = set(_resolve(result.candidates))
            found[kind][0] += public_id in ids
            found[kind][1] += 1

    def ms(values, q):
        return (
            statistics.quantiles(values, n=100)[q - 1] * 1000
            if q != 50
            else statistics.median(values) * 1000
        )

    print()
    print(f"People on file: {people:,}; checks timed: {checks:,} "
          f"({sum(1 for p in plan if p[0] == 'new')} new, "
          f"{sum(1 for p in plan if p[0] == 'exact')} exact, "
          f"{sum(1 for p in plan if p[0] == 'slip')} with a slip)")  # fmt: skip
    print(f"{'':34}{'median':>10}{'95th pct':>10}")
    for label, values in (
        ("duplicate check on create", check_times),
        ("  matching alone (no log, no token)", matching_times),
        ("primary-key read (ORM, decrypted)", orm_times),
        ("primary-key select (SQL)", sql_times),
    ):
        print(f"{label:34}{ms(values, 50):>8.2f}ms{ms(values, 95):>8.2f}ms")
    ratio = statistics.median(check_times) / statistics.median(orm_times)
    ratio95 = ms(check_times, 95) / ms(orm_times, 95)
    sql_ratio = statistics.median(check_times) / statistics.median(sql_times)
    print()
    print(f"Check / primary-key read: median {ratio:.1f}x, 95th percentile {ratio95:.1f}x "
          f"(goal: median within 10x)")  # fmt: skip
    print(f"Check / bare SQL select:  median {sql_ratio:.1f}x")
    print(
        "(The check also writes its access-log entry and commits it: one durable write per check.)"
    )
    for kind, (hit, total) in found.items():
        if total:
            print(f"Found the person on file ({kind}): {hit}/{total} ({100 * hit / total:.0f} %)")
    print(f"New people offered a candidate anyway: {offered_new}/"
          f"{sum(1 for p in plan if p[0] == 'new')}")  # fmt: skip


def _resolve(candidates) -> list[str]:
    """Public ids of the candidates (the bench reads the opaque tokens it was given)."""
    import json

    from harbour.core.crypto import decrypt_text
    from harbour.people.models import Person

    pks = [json.loads(decrypt_text(c.ref))["p"] for c in candidates]
    return list(Person.objects.filter(pk__in=pks).values_list("public_id", flat=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--checks", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/harbour_bench"
    )
    _support.smoke_argument(parser)
    args = parser.parse_args()
    if not args.smoke:
        _create_database(args.database_url)
        run(args)
        return
    url = _support.smoke_postgres_url("harbour_bench_people_smoke")
    if url is None:
        return
    args.people, args.checks, args.workers, args.database_url = 300, 20, 1, url
    var_dir = tempfile.mkdtemp(prefix="harbour-bench-")
    os.environ["HARBOUR_VAR_DIR"] = var_dir  # keys of its own, removed with the database
    try:
        with _support.fresh_postgres_database(url):
            run(args)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def run(args: argparse.Namespace) -> None:
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("HARBOUR_MODE", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    if rebuilt := _restore_dropped():
        print(f"Rebuilt {rebuilt} indexes and constraints an earlier, interrupted run dropped.")

    from harbour.people.models import Person

    existing = Person.objects.count()
    if args.regenerate or existing != args.people or not _readable():
        generate(people=args.people, seed=args.seed, workers=args.workers)
    else:
        print(f"Reusing {existing:,} people already generated (--regenerate to start again).")
    measure(people=args.people, checks=args.checks, seed=args.seed)


def _readable() -> bool:
    """The stored rows decrypt with this machine's keys (they may come from another run)."""
    from harbour.core.crypto import DecryptionError
    from harbour.people.models import Person

    try:
        Person.objects.only("given_name").first()
    except DecryptionError:
        return False
    return True


def _create_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
