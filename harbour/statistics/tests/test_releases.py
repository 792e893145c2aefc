"""Releases: made once, stored, shown from storage; revisions only when their change is safe;
structural zeros published as such; the command and the daily task that make them."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from harbour.core.testing import run_worker
from harbour.statistics.models import Release
from harbour.statistics.periods import MONTH, QUARTER, PeriodLength
from harbour.statistics.registry import table_sets
from harbour.statistics.releases import (
    EXTRA_WITHHELD_BOUND,
    StructuralZeroError,
    release_make,
    releases_current,
    releases_publish_due,
    revision_consider,
    sum_of_releases,
)
from harbour.statistics.render import footnotes
from harbour.statistics.rules import SuppressionRules
from harbour.statistics.tables import TOTAL
from harbour.statistics.tasks import next_run, releases_schedule
from harbour.statistics.tests.releasing import Records, released_set

pytestmark = pytest.mark.django_db

JANUARY = MONTH.containing(datetime.date(2026, 1, 1))
FEBRUARY_2ND = datetime.datetime(2026, 2, 2, 9, tzinfo=datetime.UTC)
# Halton-like "a" has a small count (3), protected with "b"'s counts; "c" is shown in full.
COUNTS = {("a", "x"): 12, ("a", "y"): 3, ("b", "x"): 20, ("b", "y"): 15, ("c", "x"): 25}


def january(records: Records, counts=COUNTS) -> None:
    for keys, n in counts.items():
        records.add(datetime.date(2026, 1, 10), *keys, times=n)


def make(records: Records, **options):
    options.setdefault("dimensions", {"area": ["a", "b", "c", "d"], "kind": ["x", "y"]})
    options.setdefault("tables", [("area",), ("area", "kind")])
    return released_set(records, **options)


def shown(registry, name="test.releases") -> dict:
    release = releases_current(name=name, registry=registry)[-1]
    return {
        keys: str(cell)
        for keys, cell in release.protected_tables()["area-kind"].cells()
        if TOTAL not in keys
    }


def test_periods_have_stable_keys_and_labels():
    reporting_year = PeriodLength(12, first_month=10)
    year = reporting_year.containing(datetime.date(2026, 3, 4))
    assert (year.key, year.label) == ("2025-26", "October 2025 to September 2026")
    quarter = QUARTER.containing(datetime.date(2026, 5, 20))
    assert (quarter.key, quarter.label) == ("2026-Q2", "April to June 2026")
    assert (quarter.next().key, quarter.previous().key) == ("2026-Q3", "2026-Q1")
    assert MONTH.containing(datetime.date(2026, 12, 31)).next().key == "2027-01"
    assert QUARTER.from_key("2026-Q2") == quarter
    assert reporting_year.from_key("2025-26") == year
    with pytest.raises(ValueError, match="not a quarterly period"):
        QUARTER.from_key("2026-Q5")


def test_a_release_is_made_once_and_never_changes_when_records_do():
    records = Records()
    january(records)
    registry, spec = make(records)
    releases_publish_due(registry=registry, now=FEBRUARY_2ND)
    before = shown(registry)
    records.add(datetime.date(2026, 1, 11), "c", "x", times=7)  # late records
    releases_publish_due(registry=registry, now=FEBRUARY_2ND)  # nothing is due
    again = release_make(name=spec.name, period=JANUARY, registry=registry, now=FEBRUARY_2ND)
    assert again.revision == 0 and Release.objects.count() == 1
    assert shown(registry) == before
    assert before[("c", "x")] == "25" and before[("a", "y")] == "[c]"


def test_only_complete_periods_are_released_and_after_their_lag():
    records = Records()
    january(records)
    registry, spec = make(records)
    with pytest.raises(ValueError, match="has not ended"):
        release_make(
            name=spec.name,
            period=JANUARY,
            registry=registry,
            now=datetime.datetime(2026, 1, 20, tzinfo=datetime.UTC),
        )
    registry.register(dataclasses.replace(spec, name="test.lag", lag_days=7))
    summary = releases_publish_due(registry=registry, now=FEBRUARY_2ND)
    assert [r.table_set for r in summary.released] == ["test.releases"]


def test_a_late_record_appears_only_in_a_revision_once_the_change_is_safe():
    records = Records()
    january(records)
    registry, spec = make(records)
    releases_publish_due(registry=registry, now=FEBRUARY_2ND)
    records.add(datetime.date(2026, 1, 12), "c", "x")  # one late record: 25 becomes 26
    a_year_on = datetime.datetime(2027, 2, 3, 9, tzinfo=datetime.UTC)
    too_soon = revision_consider(name=spec.name, period=JANUARY, registry=registry)
    assert too_soon.status == "not due"
    held = revision_consider(name=spec.name, period=JANUARY, registry=registry, now=a_year_on)
    assert held.status == "held back" and "fewer than 5" in held.why
    first = Release.objects.get()
    assert first.held_back.startswith("Held back on 3 February 2027")
    assert first.next_revision_on == datetime.date(2028, 2, 3)
    assert shown(registry)[("c", "x")] == "25"
    records.add(datetime.date(2026, 1, 12), "c", "x", times=5)  # six late records in all
    revised = revision_consider(
        name=spec.name,
        period=JANUARY,
        registry=registry,
        force=True,
        reason="Six incidents recorded after the month closed.",
        now=a_year_on,
    )
    assert revised.status == "published"
    assert shown(registry)[("c", "x")] == "31"
    current = releases_current(name=spec.name, registry=registry)[-1]
    assert current.release.revision == 1
    [note] = current.revision_notes()
    assert note.startswith("Revised on 3 February 2027. Six incidents recorded after")
    assert "figures changed" in note
    assert current.first_published == first.made_at
    assert Release.objects.count() == 2  # the first release is kept as it was


def test_a_withdrawn_support_is_not_shown_by_a_revision():
    """yes 8 / no 0 must not become [c] / [c]: that would say a woman changed her mind."""
    records = Records()
    january(records, {("a", "x"): 8, ("b", "x"): 30, ("b", "y"): 25})
    registry, spec = make(records)
    releases_publish_due(registry=registry, now=FEBRUARY_2ND)
    records.correct(datetime.date(2026, 1, 10), ("a", "x"), ("a", "y"))
    held = revision_consider(name=spec.name, period=JANUARY, registry=registry, force=True)
    assert held.status == "held back"
    assert shown(registry)[("a", "x")] == "8" and shown(registry)[("a", "y")] == "0"


def test_information_lost_is_printed_and_revisions_stay_within_the_bound():
    records = Records()
    january(records)
    registry, spec = make(records)
    releases_publish_due(registry=registry, now=FEBRUARY_2ND)
    release = releases_current(name=spec.name, registry=registry)[-1]
    share, alone = release.information_lost()
    assert share == alone > 0
    assert release.information_lost_note() == (
        f"Information lost: {share:.0%} of figures withheld ({alone:.0%} if this period were "
        "protected on its own)."
    )
    records.add(datetime.date(2026, 1, 12), "a", "y", times=6)
    records.add(datetime.date(2026, 1, 12), "c", "x", times=9)
    revision_consider(name=spec.name, period=JANUARY, registry=registry, force=True)
    for release in Release.objects.all():
        assert release.withheld_share <= release.alone_withheld_share + EXTRA_WITHHELD_BOUND


def test_structural_zeros_are_published_as_such_even_when_zeros_are_withheld():
    records = Records(structural={("d", "x"), ("d", "y")})
    january(records)
    registry, _spec = make(records, rules=SuppressionRules(suppress_zeros=True))
    releases_publish_due(registry=registry, now=FEBRUARY_2ND)
    cells = shown(registry)
    assert cells[("d", "x")] == cells[("d", "y")] == "[z]"
    assert cells[("c", "y")] == "[c]"  # a zero that is not by design is withheld
    table = releases_current(name="test.releases", registry=registry)[-1].protected_tables()
    assert table["area"].cell("d").structural
    assert "[z]: none, by design" in " ".join(footnotes(table["area-kind"]))


def test_records_in_a_structural_zero_stop_that_set_and_no_other():
    records = Records(structural={("d", "x")})
    january(records, {**COUNTS, ("d", "x"): 1})
    registry, _spec = make(records)
    good = Records()
    january(good)
    _registry, good_spec = make(good, name="test.good")
    registry.register(good_spec)
    summary = releases_publish_due(registry=registry, now=FEBRUARY_2ND)
    assert [r.table_set for r in summary.released] == ["test.good"]
    assert "declared zero by design (d, x)" in summary.failed[0]
    with pytest.raises(StructuralZeroError):
        release_make(name="test.releases", period=JANUARY, registry=registry, now=FEBRUARY_2ND)


def test_longer_periods_are_sums_of_released_ones_withheld_where_any_part_is():
    records = Records()
    january(records)
    february = {("a", "x"): 12, ("a", "y"): 10, ("b", "x"): 20, ("b", "y"): 15, ("c", "x"): 9}
    for keys, n in february.items():
        records.add(datetime.date(2026, 2, 10), *keys, times=n)
    registry, spec = make(records)
    releases_publish_due(registry=registry, now=datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC))
    releases = releases_current(name=spec.name, registry=registry)
    assert [r.key for r in releases] == ["2026-01", "2026-02"]
    total = sum_of_releases(releases, "area-kind")
    assert total.cell("c", "x").value == 34
    assert total.cell("a", "y").value is None  # January's 3 is withheld


@pytest.mark.django_db(transaction=True)  # the worker runs the task as in production
def test_the_daily_task_makes_what_is_due_and_queues_its_next_run():
    records = Records()
    january(records)
    _registry, spec = make(records)
    table_sets.register(spec)
    try:
        with time_machine.travel(FEBRUARY_2ND, tick=False):
            assert releases_schedule() is True
            assert releases_schedule() is False  # one run waiting is enough
            waiting = DBTaskResult.objects.get()
            assert waiting.run_after == next_run()
            assert timezone.localtime(waiting.run_after).hour == 6
        with time_machine.travel(waiting.run_after + datetime.timedelta(minutes=1), tick=False):
            run_worker()
            assert Release.objects.filter(table_set=spec.name).count() == 1
            tomorrow = DBTaskResult.objects.get(status="READY")  # it queued its next run
            assert tomorrow.run_after == waiting.run_after + datetime.timedelta(days=1)
    finally:
        table_sets.unregister(spec.name)


def test_the_command_publishes_what_is_due_and_refuses_bad_input(capsys):
    with pytest.raises(CommandError, match="no published table set"):
        call_command("publish_releases", "nothing.here")
    with pytest.raises(CommandError, match="not a yearly period"):
        call_command("publish_releases", "marac.cases", "--revise", "2026-Q1")
    call_command("publish_releases")
    assert "0 releases made" in capsys.readouterr().out


def test_estimates_are_worked_out_at_release_from_the_published_tables_and_stored():
    records = Records()
    january(records)
    registry, spec = make(records)
    seen = []

    def estimates(period, tables):
        seen.append(period.key)
        row = tables["area-kind"]
        # What a reader holds: the withheld cell has no value to divide.
        return {
            "records": len(records.counts(period)),
            "a_y": row.cell("a", "y").value,
            "c_x_share": str(row.cell("c", "x").value / row.cell("c", TOTAL).value),
        }

    registry.unregister(spec.name)
    registry.register(dataclasses.replace(spec, estimates=estimates))
    releases_publish_due(registry=registry, now=FEBRUARY_2ND)
    stored = releases_current(name=spec.name, registry=registry)[-1]
    assert stored.estimates == {"records": 5, "a_y": None, "c_x_share": "1.0"}
    records.add(datetime.date(2026, 1, 12), "d", "y", times=6)  # late records
    releases_publish_due(registry=registry, now=FEBRUARY_2ND)
    assert releases_current(name=spec.name, registry=registry)[-1].estimates["records"] == 5
    assert seen == ["2026-01"], "a page or a second run never works them out again"
    revision_consider(
        name=spec.name,
        period=JANUARY,
        registry=registry,
        force=True,
        now=datetime.datetime(2027, 2, 3, 9, tzinfo=datetime.UTC),
    )
    revised = releases_current(name=spec.name, registry=registry)[-1]
    assert revised.release.revision == 1 and revised.estimates["records"] == 6
    first = Release.objects.get(revision=0)
    assert first.estimates["records"] == 5, "each version keeps its own"


def test_only_a_released_set_stores_estimates():
    records = Records()
    _registry, spec = make(records)
    with pytest.raises(ValueError, match="only a released set stores estimates"):
        dataclasses.replace(spec, period=None, starts=None, estimates=lambda p, t: {})
