"""Structured logs without personal data: one JSON object a line, each with a request id.

Every line has ``time`` (UTC), ``level``, ``logger`` and ``message``, and, when it was written
while serving a request or running a task, ``request_id`` (the id the response carries in its
``X-Request-ID`` header and an error page shows as its reference) or ``task_id``. A task queued
while serving a request is logged with both ids ("task queued"), which links the two.

What is kept out, because it can carry a survivor's details:

- **exception messages**: a database error's text repeats the values it refused (PostgreSQL's
  ``DETAIL: Key (email)=(...) already exists``), a validation error what was typed. An exception
  is logged as its class, the frames of its traceback (file, line, function) and, for database
  errors, the SQLSTATE and the names of the constraint, table and column: never its text;
- **query strings**: a line naming a URL loses everything after ``?`` (the API's ``search=``
  words, staff searches for people);
- **network addresses** (IPv4 and IPv6) in messages, such as the web server's own;
- **anything attached to a record** (Django attaches the request to error records): only the
  fields listed here are written.

The web server's access log is written apart from this application log
(:mod:`harbour.core.gunicorn`) and holds no client address and no query string.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # settings import this module: nothing of Django is loaded at import
    from django.http import HttpRequest, HttpResponse

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_task_id: contextvars.ContextVar[str] = contextvars.ContextVar("task_id", default="")

REQUEST_ID_HEADER = "X-Request-ID"

# Extra fields a log call may add (``logger.info(..., extra={...})``); anything else is dropped.
SAFE_EXTRA = ("event", "task", "status", "check", "duration_ms", "count")

# "GET /api/openreferral/services?search=... HTTP/1.1": everything after "?" up to a space or
# quote is dropped from messages.
_QUERY = re.compile(r"\?[^\s\"']*")

# Addresses: the web server's own messages name clients ("Invalid request from ip=...").
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")

# psycopg's diagnostics that name schema objects, never values.
_DIAG_FIELDS = ("sqlstate", "constraint_name", "table_name", "column_name", "schema_name")


def current_request_id() -> str:
    return _request_id.get()


def current_task_id() -> str:
    return _task_id.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextmanager
def task_context(task_id: str) -> Iterator[None]:
    token = _task_id.set(task_id)
    try:
        yield
    finally:
        _task_id.reset(token)


def strip_query(text: str) -> str:
    """``text`` without query strings or network addresses."""
    text = _QUERY.sub("", text)
    text = _IPV4.sub("[address]", text)
    return _IPV6.sub("[address]", text)


def _database_diagnostics(exc: BaseException) -> dict[str, str]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        sqlstate = getattr(current, "sqlstate", None)
        diag = getattr(current, "diag", None)
        if sqlstate or diag is not None:
            found = {"sqlstate": sqlstate or ""}
            for name in _DIAG_FIELDS[1:]:
                value = getattr(diag, name, None) if diag is not None else None
                if value:
                    found[name] = value
            return {k: v for k, v in found.items() if v}
        current = current.__cause__ or current.__context__
    return {}


def scrubbed_exception(exc_info) -> dict:
    """An exception as its classes and frames, never its messages."""
    _type, exc, tb = exc_info
    if exc is None:
        return {}
    chain = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        chain.append(f"{kind.__module__}.{kind.__qualname__}")
        current = current.__cause__ or current.__context__
    frames = [
        f"{frame.filename}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(tb if tb is not None else exc.__traceback__)
    ]
    out: dict = {"type": chain[0], "frames": frames}
    if len(chain) > 1:
        out["causes"] = chain[1:]
    diagnostics = _database_diagnostics(exc)
    if diagnostics:
        out["database"] = diagnostics
    return out


class JsonFormatter(logging.Formatter):
    """One JSON object a line, with only the fields listed in this module."""

    def format(self, record: logging.LogRecord) -> str:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the line
            message = str(record.msg)
        entry: dict = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": strip_query(message),
        }
        request_id = getattr(record, "request_id", "") or current_request_id()
        task_id = getattr(record, "task_id", "") or current_task_id()
        if request_id:
            entry["request_id"] = request_id
        if task_id:
            entry["task_id"] = task_id
        for name in SAFE_EXTRA:
            value = record.__dict__.get(name)
            if isinstance(value, str | int | float | bool):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = scrubbed_exception(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestIdMiddleware:
    """Gives every request an id: in every log line written while serving it, in the response's
    ``X-Request-ID`` header, and on the error page as a reference to quote. Harbour makes the id
    itself; a client cannot choose it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = new_request_id()
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


# Tasks: the worker (harbour.core.worker) logs each run under the task's id, and the enqueuing
# side logs the link between the request and the task. -------------------------------------------

task_logger = logging.getLogger("harbour.tasks")


def on_task_enqueued(sender, task_result, **kwargs) -> None:
    task_logger.info(
        "task queued",
        extra={"event": "task_queued", "task": task_result.task.name, "task_id": task_result.id},
    )


def logging_config(level: str) -> dict:
    """The LOGGING setting: JSON lines on standard error for every logger."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "harbour.core.logs.JsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.request": {"level": "WARNING"},
            "axes": {"level": "WARNING"},
            # The task worker's own lines go through the root handler (JSON), once.
            "django_tasks": {"handlers": ["console"], "level": level, "propagate": False},
            "django_tasks_db": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }
