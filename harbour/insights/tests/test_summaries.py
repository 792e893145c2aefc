"""The summary tables stay equal to a raw recount through random writes, corrections and
deletions, and the rebuild puts right writes that sent no signal."""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.management import call_command
from django.db import transaction

from harbour.incidents.choices import IncidentKind
from harbour.incidents.models import Incident
from harbour.insights.models import IncidentSummary
from harbour.insights.summaries import (
    incidents_recount,
    incidents_summarised,
    quarter_of,
    summaries_differences,
    summaries_rebuild,
)

START = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


def _moment(rng: random.Random) -> datetime.datetime:
    # Two years, with a good share near quarter ends (the UK-time boundary matters).
    if rng.random() < 0.3:
        month = rng.choice([3, 6, 9, 12])
        end = datetime.datetime(rng.choice([2025, 2026]), month, 28, tzinfo=datetime.UTC)
        return end + datetime.timedelta(days=rng.randint(0, 4), minutes=rng.randint(0, 1439))
    return START + datetime.timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60))


def _kind_change(incident: Incident, kind: str) -> None:
    incident.kind = kind
    police = kind == IncidentKind.POLICE
    incident.visited_at = incident.occurred_at + datetime.timedelta(hours=1) if police else None
    incident.supports_action = "yes" if police else ""


def test_a_quarter_is_counted_in_uk_time():
    # 23:30 UTC on 31 March 2026 is 00:30 on 1 April in the UK (summer time).
    late = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)
    assert quarter_of(late) == datetime.date(2026, 4, 1)
    assert quarter_of(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)) == (
        datetime.date(2026, 10, 1)
    )


@pytest.mark.parametrize("seed", range(4))
def test_random_writes_corrections_and_deletions_keep_the_summaries_equal_to_a_recount(base, seed):
    rng = random.Random(seed)
    live: list[Incident] = []
    for step in range(60):
        action = rng.random()
        if action < 0.45 or not live:
            kind = rng.choice(list(IncidentKind.values))
            live.append(
                base.incident(area=rng.choice(base.areas), occurred_at=_moment(rng), kind=kind)
            )
        elif action < 0.6:  # a correction of where
            incident = rng.choice(live)
            incident.local_authority = rng.choice(base.areas)
            incident.save(update_fields=["local_authority"])
        elif action < 0.7:  # of when, saved whole
            incident = rng.choice(live)
            incident.occurred_at = _moment(rng)
            incident.visited_at = (
                incident.occurred_at + datetime.timedelta(hours=1) if incident.visited_at else None
            )
            incident.save()
        elif action < 0.77:  # of which kind
            incident = rng.choice(live)
            _kind_change(incident, rng.choice(list(IncidentKind.values)))
            incident.save()
        elif action < 0.82:  # a save that changes nothing counted
            incident = rng.choice(live)
            incident.force_reference = f"MP/{step}"
            incident.save(update_fields=["force_reference"])
        elif action < 0.87:  # a correction rolled back with its transaction
            incident = rng.choice(live)
            with pytest.raises(RuntimeError), transaction.atomic():
                Incident.objects.get(pk=incident.pk).delete()
                raise RuntimeError("the service failed")
        else:
            live.pop(rng.randrange(len(live))).delete()
    assert incidents_summarised() == incidents_recount()
    assert sum(incidents_recount().values()) == len(live) == Incident.objects.count()
    assert summaries_differences() == {}
    assert not IncidentSummary.objects.filter(count__lt=0).exists()


def test_the_rebuild_puts_right_writes_that_sent_no_signal(base):
    incidents = [
        base.incident(area=base.areas[i % 3], occurred_at=START + datetime.timedelta(days=40 * i))
        for i in range(6)
    ]
    Incident.objects.filter(pk=incidents[0].pk).update(local_authority=base.areas[2])
    differences = summaries_differences()
    assert differences  # the summary still has it in the old area
    with pytest.raises(SystemExit):
        call_command("insights_rebuild", "--check")
    assert summaries_rebuild() == len(incidents_recount())
    assert summaries_differences() == {}
    call_command("insights_rebuild", "--check")  # in step: no error
    # A delete of what the summary no longer had is logged, never stored as a negative count.
    IncidentSummary.objects.all().delete()
    incidents[1].delete()
    assert not IncidentSummary.objects.exists()
    call_command("insights_rebuild")
    assert summaries_differences() == {}
