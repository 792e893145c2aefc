"""No log holds personal data: a failing request, a failing task and a constraint error are fed a
survivor's details, and every log line written (the application's JSON lines, the web server's
access log, a failed task's record) is searched for them."""

from __future__ import annotations

import datetime
import io
import json
import logging
import types

import pytest
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from harbour.core.gunicorn import HarbourLogger
from harbour.core.logs import REQUEST_ID_HEADER, JsonFormatter, scrubbed_exception
from harbour.core.testing import run_worker

# Synthetic details of a survivor, as they might reach an error.
NAME = "Philippa Quarrendon"
EMAIL = "philippa.quarrendon@example.org"
POSTCODE = "L8 7QZ"
SECRETS = (NAME, "Quarrendon", EMAIL, POSTCODE, "L8+7QZ", "L8%207QZ")


@pytest.fixture
def log_lines():
    """Every line the application logs while the test runs, formatted as in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    # Loggers that do not propagate to the root get the same handler.
    extra = [logging.getLogger(n) for n in ("django_tasks", "django_tasks_db")]
    for logger in extra:
        logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        for logger in extra:
            logger.removeHandler(handler)


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), f"{secret!r} found in: {text}"


def failing_view(request: HttpRequest) -> HttpResponse:
    raise ValueError(f"could not save {NAME} at {POSTCODE} ({EMAIL})")


def constraint_view(request: HttpRequest) -> HttpResponse:
    from harbour.accounts.factories import UserFactory

    UserFactory(username=EMAIL)
    UserFactory(username=EMAIL)  # the unique constraint refuses it, with the value in DETAIL
    return HttpResponse("not reached")


handler500 = "harbour.core.views.server_error"

urlpatterns = [
    path("test-fail/", failing_view),
    path("test-constraint/", constraint_view),
    path("", include("harbour.urls")),
]


@task()
def failing_task(name: str) -> None:
    raise RuntimeError(f"reminder for {name} at {POSTCODE} could not be sent")


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
@pytest.mark.parametrize("url", ["/test-fail/", "/test-constraint/"])
def test_a_failing_request_logs_its_id_and_no_personal_data(url, log_lines):
    client = Client(raise_request_exception=False)
    response = client.get(url, {"search": NAME, "postcode": POSTCODE})
    assert response.status_code == 500
    request_id = response[REQUEST_ID_HEADER]
    assert len(request_id) == 32
    # The error page gives the id as the reference to quote.
    assert request_id in response.content.decode()
    lines = log_lines()
    errors = [line for line in lines if line["level"] == "ERROR"]
    assert errors, lines
    assert all(line["request_id"] == request_id for line in errors)
    assert errors[0]["exception"]["frames"]
    if url == "/test-constraint/" and connection.vendor == "postgresql":
        database = errors[0]["exception"]["database"]
        assert database["sqlstate"] == "23505"  # unique_violation, by name and code alone
        assert database["constraint_name"]
    for line in lines:
        assert_clean(json.dumps(line))


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_logs_and_records_no_personal_data(log_lines):
    with transaction.atomic():
        result = failing_task.enqueue(NAME)
    run_worker()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "FAILED"
    assert row.exception_class_path == "builtins.RuntimeError"
    assert "failing_task" in row.traceback  # the frames are kept, to find the fault
    assert_clean(row.traceback)
    lines = log_lines()
    failed = [line for line in lines if line.get("event") == "task_failed"]
    assert len(failed) == 1
    assert failed[0]["task_id"] == str(result.id)
    for line in lines:
        assert_clean(json.dumps(line))


@pytest.mark.django_db
def test_a_constraint_error_is_logged_by_its_names_not_its_values(log_lines):
    from harbour.accounts.factories import UserFactory

    UserFactory(username=EMAIL)
    try:
        with transaction.atomic():
            UserFactory(username=EMAIL)
    except IntegrityError:
        logging.getLogger("harbour.test").exception("the user could not be saved")
    else:  # pragma: no cover
        pytest.fail("the unique constraint did not refuse the second user")
    (line,) = [line for line in log_lines() if line["logger"] == "harbour.test"]
    assert line["exception"]["type"] == "django.db.utils.IntegrityError"
    assert_clean(json.dumps(line))


def test_exception_messages_and_query_strings_never_reach_a_line():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"GET /api/openreferral/services?search=%s HTTP/1.1" 200',
        ("Philippa+Quarrendon",),
        None,
    )
    try:
        raise KeyError(EMAIL) from ValueError(NAME)
    except KeyError as exc:
        record.exc_info = (KeyError, exc, exc.__traceback__)
    record.request = types.SimpleNamespace(GET={"search": NAME})  # Django attaches the request
    out = json.loads(JsonFormatter().format(record))
    assert out["message"] == '"GET /api/openreferral/services HTTP/1.1" 200'
    assert out["exception"]["causes"] == ["builtins.ValueError"]
    assert "request" not in out
    assert_clean(json.dumps(out))
    assert scrubbed_exception((None, None, None)) == {}


def test_addresses_never_reach_a_line():
    record = logging.LogRecord(
        "gunicorn.error",
        logging.WARNING,
        __file__,
        1,
        "Invalid request from ip=%s: bad header; peer %s",
        ("203.0.113.77", "2001:db8::7"),
        None,
    )
    out = JsonFormatter().format(record)
    assert "203.0.113" not in out and "2001:db8" not in out
    assert "Invalid request from ip=[address]" in out
    assert "gunicorn 27.0.1" in JsonFormatter().format(
        logging.LogRecord("g", logging.INFO, __file__, 1, "Starting gunicorn 27.0.1", (), None)
    )


def test_the_access_log_has_no_address_no_query_and_the_request_id():
    stream = io.StringIO()
    cfg = types.SimpleNamespace(
        accesslog="-",
        errorlog="-",
        loglevel="info",
        capture_output=False,
        syslog=False,
        disable_redirect_access_to_syslog=False,
        access_log_format="",
        user=0,
        group=0,
        logconfig=None,
        logconfig_dict={},
        logconfig_json=None,
    )
    logger = HarbourLogger.__new__(HarbourLogger)
    logger.error_log = logging.getLogger("test.gunicorn.error")
    logger.access_log = logging.getLogger("test.gunicorn.access")
    logger.access_log.propagate = False
    logger.cfg = cfg
    logger._access_log_enabled = True
    handler = logging.StreamHandler(stream)
    logger.access_log.addHandler(handler)
    logger.access_log.setLevel(logging.INFO)
    resp = types.SimpleNamespace(
        status="200 OK", sent=1234, headers=[(REQUEST_ID_HEADER, "abc123"), ("Vary", "Cookie")]
    )
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/api/openreferral/services",
        "QUERY_STRING": "search=Philippa+Quarrendon&postcode=L8+7QZ",
        "RAW_URI": "/api/openreferral/services?search=Philippa+Quarrendon&postcode=L8+7QZ",
        "REMOTE_ADDR": "203.0.113.77",
        "HTTP_X_FORWARDED_FOR": "198.51.100.23",
        "HTTP_USER_AGENT": "Mozilla/5.0 (her phone)",
        "HTTP_REFERER": "https://search.example/?q=Philippa+Quarrendon",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    try:
        logger.access(resp, None, environ, datetime.timedelta(milliseconds=42))
    finally:
        logger.access_log.removeHandler(handler)
    line = json.loads(stream.getvalue())
    assert line["path"] == "/api/openreferral/services"
    assert line["status"] == 200
    assert line["request_id"] == "abc123"
    assert line["duration_ms"] == 42.0
    text = stream.getvalue()
    assert_clean(text)
    for revealing in ("203.0.113.77", "198.51.100.23", "Mozilla", "search", "her phone"):
        assert revealing not in text
