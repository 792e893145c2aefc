"""The synthetic region: reproducible from a seed, records that follow the evaluation's panel
model, relations that hold, summaries that match a recount, and a planted effect recovered."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Min
from django.test import override_settings
from django.utils import timezone

from harbour.core import doors
from harbour.demo.region import UK, RegionGenerator, RegionSpec, monthly_shares
from harbour.demo.region_load import RegionRefused, region_load
from harbour.insights import evaluation
from harbour.insights import panel as panel_model
from harbour.insights.summaries import summaries_differences


def _rows(spec: RegionSpec, size: int = 100_000) -> dict[str, dict[str, list]]:
    tables: dict[str, dict[str, list]] = {}
    for batch in RegionGenerator(spec).batches(size=size):
        table = tables.setdefault(batch.table, {})
        for name, values in batch.columns.items():
            values = values.tolist() if isinstance(values, np.ndarray) else list(values)
            table.setdefault(name, []).extend(values)
    return tables


def _incident_rows(tables):
    incidents = tables["incident"]
    return zip(
        incidents["local_authority_id"],
        incidents["occurred_at"],
        incidents["kind"],
        incidents["supports_action"],
        strict=True,
    )


def test_the_same_seed_gives_the_same_rows_whatever_the_batches():
    spec = RegionSpec(incidents=1500, seed=5)
    first = _rows(spec)
    assert _rows(RegionSpec(incidents=1500, seed=5), size=257) == first
    assert _rows(RegionSpec(incidents=1500, seed=6))["incident"] != first["incident"]
    assert set(first) == {
        "person", "involvement", "incident", "harmer", "assessment", "referral",
        "marac_referral", "meeting", "hearing", "share", "followup",
    }  # fmt: skip
    assert 1300 < len(first["incident"]["public_id"]) < 1700


def test_counted_by_area_and_month_the_incidents_are_the_panel():
    spec = RegionSpec(incidents=3000, seed=9, effect=0.05)
    generator = RegionGenerator(spec)
    tables = _rows(spec)
    incidents, supported = monthly_shares(spec, _incident_rows(tables))
    np.testing.assert_array_equal(incidents, generator.panel.incidents)
    np.testing.assert_array_equal(supported, generator.panel.supported)


def test_relations_hold_in_the_generated_rows():
    spec = RegionSpec(incidents=4000, seed=2)
    tables = _rows(spec)
    incidents = tables["incident"]
    occurred = dict(enumerate(incidents["occurred_at"]))
    police = [k == "police" for k in incidents["kind"]]
    # Only the police record whether she supports police action, and visit.
    assert all((s != "") == p for s, p in zip(incidents["supports_action"], police, strict=True))
    assert all((v is not None) == p for v, p in zip(incidents["visited_at"], police, strict=True))
    # A checklist for police incidents only, after the incident; a mix of levels.
    assessments = tables["assessment"]
    assert all(police[i] for i in assessments["incident_id"])
    levels = Counter(assessments["level"])
    assert 0.08 < levels["high"] / sum(levels.values()) < 0.3
    assert levels["medium"] > levels["high"] and levels["standard"] > levels["medium"]
    # Referrals after the assessment; MARAC only for her after a high-risk assessment.
    high_at: dict[int, list] = {}
    for person, level, at in zip(
        assessments["person_id"], assessments["level"], assessments["assessed_at"], strict=True
    ):
        if level == "high":
            high_at.setdefault(person, []).append(at)
    maracs = tables["marac_referral"]
    assert maracs["person_id"], "no MARAC case at all"
    for person, at in zip(maracs["person_id"], maracs["referred_at"], strict=True):
        assert any(high <= at for high in high_at[person])
    assert any(maracs["is_repeat"])
    for number, repeat_of in enumerate(maracs["repeat_of_id"]):
        if repeat_of is not None:
            assert maracs["person_id"][repeat_of] == maracs["person_id"][number]
            gap = maracs["referred_at"][number] - maracs["referred_at"][repeat_of]
            assert gap <= datetime.timedelta(days=365)
    # Follow-ups: exactly the police incidents in the pilot areas whose first police visit
    # was on or after the scheme's start (UK date).
    starts = {area: spec.scheme_start(area) for area in spec.adoption}
    covered = {
        i
        for i, (p, area, visit) in enumerate(
            zip(police, incidents["local_authority_id"], incidents["visited_at"], strict=True)
        )
        if p and area in starts and _uk_date(visit) >= starts[area]
    }
    assert covered and set(tables["followup"]["incident_id"]) == covered
    assert _sent_after_incident(occurred, tables["referral"], assessments)


def _uk_date(utc: datetime.datetime) -> datetime.date:
    return utc.replace(tzinfo=datetime.UTC).astimezone(UK).date()


def _sent_after_incident(occurred, referrals, assessments) -> bool:
    """Every referral was sent after the first incident assessed for her."""
    by_person: dict[int, datetime.datetime] = {}
    for person, incident in zip(assessments["person_id"], assessments["incident_id"], strict=True):
        by_person.setdefault(person, occurred[incident])
    return all(
        sent > by_person[person]
        for person, sent in zip(referrals["person_id"], referrals["sent_at"], strict=True)
    )


def test_a_planted_effect_is_recovered_by_the_evaluation():
    # Few distinct identities: the people are not what this test is about, and are slow to draw.
    spec = RegionSpec(incidents=40_000, seed=11, effect=0.08, disclosure_share=0.0, identities=300)
    tables = _rows(spec)
    incidents, supported = monthly_shares(spec, _incident_rows(tables))
    adoption = tuple(spec.adoption.get(area) for area in spec.areas)
    result = evaluation.randomisation_test(supported / incidents, adoption, pretrends=False)
    low, high = result.interval
    assert low <= 0.08 <= high
    assert result.reject  # an effect this size is told from none
    # The panel of the same draws without the effect (common random numbers).
    untreated = panel_model.generate(replace(spec.panel_spec, effect=0.0), seed=spec.seed)
    plain = evaluation.estimate(untreated.share, adoption).att
    # The same draws but the effect (common random numbers): the difference is about the effect.
    assert abs(result.att - plain - 0.08) < 0.03


def test_bad_sizes_are_refused():
    with pytest.raises(ValueError, match="incidents"):
        RegionSpec(incidents=10)
    with pytest.raises(ValueError, match="adoption"):
        RegionSpec(incidents=1000, adoption={"Warrington": 3})


# Loading ----------------------------------------------------------------------------------------


def _check_loaded(spec: RegionSpec) -> None:
    from harbour.followups.models import Followup
    from harbour.incidents.models import Incident
    from harbour.marac.models import MaracReferral
    from harbour.people.models import Person  # noqa: TID251 (the loaded rows, in a door)
    from harbour.referrals.models import Referral
    from harbour.risk.models import Assessment

    tables = _rows(spec)
    stored = list(Incident.objects.order_by("id").values_list("public_id", "occurred_at"))
    assert [p for p, _ in stored] == tables["incident"]["public_id"]
    assert [o.replace(tzinfo=None) for _, o in stored] == tables["incident"]["occurred_at"]
    assert summaries_differences() == {}
    with doors.opened("test: reading synthetic records"):
        first = Person.objects.order_by("id").first()
        assert first.given_name == tables["person"]["given_name"][0]
        assert first.date_of_birth == tables["person"]["date_of_birth"][0]
        answers = Assessment.objects.order_by("id").first().answers
        assert set(answers.values()) <= {"yes", "no", "not_known"}
    # MARAC only for high risk; follow-ups only in the pilot areas after their start.
    assert not MaracReferral.objects.exclude(
        person__in=Assessment.objects.filter(level="high").values("person")
    ).exists()
    followups = Followup.objects.select_related("scheme", "local_authority")
    assert followups.exists()
    for followup in followups:
        assert followup.local_authority.name in spec.adoption
        assert followup.scheme.covers(timezone.localtime(followup.police_visited_at).date())
        assert followup.incident.occurred_at < followup.police_visited_at
    first_incident = Incident.objects.aggregate(first=Min("occurred_at"))["first"]
    assert not Referral.objects.filter(sent_at__lt=first_incident).exists()


@pytest.mark.django_db
def test_loaded_by_the_orm_the_rows_are_the_generated_ones():
    spec = RegionSpec(incidents=600, seed=3)
    report = region_load(spec, method="orm")
    assert report.rows["incident"] == len(_rows(spec)["incident"]["public_id"])
    _check_loaded(spec)
    # A second region would mix with the first: refused, and nothing changes.
    with pytest.raises(RegionRefused, match="holds"):
        region_load(spec)
    with pytest.raises(CommandError, match="holds"):
        call_command("synthetic_region", incidents=600)


@pytest.mark.django_db
def test_loaded_by_copy_on_postgresql_the_rows_are_the_generated_ones():
    if connection.vendor != "postgresql":
        with pytest.raises(RegionRefused, match="PostgreSQL"):
            region_load(RegionSpec(incidents=600, seed=3), method="copy")
        return
    spec = RegionSpec(incidents=600, seed=3)
    report = region_load(spec, method="copy")
    assert report.method == "copy"
    assert report.tokens > 0
    _check_loaded(spec)


@pytest.mark.django_db
def test_refused_outside_test_and_demo_modes():
    production = override_settings(HARBOUR_MODE="production", PRODUCTION=True)
    with production, pytest.raises(RegionRefused, match="HARBOUR_MODE"):
        region_load(RegionSpec(incidents=600))
    with pytest.raises(CommandError, match="incidents"):
        call_command("synthetic_region", incidents=5)
