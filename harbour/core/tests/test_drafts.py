"""A draft's lifetime: ``HARBOUR_DRAFT_HOURS`` unless its model sets ``lifetime_hours``."""

from __future__ import annotations

import datetime

from harbour.core.drafts import Draft, draft_lifetime


class _Default(Draft):
    class Meta:
        abstract = True


class _Short(Draft):
    lifetime_hours = 2

    class Meta:
        abstract = True


def test_a_draft_lasts_harbour_draft_hours_by_default(settings):
    assert Draft.lifetime_hours is None
    settings.HARBOUR_DRAFT_HOURS = 12
    assert draft_lifetime(_Default) == datetime.timedelta(hours=12)
    settings.HARBOUR_DRAFT_HOURS = 5
    assert draft_lifetime(_Default) == datetime.timedelta(hours=5)


def test_a_model_may_set_its_own_lifetime(settings):
    settings.HARBOUR_DRAFT_HOURS = 12
    assert draft_lifetime(_Short) == datetime.timedelta(hours=2)
