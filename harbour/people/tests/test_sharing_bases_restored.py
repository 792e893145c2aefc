"""The shipped lawful bases and conditions come back after a flush (``demo --reset``, a test
database between transactional tests), and a region's edits survive a later ``migrate``."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from harbour.people.models import LawfulBasis, ProcessingCondition

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_flushed_database_gets_the_shipped_bases_back():
    call_command("flush", interactive=False, verbosity=0)
    assert LawfulBasis.objects.filter(code="gdpr-6-1-a-consent").exists()
    assert ProcessingCondition.objects.filter(code="dpa-sch1-p6-statutory-purposes").exists()


def test_bases_present_are_left_as_a_region_edited_them():
    LawfulBasis.objects.filter(code="gdpr-6-1-a-consent").update(title="Consent (as we say it)")
    call_command("migrate", verbosity=0)
    assert LawfulBasis.objects.get(code="gdpr-6-1-a-consent").title == "Consent (as we say it)"
