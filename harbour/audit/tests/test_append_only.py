from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import RequestFactory
from django.utils import timezone

from harbour.audit.models import AccessLogEntry, AppendOnlyError
from harbour.audit.services import Action, access_log

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database-level guard is PostgreSQL's"
)


@pytest.fixture
def entry(user_factory):
    user = user_factory()
    return access_log(user=user, action=Action.VIEW, record=user, reason="test")


def test_helper_records_who_agency_what_and_why(entry):
    assert entry.username == entry.user.username
    assert entry.agency_name == entry.user.agency.name
    assert entry.record_type == "accounts.user"
    assert entry.record_id == entry.user.public_id
    assert entry.reason == "test"


def test_entry_cannot_be_saved_again(entry):
    entry.reason = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    entry.refresh_from_db()
    assert entry.reason == "test"


def test_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(reason="changed")
    assert AccessLogEntry.objects.filter(pk=entry.pk, reason="test").exists()


def test_admin_is_read_only(entry, admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = admin.site._registry[AccessLogEntry]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)


@postgres_only
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_accesslogentry SET reason = 'changed'",
        "DELETE FROM audit_accesslogentry",
    ],
)
def test_database_refuses_raw_update_and_delete(entry, statement):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AccessLogEntry.objects.filter(pk=entry.pk, reason="test").exists()


@postgres_only
def test_retention_role_may_delete_only_entries_past_retention(entry, settings):
    old = AccessLogEntry.objects.create(
        action=Action.VIEW,
        at=timezone.now() - timedelta(days=settings.HARBOUR_AUDIT_RETENTION_DAYS + 1),
        reason="old",
    )
    # The retention role cannot remove a recent entry, even by raw SQL.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL ROLE harbour_audit_retention")
        cursor.execute("DELETE FROM audit_accesslogentry WHERE id = %s", [entry.pk])
    call_command("audit_prune")
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


@postgres_only
def test_retention_role_cannot_update(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL ROLE harbour_audit_retention")
        cursor.execute("UPDATE audit_accesslogentry SET reason = 'x' WHERE id = %s", [entry.pk])
