"""The simulated people of Harbour's load test (run by ``bench/load_mix.py``; Locust).

- caseworkers (the victim care hub) open their caseload and person records;
- police officers record incidents for people they know and complete the police checklist;
- IDVAs work the follow-up queue and open follow-ups;
- the public search the directory (Find support) and its Open Referral UK API.

Staff sign in as a person does (password, then a TOTP code), once, each with an account of their
own. Each simulated client has its own address, written in X-Forwarded-For as a reverse proxy
on loopback would (Harbour believes it through HARBOUR_TRUSTED_PROXIES): the limits per sender
stay on.

The pace is set by stages (:class:`Stages`): every user waits an exponential time between tasks
whose mean gives the stage's target rate across all users (arrivals as from many independent
people). Requests are counted per stage, after a settling time, and written to
HARBOUR_LOAD_RESULTS with the CPU time of the server's processes during each stage.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time

import psutil
from _forms import form_data, totp
from locust import HttpUser, LoadTestShape, events, task

ACCOUNTS = json.loads(open(os.environ["HARBOUR_LOAD_ACCOUNTS"]).read())  # noqa: SIM115
PASSWORD = ACCOUNTS["password"]
STAGES = [float(r) for r in os.environ["HARBOUR_LOAD_STAGES"].split(",")]
STAGE_SECONDS = float(os.environ["HARBOUR_LOAD_STAGE_SECONDS"])
SETTLE_SECONDS = float(os.environ.get("HARBOUR_LOAD_SETTLE_SECONDS", "5"))
WARMUP_SECONDS = float(os.environ["HARBOUR_LOAD_WARMUP_SECONDS"])
RESULTS = os.environ["HARBOUR_LOAD_RESULTS"]
CA = os.environ.get("HARBOUR_LOAD_CA") or True
SERVER_PIDS = [int(p) for p in os.environ.get("HARBOUR_LOAD_SERVER_PIDS", "").split(",") if p]
DB_PIDS = [int(p) for p in os.environ.get("HARBOUR_LOAD_DB_PIDS", "").split(",") if p]
PUBLIC_USERS = int(os.environ["HARBOUR_LOAD_PUBLIC_USERS"])

WORDS = ["refuge", "advice", "housing", "counselling", "helpline", "legal", "children", ""]
PERSON_LINK = re.compile(r'href="/staff/people/([A-Za-z0-9_-]{6,})/"')
FOLLOWUP_LINK = re.compile(r'href="/staff/followups/([A-Za-z0-9_-]{6,})/"')

_addresses = (f"198.51.{n // 250}.{n % 250 + 1}" for n in itertools.count(7))
_accounts = {
    kind: iter([a for a in ACCOUNTS["accounts"] if a["kind"] == kind])
    for kind in ("police", "idva", "caseworker")
}


class _Harbour(HttpUser):
    abstract = True
    host = "https://127.0.0.1"  # replaced by --host

    def on_start(self) -> None:
        self.client.verify = CA
        self.address = next(_addresses)
        self.client.headers.update({"X-Forwarded-For": self.address})

    def wait_time(self) -> float:
        rate = Stages.current_rate / max(1, self.environment.runner.user_count)
        return random.expovariate(rate) if rate > 0 else 1.0

    def get(self, path: str, name: str):
        return self.client.get(path, name=name)

    def post(self, path: str, data: dict, name: str):
        return self.client.post(path, data=data, name=name, headers={"Referer": self.host + path})


class _Staff(_Harbour):
    abstract = True
    kind = ""

    def on_start(self) -> None:
        super().on_start()
        self.account = next(_accounts[self.kind])
        page = self.get("/staff/sign-in/", "sign-in")
        data = form_data(
            page.text,
            "/staff/sign-in/",
            {"username": self.account["username"], "password": PASSWORD},
        )
        self.post("/staff/sign-in/", data, "sign-in")
        page = self.get("/staff/sign-in/code/", "sign-in")
        data = form_data(page.text, "/staff/sign-in/code/", {"code": totp(self.account["key"])})
        response = self.post("/staff/sign-in/code/", data, "sign-in")
        if "/staff/sign-in" in response.url:
            raise RuntimeError(f"{self.account['username']} could not sign in")
        self.people: list[str] = []
        SIGNED_IN[0] += 1

    def caseload(self) -> list[str]:
        page = self.get(f"/staff/people/?page={random.randint(1, 2)}", "caseload")
        found = PERSON_LINK.findall(page.text)
        if found:
            self.people = found
        return self.people


class Caseworker(_Staff):
    weight = 3
    kind = "caseworker"

    @task(2)
    def open_caseload(self) -> None:
        self.caseload()

    @task(5)
    def open_a_record(self) -> None:
        people = self.people or self.caseload()
        if people:
            self.get(f"/staff/people/{random.choice(people)}/", "person record")


class PoliceOfficer(_Staff):
    weight = 2
    kind = "police"

    @task(3)
    def record_an_incident(self) -> None:
        people = self.people or self.caseload()
        if not people:
            return
        person = random.choice(people)
        path = f"/staff/incidents/new/{person}/"
        page = self.get(path, "incident form")
        now = time.time()
        data = form_data(
            page.text,
            path,
            {
                "occurred_at": time.strftime("%d/%m/%Y %H:%M", time.localtime(now - 3 * 3600)),
                "visited_at": time.strftime("%d/%m/%Y %H:%M", time.localtime(now - 2 * 3600)),
                "summary": "Synthetic incident recorded by the load test.",
                "supports_action": "yes",
            },
            radio_prefer=("no", "yes"),
        )
        self.post(path, data, "incident save")

    @task(2)
    def complete_a_checklist(self) -> None:
        people = self.people or self.caseload()
        if not people:
            return
        path = f"/staff/risk/police-checklist/{random.choice(people)}/"
        page = self.get(path, "checklist form")
        data = form_data(
            page.text,
            path,
            {"officer_reasons": "Synthetic grading by the load test."},
            radio_prefer=("no", "standard"),
        )
        self.post(path, data, "checklist save")

    @task(2)
    def open_a_record(self) -> None:
        people = self.people or self.caseload()
        if people:
            self.get(f"/staff/people/{random.choice(people)}/", "person record")


class Idva(_Staff):
    weight = 2
    kind = "idva"

    @task(3)
    def work_the_queue(self) -> None:
        page = self.get("/staff/followups/", "follow-up queue")
        found = FOLLOWUP_LINK.findall(page.text)
        if found:
            self.get(f"/staff/followups/{random.choice(found)}/", "follow-up")


class Public(_Harbour):
    weight = 4

    @task(3)
    def find_support(self) -> None:
        page = self.get("/", "find support")
        data = form_data(page.text, "results", {"words": random.choice(WORDS)})
        self.post("/results/", data, "find support results")

    @task(2)
    def api_search(self) -> None:
        word = random.choice(WORDS)
        self.get(f"/api/openreferral/services?search={word}&per_page=10", "api search")


# Stages and measurement ---------------------------------------------------------------------

STAFF_USERS = len(ACCOUNTS["accounts"])
SIGNED_IN = [0]
TOTAL_USERS = STAFF_USERS + PUBLIC_USERS


def _cpu(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            root = psutil.Process(pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for proc in procs:
            try:
                t = proc.cpu_times()
                total += t.user + t.system
                if proc is root:  # children that have exited were added to their parent
                    total += t.children_user + t.children_system
            except psutil.Error:
                continue
    return total


class Stages(LoadTestShape):
    """Warm-up (every user spawns and signs in, not measured), then one stage per rate."""

    current_rate = 0.0
    stage = -1
    measuring = False
    stage_cpu: dict[int, dict] = {}
    generator = psutil.Process(os.getpid())

    warm_until: float | None = None

    def tick(self):
        t = self.get_run_time()
        if Stages.warm_until is None:
            # Warm-up lasts its minimum and until every staff member has signed in (password
            # hashing is slow by design), and at most three minutes.
            if (t < WARMUP_SECONDS or SIGNED_IN[0] < STAFF_USERS) and t < 180:
                Stages.current_rate = 2.0
                return (TOTAL_USERS, 10)
            Stages.warm_until = t
        t -= Stages.warm_until
        index = int(t // STAGE_SECONDS)
        if index >= len(STAGES):
            Stages._close(Stages.stage)
            return None
        into = t - index * STAGE_SECONDS
        if index != Stages.stage:
            Stages._close(Stages.stage)
            Stages.stage, Stages.measuring = index, False
            Stages.current_rate = STAGES[index]
        if not Stages.measuring and into >= SETTLE_SECONDS:
            Stages.measuring = True
            Stages.stage_cpu[index] = {
                "start": time.monotonic(),
                "server": _cpu(SERVER_PIDS),
                "db": _cpu(DB_PIDS),
                "generator": sum(Stages.generator.cpu_times()[:2]),
            }
        return (TOTAL_USERS, 10)

    @staticmethod
    def _close(index: int) -> None:
        cpu = Stages.stage_cpu.get(index)
        if cpu is None or "seconds" in cpu:
            return
        Stages.measuring = False
        cpu["seconds"] = time.monotonic() - cpu["start"]
        cpu["server"] = _cpu(SERVER_PIDS) - cpu["server"]
        cpu["db"] = _cpu(DB_PIDS) - cpu["db"]
        cpu["generator"] = sum(Stages.generator.cpu_times()[:2]) - cpu["generator"]


SAMPLES: dict[int, list[tuple[str, float, bool]]] = {}


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception, **kwargs):
    if Stages.measuring and name != "sign-in":
        SAMPLES.setdefault(Stages.stage, []).append((name, response_time, exception is None))


@events.quitting.add_listener
def _write(environment, **kwargs):
    Stages._close(Stages.stage)
    out = []
    for index, rate in enumerate(STAGES):
        samples = SAMPLES.get(index, [])
        cpu = Stages.stage_cpu.get(index, {})
        out.append({"target": rate, "samples": samples, "cpu": cpu})
    with open(RESULTS, "w") as handle:
        json.dump({"stages": out, "users": TOTAL_USERS}, handle)
