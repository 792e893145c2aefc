"""The records tests' base: retention rules as the migration seeds them (a transactional test
empties the tables), a police officer, and people recorded long ago or today."""

from __future__ import annotations

import datetime
import importlib

import pytest
import time_machine
from django.utils import timezone

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role

SEVEN_YEARS_AGO = datetime.timedelta(days=7 * 365)


@pytest.fixture
def rules(db):
    from harbour.records.models import RetentionRule

    seeded = importlib.import_module("harbour.records.migrations.0002_retention_rules")
    for record_type, label, days, counted_from, reason, applied in seeded.RULES:
        RetentionRule.objects.update_or_create(
            record_type=record_type,
            defaults={
                "label": label,
                "period_days": days,
                "counted_from": counted_from,
                "reason": reason,
                "applied": applied,
            },
        )
    return RetentionRule.objects.all()


@pytest.fixture
def officer(db):
    return UserFactory(role=Role.POLICE_OFFICER, username="officer")


@pytest.fixture
def administrators(db, officer):
    return (
        UserFactory(role=Role.ADMINISTRATOR, agency=officer.agency, username="admin.one"),
        UserFactory(role=Role.ADMINISTRATOR, agency=officer.agency, username="admin.two"),
    )


@pytest.fixture
def old_person(officer):
    """A person recorded seven years ago, with no contact since, and a phone number."""
    from harbour.people.factories import person_make

    def make(**values):
        with time_machine.travel(timezone.now() - SEVEN_YEARS_AGO, tick=False):
            return person_make(by=officer, **values)

    return make
