"""The rules at their edges: the Domestic Abuse Act test, ages, and when actions are due."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from harbour.incidents.choices import Relationship, YesNoNotKnown
from harbour.incidents.rules import (
    HarmerFacts,
    aged_16_or_over,
    domestic_abuse_test,
    months_before,
    next_school_day_start,
)

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC
YES, NO, NOT_KNOWN = YesNoNotKnown.YES, YesNoNotKnown.NO, YesNoNotKnown.NOT_KNOWN


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("victim", "harmers", "result"),
    [
        (YES, [(Relationship.FORMER_PARTNER, YES)], YES),
        (YES, [(Relationship.SIBLING, YES)], YES),
        (YES, [(Relationship.IN_LAW, YES)], YES),  # relatives by marriage are connected
        (YES, [(Relationship.STRANGER, YES)], NO),
        (YES, [(Relationship.COMMUNITY, YES), (Relationship.FRIEND, YES)], NO),
        (NO, [(Relationship.PARTNER, YES)], NO),  # under 16: child abuse, not under the Act
        (YES, [(Relationship.PARTNER, NO)], NO),
        (YES, [(Relationship.PARTNER, NOT_KNOWN)], NOT_KNOWN),
        (NOT_KNOWN, [(Relationship.PARTNER, YES)], NOT_KNOWN),
        # Several family members: one connected adult is enough.
        (YES, [(Relationship.COMMUNITY, YES), (Relationship.PARENT, YES)], YES),
        (YES, [], NOT_KNOWN),
    ],
)
def test_domestic_abuse_act_test(victim, harmers, result):
    test = domestic_abuse_test(
        victim_aged_16_or_over=victim,
        harmers=[HarmerFacts(relationship, age) for relationship, age in harmers],
    )
    assert test.result == result
    assert test.reasons


@pytest.mark.parametrize(
    ("born", "result"),
    [
        (datetime.date(2010, 3, 14), YES),  # 16 on the day
        (datetime.date(2010, 3, 15), NO),  # 16 tomorrow
    ],
)
def test_age_16_from_date_of_birth_on_the_day(born, result):
    on = london(2026, 3, 14, 23, 30)  # late evening in London is still the 14th
    assert aged_16_or_over(date_of_birth=born, on=on.astimezone(UTC)) == result


def test_age_as_stated_when_no_date_of_birth():
    on = london(2026, 3, 14, 12, 0)
    assert aged_16_or_over(date_of_birth=None, on=on, stated=NO) == NO
    assert aged_16_or_over(date_of_birth=None, on=on) == NOT_KNOWN


@pytest.mark.parametrize(
    ("visited", "due"),
    [
        # A weekday evening: before school the next morning.
        (london(2026, 3, 3, 22, 15), london(2026, 3, 4, 8, 30)),
        # The early hours of a school day: before school that same morning.
        (london(2026, 3, 4, 2, 0), london(2026, 3, 4, 8, 30)),
        # After school started: the next school day.
        (london(2026, 3, 4, 8, 31), london(2026, 3, 5, 8, 30)),
        # Friday night and the weekend: Monday morning.
        (london(2026, 3, 6, 21, 0), london(2026, 3, 9, 8, 30)),
        (london(2026, 3, 8, 12, 0), london(2026, 3, 9, 8, 30)),
        # The clocks go forward on Sunday 29 March 2026: 08:30 on Monday is BST (07:30 UTC).
        (london(2026, 3, 28, 23, 0), datetime.datetime(2026, 3, 30, 7, 30, tzinfo=UTC)),
        # And back on Sunday 25 October 2026: 08:30 on Monday is GMT (08:30 UTC).
        (london(2026, 10, 24, 23, 0), datetime.datetime(2026, 10, 26, 8, 30, tzinfo=UTC)),
    ],
)
def test_school_notice_is_due_before_the_next_school_day(visited, due):
    result = next_school_day_start(visited.astimezone(UTC))
    assert result == due
    assert result.tzinfo is not None


def test_school_day_start_is_a_setting(settings):
    settings.HARBOUR_INCIDENTS_SCHOOL_DAY_START = "08:45"
    due = next_school_day_start(london(2026, 3, 3, 22, 15))
    assert due == london(2026, 3, 4, 8, 45)


@pytest.mark.parametrize(
    ("moment", "earlier"),
    [
        (london(2026, 3, 31, 12, 0), london(2025, 3, 31, 12, 0)),
        (london(2026, 7, 1, 0, 30), london(2025, 7, 1, 0, 30)),  # local midnight, not UTC
        (london(2024, 2, 29, 9, 0), london(2023, 2, 28, 9, 0)),  # no 29 February
    ],
)
def test_twelve_months_before(moment, earlier):
    assert months_before(moment.astimezone(UTC), 12) == earlier.astimezone(UTC)


def test_months_before_clamps_to_the_end_of_a_shorter_month():
    assert months_before(london(2026, 3, 31, 12, 0), 1) == london(2026, 2, 28, 12, 0)
