"""Free-text reasons (emergency access, corrections, restrictions, links to an existing record)
are stored once, encrypted, in the reason store; log entries and records refer to it. No reason
is in plain text anywhere in the raw database, old rows included (decision 0003)."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from harbour.audit.models import AccessLogEntry, Action, Reason
from harbour.core import doors
from harbour.people import services
from harbour.people.models import AccessReview, EmergencyAccess, ReviewKind

pytestmark = pytest.mark.django_db

EMERGENCY = "Hospital called: she is in danger tonight (zq-emergency-41)"
CORRECTION = "She spelt her name for me (zq-correction-42)"
RESTRICTION = "Her brother works in the council (zq-restriction-43)"
LIFTED = "He has left the council (zq-restriction-44)"
LINK = "Same phone and she confirmed (zq-link-45)"


def _raw_rows() -> list[str]:
    """Every row of every table, as the database holds it."""
    quote = connection.ops.quote_name
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - the catalogue's names
            rows.extend(repr(row) for row in cursor.fetchall())
    return rows


def _in_plain_text(*texts: str) -> list[str]:
    rows = _raw_rows()
    return [text for text in texts if any(text in row for row in rows)]


def _give_every_reason(world, admin_user) -> None:
    services.emergency_access_grant(
        user=world.uninvolved_user, person_id=world.person.public_id, reason=EMERGENCY
    )
    services.person_update(
        person=world.person, by=world.involved_user, reason=CORRECTION, family_name="Quennel"
    )
    services.person_restrict(
        person=world.person, by=admin_user, reason=RESTRICTION, named_users=[world.involved_user]
    )
    services.person_unrestrict(person=world.person, by=admin_user, reason=LIFTED)
    ref = services._link_token(user=world.shared_user, person=world.person)
    services.person_link(user=world.shared_user, ref=ref, reason=LINK)


def test_every_reason_is_stored_once_encrypted_and_referred_to(world, admin_user):
    _give_every_reason(world, admin_user)
    stored = {r.text: r for r in Reason.objects.all()}
    assert set(stored) == {EMERGENCY, CORRECTION, RESTRICTION, LIFTED, LINK}
    assert Reason.objects.count() == 5  # once each
    assert _in_plain_text(EMERGENCY, CORRECTION, RESTRICTION, LIFTED, LINK) == []
    # The log entries refer to them and show them to a reader of the log.
    override = AccessLogEntry.objects.get(action=Action.OVERRIDE)
    assert override.reason == "" and override.reason_ref == stored[EMERGENCY]
    assert override.reason_shown == EMERGENCY
    link = AccessLogEntry.objects.get(action=Action.LINK)
    assert link.reason_ref == stored[LINK]
    correction = AccessLogEntry.objects.get(action=Action.UPDATE, detail__has_key="fields")
    assert correction.reason_ref == stored[CORRECTION]
    # The records refer to the same stored reason.
    grant = EmergencyAccess.objects.get()
    assert grant.reason == "" and grant.reason_ref == stored[EMERGENCY]
    review = AccessReview.objects.get(kind=ReviewKind.EMERGENCY_ACCESS)
    assert review.reason_ref == stored[EMERGENCY] and review.reason_text == EMERGENCY
    assert AccessReview.objects.get(kind=ReviewKind.DUPLICATE_LINK).reason_text == LINK
    assert {r.reason_text for r in AccessReview.objects.filter(kind="restriction_change")} == {
        RESTRICTION,
        LIFTED,
    }


def test_the_pages_still_show_the_reasons(world, admin_user, staff_client):
    _give_every_reason(world, admin_user)
    history = staff_client(world.involved_user).get(
        f"/staff/people/{world.person.public_id}/history/"
    )
    assert CORRECTION in history.content.decode()
    review = AccessReview.objects.get(kind=ReviewKind.EMERGENCY_ACCESS)
    page = staff_client(admin_user).get(f"/staff/people/reviews/{review.public_id}/")
    assert EMERGENCY in page.content.decode()


def _migration(app: str, name: str):
    return importlib.import_module(f"harbour.{app}.migrations.{name}")


def test_old_rows_lose_their_plain_reasons_through_the_maintenance_path(world, user_factory):
    """Rows written before the reason store: the data migrations move every typed reason."""
    officer = world.involved_user
    old = {
        "emergency": "Old override: she rang from a friend's phone (zq-old-51)",
        "correction": "Old correction: her new surname (zq-old-52)",
        "restriction": "Old restriction: a relative is a police officer (zq-old-53)",
        "link": "Old link: same date of birth and phone (zq-old-54)",
    }
    grant = EmergencyAccess.objects.create(
        person=world.person,
        user=world.uninvolved_user,
        reason=old["emergency"],
        expires_at=world.agreement.given_at,
    )
    AccessLogEntry.objects.create(
        user=world.uninvolved_user,
        action=Action.OVERRIDE,
        record_type="people.person",
        record_id=world.person.public_id,
        reason=old["emergency"],
        detail={"emergency_access": grant.public_id},
    )
    AccessReview.objects.create(
        kind=ReviewKind.EMERGENCY_ACCESS,
        subject_user=world.uninvolved_user,
        person=world.person,
        emergency_access=grant,
        reason_given=old["emergency"],
    )
    AccessLogEntry.objects.create(
        user=officer,
        action=Action.UPDATE,
        record_type="people.person",
        record_id=world.person.public_id,
        reason=old["restriction"],
        detail={"restricted": True},
    )
    AccessLogEntry.objects.create(
        user=officer,
        action=Action.LINK,
        record_type="people.person",
        record_id=world.person.public_id,
        reason=old["link"],
    )
    AccessReview.objects.create(
        kind=ReviewKind.DUPLICATE_LINK,
        subject_user=officer,
        person=world.person,
        reason_given=old["link"],
    )
    # A correction as it used to be written: the reason on the version and in the log.
    with doors.opened("test: an old correction"):
        person = type(world.person).objects.get(pk=world.person.pk)
        person.phone = "07700 900123"
        person._change_reason = old["correction"]
        person._history_user = officer
        person.save()
    AccessLogEntry.objects.create(
        user=officer,
        action=Action.UPDATE,
        record_type="people.person",
        record_id=world.person.public_id,
        reason=old["correction"],
        detail={"fields": ["phone"]},
    )
    assert _in_plain_text(*old.values()) == list(old.values())

    editor = SimpleNamespace(connection=connection)
    with doors.opened("test: the data migrations"):
        _migration("audit", "0005_reason_store").move_reasons(apps, editor)
        _migration("people", "0006_reason_store").move_reasons(apps, editor)

    assert _in_plain_text(*old.values()) == []
    assert {r.text for r in Reason.objects.all()} == set(old.values())  # once each
    assert EmergencyAccess.objects.get(pk=grant.pk).reason_text == old["emergency"]
    assert AccessReview.objects.get(kind=ReviewKind.DUPLICATE_LINK).reason_text == old["link"]
    # The maintenance itself is in the log.
    maintenance = AccessLogEntry.objects.get(username="maintenance: migration audit.0005")
    assert maintenance.detail == {"maintenance": "reason store", "entries": 4}
    # The history page still gives the reason.
    with doors.opened("test: what was stored"):
        versions = list(type(world.person).history.filter(id=world.person.pk))
    assert all(
        not v.history_change_reason
        or v.history_change_reason in ("created",)
        or v.history_change_reason.startswith("reason:")
        for v in versions
    )
