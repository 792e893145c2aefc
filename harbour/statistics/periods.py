"""The periods a table set is released for: months, quarters or years, fixed on the calendar.

A table set has one period length, chosen for its volume (a month where counts are large, a
quarter or a year where they are small). A period is a span of whole days, from its first day
to the day before the next period starts, in UK time. Longer periods are never released as
running totals: they are sums of released ones (see ``releases.sum_of_releases``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext


@dataclass(frozen=True)
class PeriodLength:
    """``months`` long (1, 3 or 12), with years (and so quarters) starting in ``first_month``:
    ``PeriodLength(12, first_month=10)`` is the October-to-September reporting year."""

    months: int
    first_month: int = 1

    def __post_init__(self) -> None:
        if self.months not in (1, 3, 12):
            raise ValueError("a period is 1, 3 or 12 months long")
        if not 1 <= self.first_month <= 12:
            raise ValueError("first_month must be from 1 to 12")

    def containing(self, day: datetime.date) -> Period:
        """The period ``day`` falls in."""
        offset = (day.month - self.first_month) % 12
        start_month = day.month - offset % self.months
        year = day.year
        if start_month < 1:
            start_month += 12
            year -= 1
        return Period(self, datetime.date(year, start_month, 1))

    def from_key(self, key: str) -> Period:
        """The period whose key is ``key``; a ValueError for any other text."""
        candidate = self._parse(key)
        if candidate is None or candidate.key != key:
            raise ValueError(f"{key!r} is not a {self} period")
        return candidate

    def _parse(self, key: str) -> Period | None:
        try:
            year = int(key[:4])
            if self.months == 1:
                return self.containing(datetime.date(year, int(key[5:7]), 1))
            if self.months == 3:
                quarter = int(key.split("-Q")[1])
                first = datetime.date(year, self.first_month, 1)
                return self._shift(Period(self, first), 3 * (quarter - 1))
            return Period(self, datetime.date(year, self.first_month, 1))
        except (ValueError, IndexError):
            return None

    def _shift(self, period: Period, months: int) -> Period:
        total = period.start.year * 12 + period.start.month - 1 + months
        return Period(self, datetime.date(total // 12, total % 12 + 1, 1))

    def __str__(self) -> str:
        return {1: "monthly", 3: "quarterly", 12: "yearly"}[self.months]


MONTH = PeriodLength(1)
QUARTER = PeriodLength(3)
YEAR = PeriodLength(12)


@dataclass(frozen=True, order=True)
class Period:
    """One period: its length and its first day."""

    length: PeriodLength
    start: datetime.date

    @property
    def end(self) -> datetime.date:
        """The first day after the period."""
        return self.length._shift(self, self.length.months).start

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)

    def next(self) -> Period:
        return self.length._shift(self, self.length.months)

    def previous(self) -> Period:
        return self.length._shift(self, -self.length.months)

    @property
    def key(self) -> str:
        """A stable key: ``2026-03``, ``2026-Q1`` (quarters counted from the year's first
        month) or ``2025-26`` (a year not starting in January) / ``2026``."""
        if self.length.months == 1:
            return f"{self.start:%Y-%m}"
        if self.length.months == 3:
            offset = (self.start.month - self.length.first_month) % 12
            year = self.start.year - (1 if self.start.month < self.length.first_month else 0)
            return f"{year}-Q{offset // 3 + 1}"
        if self.length.first_month == 1:
            return f"{self.start.year}"
        return f"{self.start.year}-{(self.start.year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        """How the period reads: "March 2026", "January to March 2026",
        "October 2025 to September 2026"."""
        if self.length.months == 1:
            return date_format(self.start, "F Y")
        return gettext("%(start)s to %(end)s") % {
            "start": date_format(self.start, "F" if self._one_year else "F Y"),
            "end": date_format(self.last_day, "F Y"),
        }

    @property
    def _one_year(self) -> bool:
        return self.start.year == self.last_day.year

    def is_complete(self, today: datetime.date) -> bool:
        return self.end <= today

    def datetimes(self, zone: datetime.tzinfo) -> tuple[datetime.datetime, datetime.datetime]:
        """The period as aware times in ``zone``: from its first moment to the next period's."""
        return (
            datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone),
            datetime.datetime.combine(self.end, datetime.time.min, tzinfo=zone),
        )


def periods_between(length: PeriodLength, first: datetime.date, today: datetime.date):
    """Every complete period from the one holding ``first`` up to ``today``, oldest first."""
    period = length.containing(first)
    while period.is_complete(today):
        yield period
        period = period.next()
