"""Harbour under gunicorn: its configuration and its logs (``bin/serve``; decision 0024).

Run as ``gunicorn -c python:harbour.core.gunicorn harbour.wsgi:application``. Settings come
from the environment (docs/configuration.md, "Web server").

The **access log** is written apart from the application log (to ``HARBOUR_ACCESS_LOG``,
standard output by default), one JSON object a line: time, method, path, status, bytes,
duration and the request id. It records no client address, no query string (the API's
``search=`` words, staff searches), no user agent and no referrer. Gunicorn's own messages go
to the application log, as JSON lines with exception messages scrubbed (harbour.core.logs).
"""

from __future__ import annotations

import datetime
import json
import os

from gunicorn.glogging import Logger

from harbour.core.logs import REQUEST_ID_HEADER, JsonFormatter


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class HarbourLogger(Logger):
    """Gunicorn's logger, writing Harbour's JSON lines."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        handler = self._get_gunicorn_handler(self.error_log)
        if handler is not None:
            handler.setFormatter(JsonFormatter())

    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        headers = {k.lower(): v for k, v in (resp.headers or [])}
        entry = {
            "time": datetime.datetime.now(tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "method": environ.get("REQUEST_METHOD", ""),
            "path": environ.get("PATH_INFO", ""),
            "status": int(status) if str(status).isdigit() else str(status),
            "bytes": getattr(resp, "sent", None) or 0,
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "request_id": headers.get(REQUEST_ID_HEADER.lower(), ""),
        }
        try:
            self.access_log.info(json.dumps(entry))
        except Exception:  # the access log must never break a response
            self.error_log.exception("access log line not written")


# Gunicorn reads the names below. ------------------------------------------------------------

wsgi_app = "harbour.wsgi:application"
bind = [_env("HARBOUR_BIND", "127.0.0.1:8443")]
# Threads let one process serve a few requests at once (and keep TLS connections alive between
# requests); each thread borrows a database connection from the process's pool only while it
# serves a request (HARBOUR_DB_POOL_MAX_SIZE, at least the number of threads).
worker_class = "gthread"
workers = int(_env("HARBOUR_WEB_WORKERS", str(2 * _cpus() + 1)))
threads = int(_env("HARBOUR_WEB_THREADS", "4"))
keepalive = 5
timeout = 30
graceful_timeout = 30
# Each worker is replaced after about this many requests, so no process grows for ever.
max_requests = 5000
max_requests_jitter = 500
# Workers import the application after the fork: no database connection or pool is shared.
preload_app = False
certfile = os.environ.get("HARBOUR_TLS_CERT") or None
keyfile = os.environ.get("HARBOUR_TLS_KEY") or None
logger_class = "harbour.core.gunicorn.HarbourLogger"
accesslog = _env("HARBOUR_ACCESS_LOG", "-")
errorlog = "-"
loglevel = _env("LOG_LEVEL", "info").lower()
# Gunicorn believes X-Forwarded-Proto only from these; Harbour's own rule for the sender's
# address is HARBOUR_TRUSTED_PROXIES (harbour.core.net).
forwarded_allow_ips = _env("HARBOUR_GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "harbour-web"
# No control socket: nothing drives gunicorn at run time, and several local servers (the load
# and fault benches) must not share one.
control_socket_disable = True
