"""Load test: Harbour's production profile under a realistic mix, against the development server
on the same database, in one run.

    .venv/bin/python bench/load_mix.py            # about 12 minutes on a 2-core machine
    .venv/bin/python bench/load_mix.py --smoke    # a tiny run (about 4 minutes, mostly set-up)

What it does, all on loopback and bounded in time:

1. makes a throwaway PostgreSQL cluster (initdb, a free port, max_connections 100), migrates it,
   loads the synthetic demo region and makes accounts for simulated staff (bench/_profile.py);
2. starts the production profile as ``bin/serve`` runs it (gunicorn over TLS, the task worker,
   a mail sink) and runs the mix in bench/_load_locustfile.py through stages of rising pace;
3. stops it, starts the development server (``manage.py runserver``, demo mode) on the same
   database and runs the same stages;
4. prints, per server and stage: throughput, 50th/95th/99th percentile latency, errors, server
   CPU per request (web processes; the database's apart), and the highest request rate at which
   the 95th percentile stays under 200 ms with no error; then the two servers as ratios.

The load generator shares the machine with the server. It is kept from starving it by running
at a lower priority (nice 10), by pacing requests (exponential waits for a target rate, not a
closed loop as fast as possible), and by measuring its own CPU in each stage, printed beside the
server's so a reader sees what it took.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _profile import PY, ROOT, Profile, throwaway

P95_LIMIT_MS = 200
EARLIER_CPU_MS = 13  # server CPU per request of the earlier measurement (gunicorn, sync workers)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


class ConnectionSampler(threading.Thread):
    """The most connections the database held at once during a run."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.peak, self.stopping = url, 0, threading.Event()

    def run(self) -> None:
        import psycopg

        while not self.stopping.is_set():
            try:
                with psycopg.connect(self.url, connect_timeout=3) as conn:
                    while not self.stopping.wait(1):
                        (count,) = conn.execute(
                            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = "
                            "'client backend' AND pid <> pg_backend_pid()"
                        ).fetchone()
                        self.peak = max(self.peak, count)
            except psycopg.Error:
                self.stopping.wait(1)


def run_mix(
    profile: Profile, *, url: str, server_pids: list[int], args, label: str, accounts: Path
) -> dict:
    results = profile.base / f"results-{label}.json"
    env = {
        **os.environ,
        "HARBOUR_LOAD_ACCOUNTS": str(accounts),
        "HARBOUR_LOAD_STAGES": ",".join(str(s) for s in args.stages),
        "HARBOUR_LOAD_STAGE_SECONDS": str(args.stage_seconds),
        "HARBOUR_LOAD_WARMUP_SECONDS": str(args.warmup_seconds),
        "HARBOUR_LOAD_SETTLE_SECONDS": str(args.settle_seconds),
        "HARBOUR_LOAD_RESULTS": str(results),
        "HARBOUR_LOAD_CA": profile.ca if url.startswith("https") else "",
        "HARBOUR_LOAD_SERVER_PIDS": ",".join(str(p) for p in server_pids),
        "HARBOUR_LOAD_DB_PIDS": str(profile.cluster.postmaster_pid()),
        "HARBOUR_LOAD_PUBLIC_USERS": str(args.public_users),
    }
    sampler = ConnectionSampler(profile.cluster.url("postgres"))
    sampler.start()
    budget = 180 + len(args.stages) * args.stage_seconds + 60
    with (profile.base / f"locust-{label}.log").open("w") as log:
        subprocess.run(  # noqa: S603 - our own locustfile
            [
                "/usr/bin/nice",
                "-n",
                "10",
                PY,
                "-m",
                "locust",
                "-f",
                str(ROOT / "bench/_load_locustfile.py"),
                "--headless",
                "--host",
                url,
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--stop-timeout",
                "10",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=budget,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    sampler.stopping.set()
    if not results.exists():
        tail = (profile.base / f"locust-{label}.log").read_text()[-2000:]
        raise SystemExit(f"The load generator wrote no results for {label}:\n{tail}")
    data = json.loads(results.read_text())
    data["peak_connections"] = sampler.peak
    data["load_average"] = os.getloadavg()[1]
    return data


def summarise(data: dict) -> list[dict]:
    rows = []
    for stage in data["stages"]:
        samples, cpu = stage["samples"], stage["cpu"]
        seconds = cpu.get("seconds") or float("nan")
        latencies = [s[1] for s in samples]
        errors = sum(1 for s in samples if not s[2])
        count = len(samples)
        rows.append(
            {
                "target": stage["target"],
                "count": count,
                "rate": count / seconds if seconds == seconds and seconds else 0.0,
                "p50": percentile(latencies, 50),
                "p95": percentile(latencies, 95),
                "p99": percentile(latencies, 99),
                "errors": errors,
                "cpu_ms": 1000 * cpu.get("server", 0) / count if count else float("nan"),
                "db_ms": 1000 * cpu.get("db", 0) / count if count else float("nan"),
                "gen_share": (cpu.get("generator", 0) / seconds) if seconds == seconds else 0,
                "by_name": {
                    name: percentile([s[1] for s in samples if s[0] == name], 95)
                    for name in sorted({s[0] for s in samples})
                },
            }
        )
    return rows


def best(rows: list[dict]) -> dict | None:
    good = [r for r in rows if r["count"] and r["errors"] == 0 and r["p95"] < P95_LIMIT_MS]
    return max(good, key=lambda r: r["rate"]) if good else None


def print_table(label: str, rows: list[dict], peak: int, load: float) -> None:
    print(f"\n{label}")
    print(
        f"{'target tasks/s':>15}{'requests/s':>12}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}{'web CPU ms/req':>16}{'db CPU ms/req':>15}{'generator CPU':>15}"
    )
    for r in rows:
        print(
            f"{r['target']:>15.0f}{r['rate']:>12.1f}{r['p50']:>9.0f}{r['p95']:>9.0f}"
            f"{r['p99']:>9.0f}{r['errors']:>8}{r['cpu_ms']:>16.1f}{r['db_ms']:>15.1f}"
            f"{r['gen_share']:>14.0%}"
        )
    top = best(rows)
    print(
        f"  highest rate with p95 < {P95_LIMIT_MS} ms and 0 errors: "
        + (f"{top['rate']:.1f} requests/s" if top else "none of the stages")
    )
    print(f"  most database connections at once: {peak}")
    print(f"  machine load average over the run (5 min): {load:.1f} on {os.cpu_count()} CPUs")
    if rows and rows[-1]["by_name"]:
        worst = sorted(rows[-1]["by_name"].items(), key=lambda kv: -kv[1])[:4]
        print(
            "  slowest kinds at the last stage (p95 ms): "
            + ", ".join(f"{name} {p95:.0f}" for name, p95 in worst)
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a tiny, quick run")
    parser.add_argument("--stages", default="2,5,10,20,30,45", help="target tasks per second")
    parser.add_argument("--stage-seconds", type=float, default=30)
    parser.add_argument("--staff-per-role", type=int, default=8)
    parser.add_argument("--public-users", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    args.warmup_seconds, args.settle_seconds = 30.0, 5.0
    if args.smoke:
        args.stages, args.stage_seconds, args.warmup_seconds = "3", 12.0, 20.0
        args.staff_per_role, args.public_users, args.settle_seconds = 1, 2, 3.0
    args.stages = [float(s) for s in str(args.stages).split(",")]
    redis_url = os.environ.get(
        "HARBOUR_BENCH_REDIS_URL",
        os.environ.get("HARBOUR_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
    )
    started = time.monotonic()
    with throwaway("harbour-load-", redis_url=redis_url) as profile:
        print("Setting up a throwaway PostgreSQL cluster, the demo region and staff accounts...")
        accounts = profile.prepare(staff_per_role=args.staff_per_role)
        accounts_file = profile.base / "accounts.json"
        print(
            f"  {len(accounts['accounts'])} staff accounts and {args.public_users} public "
            f"visitors; stages of {args.stage_seconds:.0f} s at {args.stages} tasks/s"
        )

        print(f"Production profile: gunicorn {args.workers} workers x {args.threads} threads, TLS")
        profile.start_production(workers=args.workers, threads=args.threads)
        web = profile.find("profile", "gunicorn")
        pids = {p.pid for p in web}
        master = next((p for p in web if p.ppid() not in pids), None)
        prod = run_mix(
            profile,
            url=profile.url,
            server_pids=[master.pid] if master else [],
            args=args,
            label="production",
            accounts=accounts_file,
        )
        profile.stop("profile")

        print("Development server (manage.py runserver) on the same database")
        profile.start_dev_server()
        dev = run_mix(
            profile,
            url=profile.dev_url,
            server_pids=[profile.processes["devserver"].pid],
            args=args,
            label="development",
            accounts=accounts_file,
        )
        profile.stop("devserver")

    prod_rows, dev_rows = summarise(prod), summarise(dev)
    print_table(
        "Production profile (gunicorn, TLS)",
        prod_rows,
        prod["peak_connections"],
        prod["load_average"],
    )
    print_table(
        "Development server (runserver, same database)",
        dev_rows,
        dev["peak_connections"],
        dev["load_average"],
    )
    p_best, d_best = best(prod_rows), best(dev_rows)
    print("\nProduction against development, same run:")
    if p_best and d_best:
        print(f"  highest good rate: {p_best['rate'] / d_best['rate']:.2f}x")
    for p, d in zip(prod_rows, dev_rows, strict=True):
        if p["count"] and d["count"]:
            print(
                f"  at {p['target']:.0f} tasks/s: p95 {p['p95']:.0f} / {d['p95']:.0f} ms "
                f"= {p['p95'] / d['p95']:.2f}x, web CPU per request "
                f"{p['cpu_ms']:.1f} / {d['cpu_ms']:.1f} ms = {p['cpu_ms'] / d['cpu_ms']:.2f}x"
            )
    measured = [r["cpu_ms"] for r in prod_rows if r["count"]]
    if measured:
        print(
            f"  production web CPU per request, median over stages: "
            f"{statistics.median(measured):.1f} ms (earlier measurement: about {EARLIER_CPU_MS} ms)"
        )
    errors = sum(r["errors"] for r in prod_rows)
    print(f"Done in {time.monotonic() - started:.0f} s; production errors: {errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
