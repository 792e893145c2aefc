"""Work-queue providers (``harbour.core.queues``): what MARAC asks of each user.

Titles carry references, agencies and dates, never names: the staff home page may be read over
a shoulder.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from harbour.core.queues import Priority, WorkItem
from harbour.marac import queries
from harbour.marac.choices import Criterion, ReferralStatus
from harbour.marac.models import MaracReferral, Meeting
from harbour.marac.rules import LONDON
from harbour.people.queries import may_work_with_people


def _day(value: datetime.date | datetime.datetime) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return date_format(value, "j M Y")


def end_of_day(day: datetime.date) -> datetime.datetime:
    """An action due on ``day`` may be done until midnight at the end of it, UK time."""
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), LONDON)


def referrals_to_list(user) -> Iterable[WorkItem]:
    """Coordinators: referrals waiting for a meeting, due at the MARAC's next meeting."""
    maracs = list(queries.coordinated_maracs(user))
    if not maracs:
        return []
    next_meeting = {}
    for meeting in Meeting.objects.filter(
        marac__in=maracs, cancelled_at__isnull=True, starts_at__gt=timezone.now()
    ).order_by("-starts_at"):
        next_meeting[meeting.marac_id] = meeting.starts_at
    items = []
    for referral in MaracReferral.objects.filter(
        marac__in=maracs, status=ReferralStatus.OPEN
    ).select_related("marac"):
        urgent = referral.is_repeat or referral.meets(Criterion.HIGH_RISK)
        items.append(
            WorkItem(
                kind=_("MARAC referral"),
                title=(
                    _("List repeat referral %(ref)s for a %(marac)s meeting")
                    if referral.is_repeat
                    else _("List referral %(ref)s for a %(marac)s meeting")
                )
                % {"ref": referral.reference, "marac": referral.marac.name},
                url=reverse("marac:referral", args=[referral.public_id]),
                priority=Priority.URGENT if urgent else Priority.HIGH,
                due=next_meeting.get(referral.marac_id),
                created=referral.referred_at,
                detail=", ".join(queries.criteria_labels(referral.criteria)),
            )
        )
    return items


def coordinator_follow_up(user) -> Iterable[WorkItem]:
    """Coordinators: outcomes to record, overdue actions to chase, cases ready to close."""
    maracs = list(queries.coordinated_maracs(user))
    if not maracs:
        return []
    items = []
    for hearing in queries.hearings_without_outcome(maracs=maracs):
        items.append(
            WorkItem(
                kind=_("MARAC hearing"),
                title=_("Record the outcome of case %(ref)s (meeting on %(date)s)")
                % {"ref": hearing.reference, "date": _day(hearing.meeting.starts_at)},
                url=reverse("marac:hearing", args=[hearing.public_id]),
                priority=Priority.HIGH,
                due=hearing.meeting.starts_at + datetime.timedelta(days=1),
                created=hearing.meeting.starts_at,
            )
        )
    for action in queries.overdue_actions_for_maracs(maracs=maracs):
        items.append(
            WorkItem(
                kind=_("MARAC action overdue"),
                title=_("Action for %(agency)s on case %(ref)s was due on %(date)s")
                % {
                    "agency": action.agency.name,
                    "ref": action.hearing.reference,
                    "date": _day(action.due_on),
                },
                url=reverse("marac:hearing", args=[action.hearing.public_id]),
                priority=Priority.HIGH,
                due=end_of_day(action.due_on),
                created=action.created_at,
            )
        )
    for referral in queries.cases_ready_to_close(maracs=maracs):
        items.append(
            WorkItem(
                kind=_("MARAC case"),
                title=_("Every action on case %(ref)s is complete: close it")
                % {"ref": referral.reference},
                url=reverse("marac:referral", args=[referral.public_id]),
                priority=Priority.NORMAL,
                created=referral.referred_at,
            )
        )
    return items


def agency_actions(user) -> Iterable[WorkItem]:
    """Every casework user of an agency: its open MARAC actions (overdue first, by the queue's
    order) and the cases it was invited to hear and has not yet said what it knows about."""
    if not may_work_with_people(user):
        return []
    items = []
    for action in queries.open_actions_for_agency(agency_id=user.agency_id):
        items.append(
            WorkItem(
                kind=_("MARAC action"),
                title=_("MARAC action on case %(ref)s, due by %(date)s")
                % {"ref": action.hearing.reference, "date": _day(action.due_on)},
                url=reverse("marac:action", args=[action.public_id]),
                priority=Priority.HIGH,
                due=end_of_day(action.due_on),
                created=action.created_at,
                detail=action.hearing.meeting.marac.name,
            )
        )
    for hearing in queries.hearings_needing_information(agency_id=user.agency_id):
        items.append(
            WorkItem(
                kind=_("MARAC research"),
                title=_("Record what your agency knows for case %(ref)s (MARAC on %(date)s)")
                % {"ref": hearing.reference, "date": _day(hearing.meeting.starts_at)},
                url=reverse("marac:hearing", args=[hearing.public_id]),
                priority=Priority.HIGH,
                due=hearing.meeting.starts_at,
                created=hearing.listed_at,
                detail=hearing.meeting.marac.name,
            )
        )
    return items


PROVIDERS = (referrals_to_list, coordinator_follow_up, agency_actions)
