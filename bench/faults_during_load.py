"""Faults during load: kill an app worker, kill the task worker, restart PostgreSQL, and show
that nothing acknowledged is lost, no reminder is lost or sent twice, no record is half written,
and Harbour recovers with no hand step.

    .venv/bin/python bench/faults_during_load.py          # about 15 minutes; by hand, not in CI
    .venv/bin/python bench/faults_during_load.py --smoke  # one officer, no fault: the walk works

Everything runs on loopback in a throwaway PostgreSQL cluster (bench/_profile.py), with the
production profile as ``bin/serve`` runs it (gunicorn over TLS, the task worker under the same
supervisor, mail to a sink on loopback that counts each message by its Message-ID).

Each fault is one phase. Police officers (several threads, each its own account and address)
record incidents in a pilot area of the 24-hour follow-up and confirm them as domestic abuse;
caseworkers and the public read meanwhile. Each confirmed incident makes a follow-up whose
deadline (24 hours after the first visit, as typed) falls at one minute boundary in the phase,
so the overdue notice and escalation (scheduled reminders, run by the task worker) all fall due
together. The fault strikes while records are being written (the app worker, PostgreSQL) or
while the reminders are being sent (the task worker). Then the phase waits for the queue to
drain and checks:

- **lost writes**: incidents and confirmations the server acknowledged (a redirect to the next
  step) that are not in the database;
- **half-written records**: incidents without their offences or the access log entry of their
  creation, follow-ups without their deadline's task or its outcome;
- **lost or doubled reminders**: follow-ups past their deadline without their reminder record;
  and for each message the reminders queued, how many times its Message-ID reached the sink
  (0 is lost, 2 or more is doubled).

A phase in which no officer got an incident through to its confirmation exercised nothing, and
is reported as a failure with the reasons the walks stopped (not as "all clear"). ``--smoke``
runs one phase with no fault and one officer, so that CI sees a walk the pages no longer allow.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import signal
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _forms import form_data, totp
from _profile import Profile, throwaway
from _support import smoke_argument

UK = ZoneInfo("Europe/London")  # the forms take UK time

INCIDENT_LINK = re.compile(r"/staff/incidents/([A-Za-z0-9_-]{6,})/")
PERSON_LINK = re.compile(r'href="/staff/people/([A-Za-z0-9_-]{6,})/"')
ERROR_MESSAGE = re.compile(r'class="govuk-error-message">(?:\s*<span[^>]*>[^<]*</span>)?([^<]+)<')
PILOT_AREA = "Knowsley"
WRITERS = 4


@dataclass
class Phase:
    name: str
    due_at: datetime.datetime
    acknowledged_incidents: list[str] = field(default_factory=list)
    acknowledged_confirmations: list[str] = field(default_factory=list)
    failed_requests: int = 0
    failures: Counter = field(default_factory=Counter)  # why, for the failed requests
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Officer:
    """One simulated police officer, signed in with her own account, from her own address."""

    def __init__(self, profile: Profile, account: dict, password: str, address: str):
        self.base = profile.url
        self.session = requests.Session()
        self.session.trust_env = False  # our certificate, not one named by the environment
        self.session.verify = profile.ca
        self.session.headers["X-Forwarded-For"] = address
        self.account, self.password = account, password
        self.people: list[str] = []

    def _post(self, path: str, data: dict) -> requests.Response:
        return self.session.post(
            self.base + path, data=data, headers={"Referer": self.base + path}, timeout=30
        )

    def sign_in(self) -> None:
        for _attempt in range(3):
            page = self.session.get(self.base + "/staff/sign-in/", timeout=30)
            data = form_data(
                page.text,
                "/staff/sign-in/",
                {"username": self.account["username"], "password": self.password},
            )
            self._post("/staff/sign-in/", data)
            page = self.session.get(self.base + "/staff/sign-in/code/", timeout=30)
            data = form_data(page.text, "/staff/sign-in/code/", {"code": totp(self.account["key"])})
            if "/staff/sign-in" not in self._post("/staff/sign-in/code/", data).url:
                page = self.session.get(self.base + "/staff/people/", timeout=30)
                self.people = PERSON_LINK.findall(page.text)
                return
            time.sleep(31)  # a code is taken once: wait for the next one
        raise SystemExit(f"{self.account['username']} could not sign in")

    def record(self, phase: Phase) -> None:
        """One incident, its person harming her, and its confirmation as domestic abuse."""
        person = random.choice(self.people)
        path = f"/staff/incidents/new/{person}/"
        page = self.session.get(self.base + path, timeout=30)
        area = re.search(rf'<option value="([^"]+)"[^>]*>\s*{PILOT_AREA}\s*<', page.text)
        visited = (phase.due_at - datetime.timedelta(hours=24)).astimezone(UK)
        occurred = visited - datetime.timedelta(minutes=30)
        data = form_data(
            page.text,
            path,
            {
                "occurred_at": occurred.strftime("%d/%m/%Y %H:%M"),
                "visited_at": visited.strftime("%d/%m/%Y %H:%M"),
                "local_authority": area.group(1) if area else "",
                "supports_action": "yes",
            },
            radio_prefer=("no", "yes"),
        )
        response = self._post(path, data)
        found = INCIDENT_LINK.search(response.url)
        if response.status_code != 200 or not found or "people-harming-her" not in response.url:
            raise RuntimeError(f"incident not acknowledged ({response.status_code})")
        incident = found.group(1)
        with phase.lock:
            phase.acknowledged_incidents.append(incident)
        harmer_path = f"/staff/incidents/{incident}/people-harming-her/new/"
        harmer = {
            "given_name": "Synthetic",
            "family_name": f"Harmer{random.randint(1000, 9999)}",
            "relationship": "partner",
            "aged_16_or_over": "yes",
        }
        prefer = ("yes", "partner", "no")
        data = form_data(response.text, harmer_path, harmer, radio_prefer=prefer)
        response = self._post(harmer_path, data)
        # The step first checks whether he is already known (name candidates, then the full
        # check); the officer then adds him with the page's own answer ("Add this person"),
        # his details as she gave them (what decides the domestic abuse test).
        for _step in range(3):
            if response.status_code != 200 or harmer_path not in response.url:
                break
            data = form_data(response.text, harmer_path, harmer, radio_prefer=prefer)
            response = self._post(harmer_path, data)
        if response.status_code != 200 or harmer_path in response.url:
            raise RuntimeError(f"harmer not acknowledged ({response.status_code})")
        confirm_path = f"/staff/incidents/{incident}/domestic-abuse/"
        page = self.session.get(self.base + confirm_path, timeout=30)
        data = form_data(page.text, confirm_path, {"domestic_abuse": "yes"})
        if not data:
            raise RuntimeError("the confirmation form was not shown")
        response = self._post(confirm_path, data)
        if response.status_code != 200 or confirm_path in response.url:
            error = ERROR_MESSAGE.search(response.text)
            why = f": {error.group(1).strip()}" if error else ""
            raise RuntimeError(f"confirmation not acknowledged ({response.status_code}{why})")
        with phase.lock:
            phase.acknowledged_confirmations.append(incident)


def writer(officer: Officer, phase: Phase, until: float) -> None:
    while time.monotonic() < until:
        with phase.lock:
            phase.requests += 1
        try:
            officer.record(phase)
        except (requests.RequestException, RuntimeError) as error:
            with phase.lock:
                phase.failed_requests += 1
                phase.failures[_why(error)] += 1
            time.sleep(0.5)


def _why(error: Exception) -> str:
    """A short reason for a failed walk (the exception's kind for a connection failure)."""
    if isinstance(error, RuntimeError):
        return str(error)
    return type(error).__name__


def reader(profile: Profile, phase: Phase, until: float, address: str) -> None:
    session = requests.Session()
    session.trust_env = False
    session.verify = profile.ca
    session.headers["X-Forwarded-For"] = address
    while time.monotonic() < until:
        try:
            session.get(profile.url + "/api/openreferral/services?search=refuge", timeout=30)
            session.get(profile.url + "/", timeout=30)
        except requests.RequestException:
            pass
        time.sleep(0.3)


def next_boundary(after_seconds: float) -> datetime.datetime:
    moment = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=after_seconds)
    return moment.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)


def wait_until(moment: datetime.datetime) -> None:
    delay = (moment - datetime.datetime.now(tz=datetime.UTC)).total_seconds()
    if delay > 0:
        time.sleep(delay)


def drain(profile: Profile, timeout: float = 240) -> bool:
    """Wait until no task due by the phase's deadline is waiting or running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(profile.cluster.url(), connect_timeout=5) as conn:
                (waiting,) = conn.execute(
                    # Tasks queued to run at once have the largest date as run_after.
                    "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                    "WHERE status IN ('READY', 'RUNNING') "
                    "AND (run_after <= now() OR run_after >= '9999-01-01')"
                ).fetchone()
            if waiting == 0:
                return True
        except psycopg.Error:
            pass
        time.sleep(2)
    return False


def sink_counts(profile: Profile) -> Counter:
    counts: Counter = Counter()
    if profile.mail_log.exists():
        for line in profile.mail_log.read_text().splitlines():
            counts[json.loads(line)["message_id"]] += 1
    return counts


def check(profile: Profile, phase: Phase, host: str) -> dict:
    with psycopg.connect(profile.cluster.url()) as conn:
        ack = phase.acknowledged_incidents
        present = {
            row[0]
            for row in conn.execute(
                "SELECT public_id FROM incidents_incident WHERE public_id = ANY(%s)", [ack]
            )
        }
        lost_incidents = [i for i in ack if i not in present]
        confirmed = {
            row[0]
            for row in conn.execute(
                "SELECT i.public_id FROM incidents_incident i JOIN followups_followup f "
                "ON f.incident_id = i.id WHERE i.public_id = ANY(%s) AND i.domestic_abuse",
                [phase.acknowledged_confirmations],
            )
        }
        lost_confirmations = [i for i in phase.acknowledged_confirmations if i not in confirmed]
        (no_offences,) = conn.execute(
            "SELECT count(*) FROM incidents_incident i WHERE i.public_id = ANY(%s) AND NOT EXISTS "
            "(SELECT 1 FROM incidents_incident_offences o WHERE o.incident_id = i.id)",
            [ack],
        ).fetchone()
        (no_log,) = conn.execute(
            "SELECT count(*) FROM incidents_incident i WHERE i.public_id = ANY(%s) AND NOT EXISTS "
            "(SELECT 1 FROM audit_accesslogentry a WHERE a.record_type = 'incidents.incident' "
            "AND a.record_id = i.public_id AND a.action = 'create')",
            [ack],
        ).fetchone()
        followups = conn.execute(
            "SELECT f.id, f.due_at FROM followups_followup f JOIN incidents_incident i "
            "ON f.incident_id = i.id WHERE i.public_id = ANY(%s)",
            [ack],
        ).fetchall()
        ids = [row[0] for row in followups]
        reminded = {
            row[0]: row[1]
            for row in conn.execute(
                "SELECT followup_id, recipients FROM followups_followupreminder "
                "WHERE stage = 'due' AND followup_id = ANY(%s)",
                [ids],
            )
        }
        now = datetime.datetime.now(tz=datetime.UTC)
        lost_reminders = [fid for fid, due in followups if due <= now and fid not in reminded]
        expected_messages = sum(reminded.values())
        messages = [
            row[0]
            for row in conn.execute(
                "SELECT public_id FROM notifications_notification WHERE kind IN "
                "('overdue', 'escalation') AND created_at >= %s",
                [phase.due_at - datetime.timedelta(seconds=5)],
            )
        ]
    counts = sink_counts(profile)
    delivered = [counts.get(f"<notification.{m}@{host}>", 0) for m in messages]
    return {
        "acknowledged writes": len(ack) + len(phase.acknowledged_confirmations),
        "lost writes": len(lost_incidents) + len(lost_confirmations),
        "half-written records": no_offences + no_log,
        "follow-ups due": len(followups),
        "reminders lost": len(lost_reminders),
        "messages queued by reminders": len(messages),
        "messages expected": expected_messages,
        "messages lost": sum(1 for d in delivered if d == 0)
        + max(0, expected_messages - len(messages)),
        "messages doubled": sum(1 for d in delivered if d > 1),
        "walks acknowledged to the end": len(phase.acknowledged_confirmations),
        "walks refused or cut off": phase.failed_requests,
    }


def inject(profile: Profile, fault: str) -> str:
    if fault == "app worker":
        web = profile.find("profile", "gunicorn")
        pids = {p.pid for p in web}
        victim = random.choice([p for p in web if p.ppid() in pids])  # a worker, not the master
        os.kill(victim.pid, signal.SIGKILL)
        return f"killed gunicorn worker {victim.pid} (SIGKILL)"
    if fault == "task worker":
        (victim,) = profile.find("profile", "task_worker")
        os.kill(victim.pid, signal.SIGKILL)
        return f"killed task worker {victim.pid} (SIGKILL)"
    if fault == "database":
        profile.cluster.restart()
        return "restarted PostgreSQL (pg_ctl restart -m fast)"
    if fault == "none":
        return "no fault (smoke run)"
    raise ValueError(fault)


def run_phase(profile: Profile, officers: list[Officer], fault: str) -> dict:
    due = next_boundary(after_seconds=50)
    phase = Phase(name=fault, due_at=due)
    start = time.monotonic()
    until = start + max(60.0, (due - datetime.datetime.now(tz=datetime.UTC)).total_seconds() + 15)
    threads = [threading.Thread(target=writer, args=(o, phase, until)) for o in officers]
    threads += [
        threading.Thread(target=reader, args=(profile, phase, until, f"203.0.113.{n}"))
        for n in range(10, 13)
    ]
    for thread in threads:
        thread.start()
    if fault == "task worker":
        wait_until(due + datetime.timedelta(seconds=1))  # while the reminders are being sent
    else:
        time.sleep(20)  # while records are being written
    what = inject(profile, fault)
    print(f"  {fault}: {what}")
    for thread in threads:
        thread.join()
    wait_until(due + datetime.timedelta(seconds=5))
    drained = drain(profile)
    profile.wait_ready(profile.url + "/health/ready", timeout=120)
    result = check(profile, phase, "127.0.0.1")
    result["recovered by itself (ready, queue drained)"] = drained
    if phase.failures:
        print("  walks stopped: " + "; ".join(f"{n} x {why}" for why, n in phase.failures.items()))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    smoke_argument(parser)
    args = parser.parse_args()
    redis_url = os.environ.get(
        "HARBOUR_BENCH_REDIS_URL",
        os.environ.get("HARBOUR_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
    )
    # Stopped from outside (kill): unwind, so the throwaway cluster is removed all the same.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    faults = ("none",) if args.smoke else ("app worker", "task worker", "database")
    writers = 1 if args.smoke else WRITERS
    started = time.monotonic()
    results = {}
    with throwaway("harbour-faults-", redis_url=redis_url) as profile:
        print("Setting up a throwaway PostgreSQL cluster, the demo region and staff accounts...")
        accounts = profile.prepare(staff_per_role=writers)
        # A task left running by a killed worker is taken back after 20 s (300 s by default).
        profile.start_production(workers=3, threads=4, HARBOUR_TASK_RUNNING_TIMEOUT="20")
        police = [a for a in accounts["accounts"] if a["kind"] == "police"][:writers]
        officers = [
            Officer(profile, account, accounts["password"], f"198.51.100.{n + 20}")
            for n, account in enumerate(police)
        ]
        for officer in officers:
            officer.sign_in()
        for fault in faults:
            print(f"Phase: {fault}")
            results[fault] = run_phase(profile, officers, fault)
            print("  " + json.dumps(results[fault]), flush=True)
    print()
    names = list(next(iter(results.values())))
    print(f"{'':48}" + "".join(f"{fault:>14}" for fault in results))
    for name in names:
        print(f"{name:48}" + "".join(f"{results[f][name]!s:>14}" for f in results))
    bad = sum(
        r["lost writes"]
        + r["half-written records"]
        + r["reminders lost"]
        + r["messages lost"]
        + r["messages doubled"]
        for r in results.values()
    )
    idle = [fault for fault, r in results.items() if r["walks acknowledged to the end"] == 0]
    if idle:
        print("No walk reached its confirmation in: " + ", ".join(idle) + " (nothing exercised)")
    print(
        f"Done in {time.monotonic() - started:.0f} s: "
        + ("all clear" if bad == 0 and not idle else f"{bad + len(idle)} faults found")
    )
    return 0 if bad == 0 and not idle else 1


if __name__ == "__main__":
    sys.exit(main())
