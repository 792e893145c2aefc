"""Liveness and readiness, for a load balancer or an orchestrator.

- ``/health/live``: the process answers (nothing else is checked): restart it if not.
- ``/health/ready``: it can serve: the database answers, the shared cache keeps a value, and
  no due background task has waited longer than ``HARBOUR_HEALTH_TASK_AGE_SECONDS`` (a worker
  is running and keeping up). Send it traffic only while this answers 200.

Both answer ``{"status": ...}`` and nothing more: no version, no host name, no reason. Which
check failed is written to the application log, and ``manage.py health`` prints every check
for an operator on the machine. They are answered before host checking and the redirect to
HTTPS, so a probe may use the node's own address over plain HTTP.
"""

from __future__ import annotations

import datetime
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

logger = logging.getLogger("harbour.health")

LIVE_PATH = "/health/live"
READY_PATH = "/health/ready"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return Check("database", False, type(exc).__name__)
    return Check("database", True)


def check_cache() -> Check:
    nonce = secrets.token_hex(8)
    try:
        cache.set("core:health", nonce, timeout=30)
        ok = cache.get("core:health") == nonce
    except Exception as exc:
        return Check("cache", False, type(exc).__name__)
    return Check("cache", ok, "" if ok else "the value written was not read back")


def oldest_due_task_age(now: datetime.datetime | None = None) -> datetime.timedelta | None:
    """How long the longest-waiting due task has waited (None when none is due)."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    due = DBTaskResult.objects.ready()
    scheduled = due.exclude(run_after=get_date_max()).aggregate(at=Min("run_after"))["at"]
    immediate = due.filter(run_after=get_date_max()).aggregate(at=Min("enqueued_at"))["at"]
    waiting_since = min((t for t in (scheduled, immediate) if t is not None), default=None)
    return None if waiting_since is None else max(now - waiting_since, datetime.timedelta(0))


def check_tasks() -> Check:
    limit = settings.HARBOUR_HEALTH_TASK_AGE_SECONDS
    try:
        age = oldest_due_task_age()
    except Exception as exc:
        return Check("tasks", False, type(exc).__name__)
    seconds = 0 if age is None else int(age.total_seconds())
    detail = f"oldest due task waiting {seconds} s (limit {limit or 'none'})"
    return Check("tasks", not limit or seconds <= limit, detail)


def readiness() -> list[Check]:
    database = check_database()
    checks = [database, check_cache()]
    if database.ok:
        checks.append(check_tasks())
    return checks


def _answer(status: str, code: int) -> HttpResponse:
    response = HttpResponse(
        json.dumps({"status": status}), status=code, content_type="application/json"
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthMiddleware:
    """Answers the two health paths before anything else runs (first in MIDDLEWARE but for the
    request id)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if path not in (LIVE_PATH, READY_PATH):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = _answer("method not allowed", 405)
            response["Allow"] = "GET, HEAD"
            return response
        if path == LIVE_PATH:
            return _answer("live", 200)
        failed = [c for c in readiness() if not c.ok]
        for check in failed:
            logger.warning(
                "not ready: %s (%s)", check.name, check.detail, extra={"check": check.name}
            )
        return _answer("not ready", 503) if failed else _answer("ready", 200)
