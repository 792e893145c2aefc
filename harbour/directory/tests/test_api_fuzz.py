"""Schemathesis against the OpenAPI document the API serves, through the real WSGI application.

Every operation of the document gets requests generated from its parameters' schemas, valid ones
and invalid ones, and each answer is checked: never a 5xx, a status code the document declares,
a body that matches the declared schema (the UK profile's, for data), the declared content type,
valid input accepted and invalid input refused. Bounded by the number of examples, so the whole
run takes seconds; it runs on SQLite and PostgreSQL like every test.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from harbour.directory.api import PublicApiThrottle

OPENAPI = "/api/openreferral/openapi.json"
EXAMPLES = 30  # for each operation and each kind of data (valid, invalid)


def _in_test_transaction(application):
    """The WSGI application, run as Django's test client runs it: without closing the database
    connection after each request, so the test's transaction (and its data) holds."""

    def app(environ, start_response) -> Iterable[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = application(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return app


@pytest.fixture
def api_schema(directory, monkeypatch):
    # Thousands of requests from one address: measure the API, not the per-client limit
    # (tested on its own in test_api.py).
    monkeypatch.setattr(PublicApiThrottle, "THROTTLE_RATES", {"public": "1000000/min"})
    return schemathesis.openapi.from_wsgi(OPENAPI, _in_test_transaction(get_wsgi_application()))


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    # Schemathesis' pytest plugin (4.32) reads and rewrites ``node._nodeid``, which pytest 9.2
    # no longer has; give it the attribute so it can name each operation's subtest.
    request.node._nodeid = request.node.nodeid


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_published_document(case):
    response = case.call_and_validate()
    assert response.headers.get("access-control-allow-origin") == ["*"]
