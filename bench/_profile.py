"""What the load and fault benches share: a throwaway PostgreSQL cluster, Harbour's production
profile on it (as ``bin/serve`` runs it), the development server on the same database, and the
demo region with accounts for simulated staff.

Everything lives in one temporary folder and is removed at the end, even when a run fails: the
cluster is made with ``initdb`` on a free port (so a development server that runs it out of
connections locks out nobody else), and the cache keys carry a prefix of their own.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not versions:
        raise SystemExit("PostgreSQL's server programs (initdb, pg_ctl) are needed.")
    return str(versions[-1] / name)


class Cluster:
    """A PostgreSQL cluster of our own, on 127.0.0.1:port, removed by :meth:`destroy`."""

    def __init__(self, base: Path, *, max_connections: int = 100):
        self.dir = base / "pgdata"
        self.port = free_port()
        self.max_connections = max_connections
        self._as_postgres = os.geteuid() == 0  # the server refuses to run as root

    def _run(self, argv: list[str], **kwargs) -> subprocess.CompletedProcess:
        if self._as_postgres:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        return subprocess.run(argv, check=True, capture_output=True, text=True, **kwargs)  # noqa: S603

    def create(self) -> None:
        self.dir.mkdir(parents=True)
        if self._as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
            shutil.chown(self.dir.parent, "postgres", "postgres")
        self._run(
            [_pg_bin("initdb"), "-D", str(self.dir), "-U", "postgres", "-A", "trust", "-E", "UTF8"]
        )
        self.start()

    def _ctl(self, *args: str) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            f"-c max_connections={self.max_connections} -c shared_buffers=128MB"
        )
        self._run(
            [
                _pg_bin("pg_ctl"),
                "-D",
                str(self.dir),
                "-o",
                options,
                "-l",
                str(self.dir / "log"),
                "-w",
                "-t",
                "60",
                *args,
            ]
        )

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")

    def postmaster_pid(self) -> int:
        return int((self.dir / "postmaster.pid").read_text().splitlines()[0])

    def url(self, database: str = "harbour") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def createdb(self, name: str = "harbour") -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

    def destroy(self) -> None:
        if (self.dir / "postmaster.pid").exists():
            with suppress(subprocess.CalledProcessError):
                self._ctl("stop", "-m", "immediate")


class Profile:
    """Harbour's production profile and its development server on one throwaway cluster."""

    def __init__(self, base: Path, cluster: Cluster, *, redis_url: str):
        self.base = base
        self.cluster = cluster
        self.redis_url = redis_url
        self.processes: dict[str, subprocess.Popen] = {}
        self.port = free_port()
        self.dev_port = free_port()
        self.sink_port = free_port()
        self.mail_log = base / "mail.jsonl"
        self.tls_dir = base / "tls"
        self.var_dir = base / "var"
        self.var_dir.mkdir()
        from cryptography.fernet import Fernet

        self.keys = {
            "SECRET_KEY": os.urandom(48).hex(),
            "HARBOUR_FIELD_KEYS": Fernet.generate_key().decode(),
            "HARBOUR_HASH_KEY": os.urandom(32).hex(),
        }

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def dev_url(self) -> str:
        return f"http://127.0.0.1:{self.dev_port}"

    @property
    def ca(self) -> str:
        return str(self.tls_dir / "cert.pem")

    def env(self, mode: str = "production", **extra: str) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("HARBOUR_", "DATABASE_", "EMAIL_")) and k not in ("DEBUG",)
        }
        env.update(self.keys)
        env.update(
            {
                "HARBOUR_MODE": mode,
                "HARBOUR_VAR_DIR": str(self.var_dir),
                "DATABASE_URL": self.cluster.url(),
                "REDIS_URL": self.redis_url,
                "HARBOUR_CACHE_PREFIX": f"harbour-bench-{os.getpid()}",
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "HARBOUR_SITE_URL": self.url,
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(self.sink_port),
                "EMAIL_USE_TLS": "false",
                # The load generator stands for the reverse proxy in front of many clients: it
                # writes X-Forwarded-For from loopback, which the trusted-proxy rule believes.
                "HARBOUR_TRUSTED_PROXIES": "127.0.0.1/32",
                "HARBOUR_BIND": f"127.0.0.1:{self.port}",
                "HARBOUR_TLS_CERT": str(self.tls_dir / "cert.pem"),
                "HARBOUR_TLS_KEY": str(self.tls_dir / "key.pem"),
                "HARBOUR_ACCESS_LOG": str(self.base / "access.log"),
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(extra)
        return env

    def manage(self, *args: str, mode: str = "production", **env: str) -> str:
        result = subprocess.run(  # noqa: S603 - our own manage.py
            [PY, "manage.py", *args],
            cwd=ROOT,
            env=self.env(mode, **env),
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        if result.returncode != 0:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def prepare(self, *, staff_per_role: int) -> dict:
        """Database, demo region, accounts for simulated staff, static files, certificate."""
        self.cluster.createdb()
        subprocess.run(  # noqa: S603
            [PY, "-m", "harbour.core.localtls", str(self.tls_dir)],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        self.manage("check", "--deploy", "--fail-level", "WARNING")
        self.manage("migrate", "--no-input")
        self.manage("demo", "--no-serve", mode="demo")
        self.manage("collectstatic", "--no-input")
        accounts_file = self.base / "accounts.json"
        self.manage(
            "shell",
            "-c",
            ACCOUNTS_SCRIPT,
            mode="demo",
            HARBOUR_LOAD_ACCOUNTS=str(accounts_file),
            HARBOUR_LOAD_PER_ROLE=str(staff_per_role),
            HARBOUR_LOAD_PASSWORD=f"Load-{secrets.token_urlsafe(12)}-9",
        )
        return json.loads(accounts_file.read_text())

    def _spawn(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = (self.base / f"{name}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603
            argv,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def start_production(self, *, workers: int, threads: int, **env: str) -> None:
        environment = self.env(
            "production",
            HARBOUR_WEB_WORKERS=str(workers),
            HARBOUR_WEB_THREADS=str(threads),
            DATABASE_POOL_MAX_SIZE=str(threads),
            **env,
        )
        self._spawn(
            "profile",
            [
                PY,
                "-m",
                "harbour.core.supervise",
                f"mail-sink={PY} bench/_smtp_sink.py {self.sink_port} {self.mail_log}",
                f"web={PY} -m gunicorn -c python:harbour.core.gunicorn",
                f"task-worker={PY} manage.py task_worker --no-startup-delay --interval 0.5",
            ],
            environment,
        )
        self.wait_ready(self.url + "/health/ready")

    def start_dev_server(self) -> None:
        self._spawn(
            "devserver",
            [PY, "manage.py", "runserver", f"127.0.0.1:{self.dev_port}", "--noreload"],
            self.env("demo", HARBOUR_SITE_URL=self.dev_url),
        )
        self.wait_ready(self.dev_url + "/health/live")

    def wait_ready(self, url: str, timeout: float = 120) -> None:
        import ssl

        context = ssl.create_default_context(cafile=self.ca) if url.startswith("https") else None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5, context=context) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(1)
        raise SystemExit(f"{url} did not answer within {timeout:.0f} s")

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)

    # Processes, for CPU accounting and for faults ------------------------------------------

    def tree(self, name: str) -> list[psutil.Process]:
        process = self.processes.get(name)
        if process is None:
            return []
        try:
            root = psutil.Process(process.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def find(self, name: str, needle: str) -> list[psutil.Process]:
        """Processes under ``name`` whose command line has ``needle`` as one of its words (the
        supervisor, whose arguments name every command, is left out)."""
        found = []
        for proc in self.tree(name):
            try:
                words = proc.cmdline()
            except psutil.Error:
                continue
            if "harbour.core.supervise" in words:
                continue
            if any(needle == word or word.endswith("/" + needle) for word in words):
                found.append(proc)
        return found


# Run in demo mode inside manage.py shell: accounts for simulated staff, each with its own TOTP
# device (a code is accepted once per device, so no two simulated people share an account), in
# the agencies of the demo's police officer, Liverpool IDVA and hub caseworker.
ACCOUNTS_SCRIPT = r"""
import json, os
from harbour.accounts.models import User
from harbour.accounts.services import totp_device_create_confirmed, user_create

per_role = int(os.environ["HARBOUR_LOAD_PER_ROLE"])
password = os.environ["HARBOUR_LOAD_PASSWORD"]
models = {"police": "police.officer", "idva": "idva.liverpool", "caseworker": "hub.caseworker"}
accounts = []
for kind, username in models.items():
    model = User.objects.get(username=username)
    for n in range(per_role):
        user = user_create(
            username=f"load.{kind}.{n}", agency=model.agency, role=model.role,
            password=password, email=f"load.{kind}.{n}@example.org",
            first_name="Load", last_name=f"{kind.title()} {n}",
        )
        device = totp_device_create_confirmed(user)
        accounts.append({"kind": kind, "username": user.username, "key": device.key})
with open(os.environ["HARBOUR_LOAD_ACCOUNTS"], "w") as out:
    json.dump({"password": password, "accounts": accounts}, out)
"""


@contextmanager
def throwaway(prefix: str, *, redis_url: str):
    """A temporary folder with a cluster and a profile in it; all removed on the way out."""
    base = Path(tempfile.mkdtemp(prefix=prefix))
    cluster = Cluster(base)
    profile = Profile(base, cluster, redis_url=redis_url)
    try:
        cluster.create()
        yield profile
    finally:
        profile.stop_all()
        cluster.destroy()
        if os.environ.get("HARBOUR_BENCH_KEEP"):
            print(f"(kept {base})")
        else:
            shutil.rmtree(base, ignore_errors=True)
        _clear_cache_prefix(redis_url, f"harbour-bench-{os.getpid()}")


def _clear_cache_prefix(redis_url: str, prefix: str) -> None:
    try:
        import redis

        client = redis.Redis.from_url(redis_url, socket_timeout=5)
        keys = list(client.scan_iter(f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    except Exception as exc:  # the run's result stands; say what was left
        print(f"(cache keys under {prefix} not removed: {type(exc).__name__})")
