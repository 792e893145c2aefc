"""The repeat window at its edges (364, 365 and 366 days, across 29 February and the clock
change), the agenda's order and the reporting years. Pure rules: no database."""

from __future__ import annotations

import datetime

import pytest

from harbour.marac import rules
from harbour.marac.choices import Criterion

LONDON = rules.LONDON


def uk(year, month, day, hour=12, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def later(moment: datetime.datetime, days: int) -> datetime.datetime:
    """The same UK clock time ``days`` calendar days later."""
    local = moment.astimezone(LONDON)
    day = local.date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, local.time().replace(tzinfo=None), LONDON)


@pytest.mark.parametrize(
    ("referred", "days", "within"),
    [
        # A year without 29 February in it: the anniversary is 365 days later.
        (uk(2025, 6, 10), 364, True),
        (uk(2025, 6, 10), 365, True),
        (uk(2025, 6, 10), 366, False),
        # 29 February 2024 falls between: the anniversary is 366 days later.
        (uk(2023, 6, 10), 364, True),
        (uk(2023, 6, 10), 365, True),
        (uk(2023, 6, 10), 366, True),
        (uk(2023, 6, 10), 367, False),
        # Referred on 1 March 2023: 365 days later is 29 February 2024, 366 is 1 March.
        (uk(2023, 3, 1), 365, True),
        (uk(2023, 3, 1), 366, True),
        (uk(2023, 3, 1), 367, False),
        # Referred on 29 February 2024: the window ends on 28 February 2025.
        (uk(2024, 2, 29), 364, True),
        (uk(2024, 2, 29), 365, True),
        (uk(2024, 2, 29), 366, False),
        # Referred on 28 February 2023: 366 days later is 29 February 2024, outside.
        (uk(2023, 2, 28), 365, True),
        (uk(2023, 2, 28), 366, False),
    ],
)
def test_within_twelve_months_at_its_edges(referred, days, within):
    occurred = later(referred, days)
    assert rules.within_repeat_window(referred_at=referred, occurred_at=occurred) is within


def test_the_window_ends_on_the_same_calendar_date_a_year_later():
    assert rules.repeat_window_end(uk(2025, 6, 10)) == datetime.date(2026, 6, 10)
    assert rules.repeat_window_end(uk(2024, 2, 29)) == datetime.date(2025, 2, 28)
    assert rules.one_year_after(datetime.date(2027, 2, 28)) == datetime.date(2028, 2, 28)


def test_only_instances_after_the_referral_are_new():
    referred = uk(2025, 6, 10, 10, 0)
    before = uk(2025, 6, 10, 2, 0)  # the incident that led to the referral, that morning
    assert not rules.within_repeat_window(referred_at=referred, occurred_at=before)
    assert not rules.within_repeat_window(referred_at=referred, occurred_at=referred)
    assert rules.within_repeat_window(referred_at=referred, occurred_at=uk(2025, 6, 10, 22, 0))


def test_dates_are_read_as_the_clocks_in_the_uk_read_them():
    # Referred at 23:30 in summer (22:30 UTC): the window's last day is 10 June 2026, UK time.
    referred = uk(2025, 6, 10, 23, 30)
    last_minute = uk(2026, 6, 10, 23, 59)
    past_midnight = uk(2026, 6, 11, 0, 30)  # still 10 June in UTC
    assert past_midnight.astimezone(datetime.UTC).date() == datetime.date(2026, 6, 10)
    assert rules.within_repeat_window(referred_at=referred, occurred_at=last_minute)
    assert not rules.within_repeat_window(referred_at=referred, occurred_at=past_midnight)


def test_agenda_order_puts_repeats_then_high_risk_then_escalation_then_the_longest_waiting():
    now = uk(2026, 5, 1)
    cases = {
        "judgement, oldest": (False, [Criterion.PROFESSIONAL_JUDGEMENT], now),
        "escalation": (False, [Criterion.POTENTIAL_ESCALATION], now),
        "high, newer": (False, [Criterion.HIGH_RISK], now + datetime.timedelta(days=2)),
        "high, older": (False, [Criterion.HIGH_RISK], now + datetime.timedelta(days=1)),
        "repeat": (True, [Criterion.REPEAT], now + datetime.timedelta(days=5)),
    }
    order = sorted(
        cases,
        key=lambda name: rules.agenda_order_key(
            is_repeat=cases[name][0], criteria=cases[name][1], referred_at=cases[name][2]
        ),
    )
    assert order == ["repeat", "high, older", "high, newer", "escalation", "judgement, oldest"]


def test_reporting_years_run_from_october_to_september():
    assert rules.reporting_year_of(datetime.date(2024, 9, 30)) == 2023
    assert rules.reporting_year_of(datetime.date(2024, 10, 1)) == 2024
    assert rules.reporting_year_bounds(2023) == (
        datetime.date(2023, 10, 1),
        datetime.date(2024, 9, 30),
    )
    assert rules.last_completed_reporting_year(datetime.date(2026, 11, 25)) == 2025
    assert rules.last_completed_reporting_year(datetime.date(2026, 9, 30)) == 2024
    assert rules.reporting_year_key(2023) == "2023-24"
