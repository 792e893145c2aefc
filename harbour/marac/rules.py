"""Rules of MARAC that are plain computation: the repeat window, the agenda's order, the
reporting year. No database here, so each rule can be tested at its edges.

**Within 12 months.** A new instance of abuse is within 12 months of her last referral when it
happened after the referral was made and on or before the same calendar date one year later,
both dates as the clocks in the UK read them (Europe/London). A referral made on 29 February
runs to 28 February of the next year. So a referral on 10 June 2025 covers instances up to and
including 10 June 2026 (365 days later, in a year without 29 February); a referral on
10 June 2023 covers 10 June 2024 (366 days later, because 29 February 2024 falls between).
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def uk_date(moment: datetime.datetime) -> datetime.date:
    """The calendar date in the UK at ``moment``."""
    return timezone.localtime(moment, LONDON).date()


def one_year_after(day: datetime.date) -> datetime.date:
    """The same calendar date a year later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February, and the next year has none
        return day.replace(year=day.year + 1, day=28)


def repeat_window_end(referred_at: datetime.datetime) -> datetime.date:
    """The last UK calendar date on which an instance of abuse is a repeat of this referral."""
    return one_year_after(uk_date(referred_at))


def within_repeat_window(*, referred_at: datetime.datetime, occurred_at: datetime.datetime) -> bool:
    """Whether an instance of abuse that happened at ``occurred_at`` is new since a referral
    made at ``referred_at`` and within 12 months of it (see the module's definition)."""
    return referred_at < occurred_at and uk_date(occurred_at) <= repeat_window_end(referred_at)


def agenda_order_key(
    *, is_repeat: bool, criteria: list[str], referred_at: datetime.datetime
) -> tuple:
    """Repeats first, then visible high risk, then potential escalation, then professional
    judgement alone; within each, the longest waiting first."""
    from harbour.marac.choices import Criterion

    return (
        not is_repeat,
        Criterion.HIGH_RISK not in criteria,
        Criterion.POTENTIAL_ESCALATION not in criteria,
        referred_at,
    )


# Reporting years run from October to September, as the national MARAC figures do.
YEAR_START_MONTH = 10


def reporting_year_of(day: datetime.date) -> int:
    """The year in which the reporting year holding ``day`` starts (October 2023 to September
    2024 is 2023)."""
    return day.year if day.month >= YEAR_START_MONTH else day.year - 1


def reporting_year_bounds(start_year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of the reporting year starting in October of ``start_year``."""
    return (
        datetime.date(start_year, YEAR_START_MONTH, 1),
        datetime.date(start_year + 1, YEAR_START_MONTH, 1) - datetime.timedelta(days=1),
    )


def last_completed_reporting_year(today: datetime.date) -> int:
    return reporting_year_of(today) - 1


def reporting_year_key(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"
