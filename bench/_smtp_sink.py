"""A mail server on loopback that keeps nothing but a count: where Harbour's email goes in the
local production profile (``bin/serve``) and in the fault test (``bench/faults_*.py``).

``python bench/_smtp_sink.py PORT LOG``: accepts every message on 127.0.0.1:PORT and appends one
JSON line to LOG for each (time, Message-ID, subject, number of recipients). Message bodies are
not kept. Counting the lines per Message-ID tells whether a message was lost or sent twice.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self, log: Path):
        self.log = log
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.original_content, policy=default_policy)
        line = {
            "time": time.time(),
            "message_id": str(message.get("Message-ID", "")),
            "subject": str(message.get("Subject", "")),
            "recipients": len(envelope.rcpt_tos),
        }
        with self.lock, self.log.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line) + "\n")
            handle.flush()
        return "250 Message accepted"


def main() -> int:
    port, log = int(sys.argv[1]), Path(sys.argv[2])
    log.parent.mkdir(parents=True, exist_ok=True)
    controller = Controller(CountingHandler(log), hostname="127.0.0.1", port=port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print(json.dumps({"logger": "smtp_sink", "event": "listening", "port": port}), flush=True)
    stop.wait()
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
