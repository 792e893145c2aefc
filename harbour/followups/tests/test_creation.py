"""Which incidents create a follow-up, and when it is due: 24 elapsed hours, clock changes too."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from harbour.followups.choices import Status
from harbour.followups.models import Followup
from harbour.followups.rules import clock_change_between, deadline_for
from harbour.followups.services import followup_create_for_incident
from harbour.incidents.services import incident_domestic_abuse_confirm

LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_a_pilot_incident_creates_a_follow_up_due_24_hours_after_the_visit(base):
    incident = base.incident()
    followup = Followup.objects.get(incident=incident)
    assert followup.status == Status.AWAITING_NOTICE
    assert followup.agency == base.idva_service
    assert followup.local_authority == base.pilot_area
    assert followup.person_id == incident.victim_id
    assert followup.due_at - incident.visited_at == datetime.timedelta(hours=24)
    assert followup.share is None  # nothing shared before the police record her answer


def test_incidents_elsewhere_create_none(base):
    base.incident(local_authority=base.other_area)
    assert not Followup.objects.exists()


def test_an_incident_visited_before_the_scheme_started_creates_none(base):
    base.scheme.starts_on = timezone.localdate()
    base.scheme.save()
    # Visited yesterday evening (UK time): the day before the scheme started.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    visited = datetime.datetime.combine(yesterday, datetime.time(23, 30), tzinfo=LONDON)
    base.incident(occurred_at=visited - datetime.timedelta(hours=1), visited_at=visited)
    assert not Followup.objects.exists()
    # From the first minute of its first day it applies.
    today = datetime.datetime.combine(timezone.localdate(), datetime.time(0, 0), tzinfo=LONDON)
    if today < timezone.now() - datetime.timedelta(minutes=10):
        base.incident(occurred_at=today - datetime.timedelta(minutes=30), visited_at=today)
        assert Followup.objects.count() == 1


def test_an_ended_or_inactive_scheme_creates_none(base):
    base.scheme.ends_on = timezone.localdate() - datetime.timedelta(days=2)
    base.scheme.save()
    base.incident()
    base.scheme.ends_on = None
    base.scheme.is_active = False
    base.scheme.save()
    base.incident()
    assert not Followup.objects.exists()


def test_incidents_not_confirmed_as_domestic_abuse_create_none(base):
    base.incident(domestic_abuse=None)
    base.incident(domestic_abuse=False)
    assert not Followup.objects.exists()


def test_one_follow_up_per_incident(base):
    incident = base.incident()
    incident_domestic_abuse_confirm(
        incident=incident, by=base.officer, domestic_abuse=True, note="Confirmed again"
    )
    again = followup_create_for_incident(incident=incident, by=base.officer)
    assert Followup.objects.filter(incident=incident).count() == 1
    assert again == Followup.objects.get(incident=incident)


def test_the_idva_service_defaults_to_the_one_covering_the_area(base):
    base.scheme.idva_service = None
    base.scheme.save()
    incident = base.incident()
    assert Followup.objects.get(incident=incident).agency == base.idva_service


def test_without_a_single_idva_service_confirmation_is_refused_and_nothing_changes(base):
    from harbour.accounts.factories import AgencyFactory
    from harbour.accounts.roles import AgencyKind

    second = AgencyFactory(name="Second Knowsley Service", kind=AgencyKind.IDVA_SERVICE)
    second.areas.set([base.pilot_area])
    base.scheme.idva_service = None
    base.scheme.save()
    incident = base.incident(domestic_abuse=None)
    with pytest.raises(ValidationError, match="no IDVA service"):
        incident_domestic_abuse_confirm(
            incident=incident, by=base.officer, domestic_abuse=True, note="Test"
        )
    incident.refresh_from_db()
    assert incident.domestic_abuse is None  # the confirmation rolled back with it
    assert not Followup.objects.exists()


# The deadline across the clock changes --------------------------------------------------------


def test_python_wall_clock_arithmetic_would_be_wrong_and_the_deadline_is_not():
    visit = datetime.datetime(2026, 3, 29, 0, 30, tzinfo=LONDON)  # GMT, before the change
    naive_sum = visit + datetime.timedelta(hours=24)  # wall clock: 25 real hours later
    assert naive_sum - visit != naive_sum.astimezone(datetime.UTC) - visit.astimezone(datetime.UTC)
    assert deadline_for(visit) - visit == datetime.timedelta(hours=24)


@pytest.mark.parametrize(
    ("visit", "shown", "change"),
    [
        # 29 March 2026: clocks go forward at 01:00 GMT. 24 hours after 00:30 GMT is 01:30 BST.
        (datetime.datetime(2026, 3, 29, 0, 30, tzinfo=LONDON), "30 March 2026, 01:30", 1),
        (datetime.datetime(2026, 3, 28, 18, 0, tzinfo=LONDON), "29 March 2026, 19:00", 1),
        # 25 October 2026: clocks go back at 02:00 BST. 24 hours after 00:30 BST is 23:30 GMT.
        (datetime.datetime(2026, 10, 25, 0, 30, tzinfo=LONDON), "25 October 2026, 23:30", -1),
        (datetime.datetime(2026, 10, 24, 21, 15, tzinfo=LONDON), "25 October 2026, 20:15", -1),
        # No change in between: the same time the next day.
        (datetime.datetime(2026, 7, 10, 14, 5, tzinfo=LONDON), "11 July 2026, 14:05", None),
    ],
)
def test_deadline_across_clock_changes_is_24_elapsed_hours_and_shown_in_uk_time(
    base, staff_client, visit, shown, change
):
    with time_machine.travel(visit + datetime.timedelta(hours=2), tick=False):
        incident = base.incident(occurred_at=visit - datetime.timedelta(hours=1), visited_at=visit)
        followup = Followup.objects.get(incident=incident)
        assert followup.due_at.astimezone(datetime.UTC) - visit.astimezone(
            datetime.UTC
        ) == datetime.timedelta(hours=24)
        found = clock_change_between(followup.police_visited_at, followup.due_at)
        assert (found.hours if found else None) == change
        # The officer's page shows the deadline in UK time, with the clock change explained.
        page = staff_client(base.officer).get(f"/staff/followups/notice/{incident.public_id}/")
        text = page.content.decode()
        assert shown in text
        if change == 1:
            assert "The clocks go forward in between" in text
        elif change == -1:
            assert "The clocks go back in between" in text
        else:
            assert "The clocks go" not in text
