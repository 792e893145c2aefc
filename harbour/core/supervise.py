"""Run a few processes together, restarting any that stops, until told to stop (``bin/serve``).

``python -m harbour.core.supervise NAME=COMMAND [NAME=COMMAND...]``: each command runs in its
own process group, without standard input. One that exits is started again after a pause that
grows while it keeps failing (1, 2, 4... up to 30 seconds), so a database restart or a killed
task worker needs no hand step. SIGINT or SIGTERM stops them all (SIGTERM, then SIGKILL after
30 seconds) and then this process.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    failures: int = 0
    started_at: float = 0.0
    restart_at: float = field(default=0.0)


def _say(event: str, **fields) -> None:
    print(json.dumps({"logger": "harbour.supervise", "event": event, **fields}), flush=True)


def _start(child: Child) -> None:
    child.process = subprocess.Popen(  # noqa: S603 - commands given by bin/serve
        child.argv, stdin=subprocess.DEVNULL, start_new_session=True
    )
    child.started_at = time.monotonic()
    _say("started", name=child.name, pid=child.process.pid)


def supervise(children: list[Child]) -> int:
    stopping = False

    def stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for child in children:
        _start(child)
    while not stopping:
        time.sleep(0.5)
        now = time.monotonic()
        for child in children:
            if child.process is not None and child.process.poll() is not None:
                code = child.process.returncode
                # A run of more than a minute was a success: start again at once.
                child.failures = 0 if now - child.started_at > 60 else child.failures + 1
                delay = min(30, 2 ** max(child.failures - 1, 0)) if child.failures else 1
                child.restart_at = now + delay
                child.process = None
                _say("exited", name=child.name, code=code, restart_in_s=delay)
            if child.process is None and now >= child.restart_at and not stopping:
                _start(child)
    _say("stopping")
    for child in children:
        if child.process is not None and child.process.poll() is None:
            os.killpg(child.process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    for child in children:
        if child.process is None:
            continue
        try:
            child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(child.process.pid, signal.SIGKILL)
            child.process.wait()
    _say("stopped")
    return 0


def main(argv: list[str]) -> int:
    children = []
    for spec in argv:
        name, _, command = spec.partition("=")
        if not name or not command:
            print(f"supervise: expected NAME=COMMAND, not {spec!r}", file=sys.stderr)
            return 2
        children.append(Child(name=name, argv=shlex.split(command)))
    return supervise(children)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
