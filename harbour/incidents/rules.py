"""Rules about incidents that need no database: the domestic abuse test, ages, due times.

Kept apart from the services so that they can be tested at their edges on their own.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.incidents import conf
from harbour.incidents.choices import PERSONALLY_CONNECTED, YesNoNotKnown

LONDON = ZoneInfo("Europe/London")


def age_on(date_of_birth: datetime.date, on: datetime.date) -> int:
    return (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )


def aged_16_or_over(
    *, date_of_birth: datetime.date | None, on: datetime.datetime, stated: str = ""
) -> str:
    """Yes, no or not known: from the date of birth where it is known, else as stated."""
    if date_of_birth is not None:
        day = timezone.localtime(on, LONDON).date() if timezone.is_aware(on) else on.date()
        return YesNoNotKnown.YES if age_on(date_of_birth, day) >= 16 else YesNoNotKnown.NO
    return stated or YesNoNotKnown.NOT_KNOWN


@dataclass(frozen=True)
class HarmerFacts:
    relationship: str
    aged_16_or_over: str


@dataclass(frozen=True)
class DomesticAbuseTest:
    """What section 1 of the Domestic Abuse Act 2021 says on the facts recorded."""

    result: str  # YesNoNotKnown
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return str(YesNoNotKnown(self.result).label)


def domestic_abuse_test(
    *, victim_aged_16_or_over: str, harmers: Iterable[HarmerFacts]
) -> DomesticAbuseTest:
    """Behaviour is domestic abuse when the two are each aged 16 or over and personally
    connected to each other (Domestic Abuse Act 2021, sections 1 and 2).

    "Yes" when she and at least one person harming her meet both conditions; "no" when she is
    under 16, or no one harming her is personally connected to her, or every one who is, is
    under 16; otherwise "not known" (an age is not known).
    """
    harmers = list(harmers)
    reasons: list[str] = []
    if not harmers:
        return DomesticAbuseTest(
            YesNoNotKnown.NOT_KNOWN, (_("No person harming her has been added yet."),)
        )
    if victim_aged_16_or_over == YesNoNotKnown.NO:
        return DomesticAbuseTest(
            YesNoNotKnown.NO,
            (
                _(
                    "She is under 16: this is not domestic abuse under the Act, but it is "
                    "child abuse. Follow child safeguarding procedures."
                ),
            ),
        )
    connected = [h for h in harmers if h.relationship in PERSONALLY_CONNECTED]
    if not connected:
        return DomesticAbuseTest(
            YesNoNotKnown.NO,
            (_("No person harming her is personally connected to her."),),
        )
    reasons.append(
        _("%(n)s of %(total)s people harming her are personally connected to her.")
        % {"n": len(connected), "total": len(harmers)}
    )
    adult = [h for h in connected if h.aged_16_or_over == YesNoNotKnown.YES]
    unknown = [h for h in connected if h.aged_16_or_over == YesNoNotKnown.NOT_KNOWN]
    if victim_aged_16_or_over == YesNoNotKnown.YES and adult:
        reasons.append(_("She and at least one of them are aged 16 or over."))
        return DomesticAbuseTest(YesNoNotKnown.YES, tuple(reasons))
    if not adult and not unknown:
        reasons.append(_("Everyone personally connected to her who harms her is under 16."))
        return DomesticAbuseTest(YesNoNotKnown.NO, tuple(reasons))
    if victim_aged_16_or_over == YesNoNotKnown.NOT_KNOWN:
        reasons.append(_("Her age is not known."))
    else:
        reasons.append(_("The age of the person harming her is not known."))
    return DomesticAbuseTest(YesNoNotKnown.NOT_KNOWN, tuple(reasons))


# Due times ----------------------------------------------------------------------------------


def next_school_day_start(after: datetime.datetime) -> datetime.datetime:
    """The start of the first school day after ``after`` (Operation Encompass: the school is
    told before the child arrives). School days are Monday to Friday, starting at
    ``HARBOUR_INCIDENTS_SCHOOL_DAY_START`` in UK time; the result is aware (UTC)."""
    start = conf.school_day_start()
    local = timezone.localtime(after, LONDON)
    day = local.date()
    while True:
        if day.weekday() < 5:
            candidate = datetime.datetime.combine(day, start).replace(tzinfo=LONDON)
            if candidate > local:
                return candidate.astimezone(datetime.UTC)
        day += datetime.timedelta(days=1)


def childrens_social_care_due(visited_at: datetime.datetime) -> datetime.datetime:
    return visited_at + datetime.timedelta(hours=conf.childrens_social_care_hours())


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same local day and time ``months`` calendar months earlier (the last day of the
    month when that month is shorter): "in the last 12 months" as people count it."""
    local = timezone.localtime(moment, LONDON) if timezone.is_aware(moment) else moment
    month_index = local.year * 12 + (local.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    last_day = (
        datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)
    ).day
    earlier = local.replace(year=year, month=month, day=min(local.day, last_day), tzinfo=None)
    if timezone.is_aware(moment):
        return earlier.replace(tzinfo=LONDON).astimezone(datetime.UTC)
    return earlier
