"""Liveness and readiness answer a load balancer and reveal nothing more."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db


@task()
def idle_task() -> None:
    """A task for the queue's age, never run here."""


def test_live_answers_without_touching_anything(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "live"}


def test_ready_checks_database_cache_and_queue_and_says_only_ready():
    response = Client().get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}
    assert response["Cache-Control"] == "no-store"
    assert "Server" not in response
    assert not response.cookies


def test_health_answers_any_host_over_plain_http(settings):
    """A probe uses the node's own address; HTTPS redirects and host checks come after."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["harbour.example.org"]
    response = Client().get("/health/ready", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert Client().get("/", HTTP_HOST="10.1.2.3:8000").status_code == 400


def test_a_queue_left_waiting_makes_it_not_ready_without_saying_why(settings, caplog):
    settings.HARBOUR_HEALTH_TASK_AGE_SECONDS = 600
    result = idle_task.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        run_after=timezone.now() - datetime.timedelta(minutes=11)
    )
    response = Client().get("/health/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "not ready"}
    assert any(getattr(r, "check", "") == "tasks" for r in caplog.records)
    with pytest.raises(CommandError):
        call_command("health")
    # 0 leaves the queue out of readiness.
    settings.HARBOUR_HEALTH_TASK_AGE_SECONDS = 0
    assert Client().get("/health/ready").status_code == 200


def test_a_task_due_recently_is_fine(settings):
    settings.HARBOUR_HEALTH_TASK_AGE_SECONDS = 600
    idle_task.enqueue()
    assert Client().get("/health/ready").status_code == 200


def test_a_cache_that_keeps_nothing_is_not_ready(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = Client().get("/health/ready")
    assert response.status_code == 503


def test_only_get_and_head():
    assert Client().post("/health/ready").status_code == 405
    assert Client().head("/health/live").status_code == 200
