"""The reason store is protected like the access log, and the one maintenance path on the log is
as narrow as it says (PostgreSQL: roles and triggers; decision 0003)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from harbour.audit.guard import REASON_TABLE, REDACTION_ROLE, TABLE
from harbour.audit.models import AccessLogEntry, AppendOnlyError, Reason, ReasonKind
from harbour.audit.services import Action, access_log, reason_store

pytestmark = pytest.mark.django_db


def test_a_reason_is_written_once_and_never_changed_or_deleted(user_factory):
    user = user_factory()
    stored = reason_store(
        kind=ReasonKind.CORRECTION, text="  Her name as she spells it  ", user=user
    )
    assert stored.text == "Her name as she spells it"
    assert str(stored) == f"Reason {stored.public_id}"  # never the text
    with pytest.raises(AppendOnlyError):
        stored.save()
    with pytest.raises(AppendOnlyError):
        stored.delete()
    with pytest.raises(AppendOnlyError):
        Reason.objects.filter(pk=stored.pk).update(text="changed")
    with pytest.raises(AppendOnlyError):
        Reason.objects.all().delete()
    with pytest.raises(ValueError):
        reason_store(kind="gossip", text="x", user=user)
    entry = access_log(user=user, action=Action.UPDATE, reason_ref=stored)
    assert entry.reason == "" and entry.reason_shown == "Her name as she spells it"


def test_the_reason_column_holds_a_token_not_the_text(user_factory):
    reason_store(kind=ReasonKind.RESTRICTION, text="zq-secret-reason-71", user=user_factory())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT text FROM {REASON_TABLE}")  # noqa: S608
        (token,) = cursor.fetchone()
    assert "zq-secret-reason-71" not in token and token.startswith("gAAAA")


postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="triggers and roles")


def _refused(sql: str, params=(), *, role: str | None = None) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if role:
                cursor.execute(f"SET LOCAL ROLE {role}")
            cursor.execute(sql, params)
            if role:  # on an error, rolling back to the savepoint undoes the SET
                cursor.execute("RESET ROLE")
    except DatabaseError:
        return True
    return False


def _role_exists(role: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        return cursor.fetchone() is not None


@postgresql
def test_the_database_refuses_to_change_or_delete_a_reason(user_factory):
    stored = reason_store(kind=ReasonKind.CORRECTION, text="x", user=user_factory())
    change = f"UPDATE {REASON_TABLE} SET kind = 'restriction' WHERE id = %s"  # noqa: S608
    delete = f"DELETE FROM {REASON_TABLE} WHERE id = %s"  # noqa: S608
    assert _refused(change, [stored.pk])
    assert _refused(delete, [stored.pk])


@postgresql
def test_the_maintenance_role_moves_a_typed_reason_out_and_does_nothing_else(user_factory):
    if not _role_exists(REDACTION_ROLE):
        pytest.skip("this database user may not create roles")
    user = user_factory()
    entry = AccessLogEntry.objects.create(user=user, action=Action.LINK, reason="typed text")
    other = AccessLogEntry.objects.create(user=user, action=Action.LINK, reason="typed too")
    stored = reason_store(kind=ReasonKind.DUPLICATE_LINK, text="typed text", user=user)
    move = f"UPDATE {TABLE} SET reason = '', reason_ref_id = %s WHERE id = %s"  # noqa: S608
    # The application's own role cannot, even with raw SQL.
    assert _refused(move, [stored.pk, entry.pk])
    other_column = f"UPDATE {TABLE} SET action = 'view' WHERE id = %s"  # noqa: S608
    rewrite = f"UPDATE {TABLE} SET reason = 'other' WHERE id = %s"  # noqa: S608
    delete = f"DELETE FROM {TABLE} WHERE id = %s"  # noqa: S608
    # The maintenance role may not touch any other column...
    assert _refused(other_column, [entry.pk], role=REDACTION_ROLE)
    # ...nor change the text without moving it, nor delete.
    assert _refused(rewrite, [entry.pk], role=REDACTION_ROLE)
    assert _refused(delete, [entry.pk], role=REDACTION_ROLE)
    # It may move a typed reason out, once.
    assert not _refused(move, [stored.pk, entry.pk], role=REDACTION_ROLE)
    moved = AccessLogEntry.objects.get(pk=entry.pk)
    assert moved.reason == "" and moved.reason_ref_id == stored.pk
    assert _refused(move, [stored.pk, entry.pk], role=REDACTION_ROLE)  # already moved
    assert AccessLogEntry.objects.get(pk=other.pk).reason == "typed too"
