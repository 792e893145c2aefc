"""A synthetic region at any size: years of activity by the partnership's agencies, made from
a seed, for benches, demos and the evaluation's tests. Synthetic data only.

From a seed and a number of incidents (thousands to ten million) it makes, for the reference
region's six areas over four years (``RegionSpec``):

- **incidents**, police-recorded and disclosed to other agencies. The police incidents of each
  area and month, and how many of them record that she supports police action, are those of
  the evaluation's panel model (``harbour.insights.panel.generate``: counts in proportion to
  population with summer and Christmas peaks; a share with area effects, a seasonal swing, a
  trend, AR(1) shocks, and the follow-up scheme's planted effect, which may vary by area), so
  the records, counted by area and month, *are* a draw of that panel. Each incident has a time
  (evenings and nights commoner), a first police visit, children, and an outcome code;
- **people** (``harbour.demo.population``): each victim with the person harming her; about two
  in five incidents are a repeat against a victim of an earlier incident in her area;
- **DASH risk assessments** (the police checklist) for nine police incidents in ten, with a
  risk-level mix that varies by area and is higher for repeat victims (some raised to high by
  professional judgement);
- **referrals** from the police to the IDVA service (high risk) or the victim care hub
  (medium), accepted, declined or closed with an outcome;
- **MARAC** cases for high risk, with repeats (a further referral within twelve months of her
  last), fortnightly meetings of each area's MARAC, hearings and closures;
- **24-hour follow-ups** for police incidents in the pilot areas visited on or after their
  scheme's start, with what she was told, the visit and her decision.

Reproducible: the same spec gives the same rows, in the same order (public identifiers
included), whatever the batch size. Foreign keys are given as 0-based row numbers in the
generated tables, or as names of reference records (areas, agencies, users...) that
``harbour.demo.region_load`` resolves.

Sizes far beyond the region's real rate (about 40,000 police incidents a year) compress many
years of incidents into the four: the rate per 1,000 residents is scaled to the size asked for.
"""

from __future__ import annotations

import datetime
import json
import zoneinfo
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from harbour.demo.bulk import public_ids
from harbour.demo.population import Population
from harbour.insights import panel as panel_model
from harbour.risk.definitions import parse_definition

POLICE_CHECKLIST = (
    Path(__file__).resolve().parent.parent / "risk" / "tools" / "police-checklist-v1.json"
)
UK = zoneinfo.ZoneInfo("Europe/London")
EPOCH = np.datetime64("1970-01-01T00:00:00", "us")
HOUR = np.timedelta64(3600 * 10**6, "us")
MINUTE = np.timedelta64(60 * 10**6, "us")
DAY = 24 * HOUR

# Generated tables, in the order they are loaded, and where their foreign keys point: another
# generated table (row numbers) or a kind of reference record (names).
TABLES: dict[str, dict[str, str]] = {
    "person": {
        "local_authority_id": "area",
        "created_by_id": "user",
        "created_by_agency_id": "agency",
    },
    "involvement": {"person_id": "person", "agency_id": "agency", "started_by_id": "user"},
    "incident": {
        "victim_id": "person",
        "recorded_by_agency_id": "agency",
        "recorded_by_id": "user",
        "local_authority_id": "area",
        "domestic_abuse_confirmed_by_id": "user",
        "outcome_id": "outcome",
        "outcome_recorded_by_id": "user",
    },
    "harmer": {"incident_id": "incident", "person_id": "person", "added_by_id": "user"},
    "assessment": {
        "tool_version_id": "tool",
        "person_id": "person",
        "incident_id": "incident",
        "assessed_by_id": "user",
        "assessed_by_agency_id": "agency",
    },
    "referral": {
        "person_id": "person",
        "from_agency_id": "agency",
        "sent_by_id": "user",
        "to_agency_id": "agency",
        "accepted_by_id": "user",
        "declined_by_id": "user",
        "closed_by_id": "user",
    },
    "marac_referral": {
        "person_id": "person",
        "local_authority_id": "area",
        "marac_id": "marac",
        "repeat_of_id": "marac_referral",
        "referred_by_id": "user",
        "referred_by_agency_id": "agency",
        "closed_by_id": "user",
    },
    "meeting": {"marac_id": "marac", "created_by_id": "user"},
    "hearing": {
        "meeting_id": "meeting",
        "referral_id": "marac_referral",
        "listed_by_id": "user",
        "outcome_by_id": "user",
    },
    "share": {
        "person_id": "person",
        "agency_id": "agency",
        "basis_id": "basis",
        "shared_by_id": "user",
        "shared_by_agency_id": "agency",
    },
    "followup": {
        "share_id": "share",
        "incident_id": "incident",
        "person_id": "person",
        "scheme_id": "scheme",
        "local_authority_id": "area",
        "agency_id": "agency",
        "assigned_to_id": "user",
        "created_by_id": "user",
        "notice_recorded_by_id": "user",
        "visited_by_id": "user",
        "closed_by_id": "user",
    },
}

POLICE, IDVA, HUB, MARAC = "police", "idva", "hub", "marac"  # agencies and their users
REPEAT_SHARE = 0.4  # of incidents: against a victim of an earlier incident in her area
ASSESSED_SHARE = 0.9  # of police incidents: a DASH checklist completed
HIGH_SHARE = 0.12  # of assessments of a first incident (repeats: +0.08), before area effects
MEDIUM_SHARE = 0.33
# Hour of the day (UK time) an incident happens: evenings and nights commoner.
HOUR_WEIGHTS = np.array(
    [5, 4, 3, 2, 1.5, 1, 1, 1.5, 2, 2.5, 3, 3, 3, 3, 3.5, 4, 4.5, 5, 6, 7, 7.5, 7.5, 7, 6]
)
RELATIONSHIPS = (
    ("partner", 0.35), ("former_partner", 0.3), ("spouse", 0.12), ("former_spouse", 0.05),
    ("child", 0.06), ("parent", 0.04), ("sibling", 0.04), ("in_law", 0.04),
)  # fmt: skip
# Home Office outcome codes: where she supports police action, and where she does not.
OUTCOMES_SUPPORTED = (("1", 0.3), ("15", 0.4), ("18", 0.1), ("21", 0.2))
OUTCOMES_UNSUPPORTED = (("16", 0.75), ("14", 0.25))
OUTCOME_SHARE = 0.8
MARAC_COLUMNS = ("person_id", "criteria", "is_repeat", "repeat_of_id", "referred_at", "status",
                 "closed_at", "outcome", "closed_by_id")  # fmt: skip
HEARING_COLUMNS = ("meeting_id", "referral_id", "position", "listed_at", "outcome", "outcome_at")
SHARE_PURPOSE = "24-hour IDVA follow-up after a police-attended domestic abuse incident"
SHARE_CATEGORIES = (
    "identity",
    "contact",
    "circumstances",
    "criminal_offence",
    "risk",
)  # of police incidents with an outcome recorded


@dataclass(frozen=True)
class RegionSpec:
    incidents: int
    seed: int = 2026
    effect: float = 0.0  # on the share supporting police action, in the pilot areas once started
    effect_by_area: Mapping[str, float] = field(default_factory=dict)  # multipliers of effect
    months: int = 48
    first_month: datetime.date = datetime.date(2022, 4, 1)
    adoption: Mapping[str, int] = field(
        default_factory=lambda: dict(panel_model.DEFAULT_ADOPTION)
    )  # area -> month index its 24-hour follow-up starts
    disclosure_share: float = 0.2  # of incidents: disclosed to an agency other than the police
    identities: int = 50_000  # distinct names, dates of birth and contacts, reused beyond

    def __post_init__(self) -> None:
        if not 500 <= self.incidents <= 20_000_000:
            raise ValueError("incidents: give from 500 to 20,000,000")
        if not 0 <= self.disclosure_share < 0.9:
            raise ValueError("disclosure_share: must be at least 0 and below 0.9")
        if self.identities < 100:
            raise ValueError("identities: give at least 100")
        self.panel_spec  # checks the rest  # noqa: B018

    @cached_property
    def panel_spec(self) -> panel_model.PanelSpec:
        people = sum(n for _, n in panel_model.DEFAULT_AREAS)
        police_a_year = self.incidents * (1 - self.disclosure_share) * 12 / self.months
        return panel_model.PanelSpec(
            months=self.months,
            first_month=self.first_month,
            adoption=dict(self.adoption),
            effect=self.effect,
            effect_by_area=dict(self.effect_by_area),
            incidents_per_1000_a_year=police_a_year / people * 1000,
        )

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.panel_spec.areas)

    def month_start(self, t: int) -> datetime.date:
        return panel_model._add_months(self.first_month, t)

    def scheme_start(self, area: str) -> datetime.date | None:
        t = self.adoption.get(area)
        return None if t is None else self.month_start(t)

    @property
    def end(self) -> datetime.datetime:
        """The end of the period (UTC, naive): nothing happens after it."""
        last = self.month_start(self.months)
        return datetime.datetime(last.year, last.month, last.day) - datetime.timedelta(hours=1)


@cache
def police_checklist_questions() -> tuple[str, ...]:
    """The ids of the police checklist's questions, in order (the shipped tool's file)."""
    document = json.loads(POLICE_CHECKLIST.read_text(encoding="utf-8"))
    return tuple(question.id for question in parse_definition(document).questions)


@cache
def _answers(questions: tuple[str, ...], yes: int, not_known: int) -> dict[str, str]:
    """Answers with ``yes`` yes and ``not_known`` not known (the first questions, so that the
    answers of one level repeat and their encrypted tokens can be reused)."""
    return {
        q: "yes" if i < yes else "not_known" if i < yes + not_known else "no"
        for i, q in enumerate(questions)
    }


@dataclass
class Batch:
    table: str  # a key of TABLES
    start: int  # the row number of the first row
    columns: dict[str, object]  # attname -> numpy array or list, all of one length

    def __len__(self) -> int:
        return len(next(iter(self.columns.values())))


def _choice(rng: np.random.Generator, options, size: int) -> np.ndarray:
    values, weights = zip(*options, strict=True)
    p = np.array(weights, dtype=float)
    return np.array(values, dtype=object)[rng.choice(len(values), size=size, p=p / p.sum())]


def _uniform_hours(rng: np.random.Generator, low: float, high: float, size: int) -> np.ndarray:
    return (rng.uniform(low, high, size) * 3600 * 10**6).astype("timedelta64[us]")


def _utc(local: np.ndarray) -> np.ndarray:
    """UK wall-clock times (naive) to UTC, by each day's offset at noon (the clocks change at
    night on the last Sunday of a month, never at a month's edge)."""
    unique, inverse = np.unique(local.astype("datetime64[D]"), return_inverse=True)
    seconds = np.array(
        [
            0
            if day is None  # no time (NaT) stays none
            else int(
                datetime.datetime(day.year, day.month, day.day, 12, tzinfo=UK)
                .utcoffset()
                .total_seconds()
            )
            for day in unique.tolist()
        ],
        dtype=np.int64,
    )[inverse.reshape(-1)]
    return local - (seconds * 10**6).astype("timedelta64[us]")


def _uk_dates(utc: np.ndarray) -> np.ndarray:
    """The UK date of each UTC time (the inverse of ``_utc`` to the day)."""
    guess = (utc + HOUR).astype("datetime64[D]")  # BST is one hour ahead
    back = _utc(guess.astype("datetime64[us]") + 12 * HOUR) - 12 * HOUR  # local midnight, UTC
    return np.where(utc >= back, guess, guess - np.timedelta64(1, "D"))


def _times(columns: dict[str, list], *names: str) -> dict[str, object]:
    """The columns, those ``names`` (lists of times) made time arrays."""
    return {k: np.array(v, dtype="datetime64[us]") if k in names else v for k, v in columns.items()}


def _jump(parent: np.ndarray) -> np.ndarray:
    """Follow each row's pointer to an earlier row until a row points at itself."""
    while True:
        nxt = parent[parent]
        if np.array_equal(nxt, parent):
            return parent
        parent = nxt


class RegionGenerator:
    """The rows of a synthetic region, area by area, table by table (see the module)."""

    def __init__(self, spec: RegionSpec) -> None:
        self.spec = spec
        self.panel = panel_model.generate(spec.panel_spec, seed=spec.seed)
        self.victims = Population(seed=spec.seed, harmed_share=1.0)
        self.harmers = Population(seed=spec.seed + 1, harmed_share=0.0)
        self.counts: dict[str, int] = dict.fromkeys(TABLES, 0)
        self._identities: dict[int, dict] = {}  # the people drawn so far, by identity

    def batches(self, *, size: int = 100_000) -> Iterator[Batch]:
        """Every row, in batches of at most ``size`` rows of one table; a table's rows come
        after the rows they point at."""
        for a, area in enumerate(self.spec.areas):
            for table, columns in self._area(a, area):
                length = len(next(iter(columns.values())))
                for low in range(0, length, size):
                    start = self.counts[table]
                    part = {k: v[low : low + size] for k, v in columns.items()}
                    self.counts[table] += len(next(iter(part.values())))
                    yield Batch(table, start, part)

    # One area ---------------------------------------------------------------------------------

    def _area(self, a: int, area: str) -> Iterator[tuple[str, dict]]:
        spec = self.spec
        rng = np.random.default_rng([spec.seed, a, 11])
        police = self.panel.incidents[a].astype(np.int64)
        supported = self.panel.supported[a].astype(np.int64)
        ratio = spec.disclosure_share / (1 - spec.disclosure_share)
        disclosed = rng.poisson(police * ratio)

        # Incidents of each month: police first (the supported ones at random among them).
        kinds, support, local = [], [], []
        for t in range(spec.months):
            start = spec.month_start(t)
            end = spec.month_start(t + 1)
            n_p, n_d = int(police[t]), int(disclosed[t])
            n = n_p + n_d
            days = rng.integers(0, (end - start).days, n)
            hours = rng.choice(24, size=n, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
            seconds = rng.integers(0, 3600, n)
            base = np.datetime64(start, "us")
            local.append(
                base + days * DAY + hours * HOUR + (seconds * 10**6).astype("timedelta64[us]")
            )
            yes = np.zeros(n_p, dtype=bool)
            yes[rng.permutation(n_p)[: int(supported[t])]] = True
            kinds.append(np.r_[np.ones(n_p, dtype=bool), np.zeros(n_d, dtype=bool)])
            support.append(np.r_[yes, np.zeros(n_d, dtype=bool)])
        order = np.argsort(np.concatenate(local), kind="stable")
        occurred = _utc(np.concatenate(local)[order])
        is_police = np.concatenate(kinds)[order]
        supports = np.concatenate(support)[order]
        n = len(occurred)

        # Victims: a repeat points at the victim of an earlier incident in the area.
        index = np.arange(n)
        repeat = (rng.random(n) < REPEAT_SHARE) & (index > 0)
        earlier = (rng.random(n) * index).astype(np.int64)
        root = _jump(np.where(repeat, earlier, index))
        first = root == index
        number = np.cumsum(first) - 1
        victim_of = number[root]  # the area's victim number of each incident
        n_victims = int(first.sum())
        person_base = self.counts["person"]  # row numbers: victims, then their harmers
        victim = person_base + victim_of
        harmer = person_base + n_victims + victim_of
        yield "person", self._people(rng, area, person_base, n_victims, occurred[first])
        yield (
            "involvement",
            {
                "person_id": np.arange(person_base, person_base + 2 * n_victims),
                "agency_id": [POLICE] * (2 * n_victims),
                "kind": ["recorded"] * (2 * n_victims),
                "started_at": np.r_[occurred[first], occurred[first]],
                "started_by_id": [POLICE] * (2 * n_victims),
                "public_id": public_ids(rng, 2 * n_victims),
            },
        )

        incident_base = self.counts["incident"]
        visited = np.where(
            is_police,
            occurred + _uniform_hours(rng, 0.2, 6, n),
            np.datetime64("NaT", "us"),
        )
        recorded = np.where(is_police, visited, occurred + _uniform_hours(rng, 2, 24 * 14, n))
        recorded = np.minimum(recorded, np.datetime64(spec.end, "us"))
        undecided = rng.random(n) < 0.3
        support_code = np.where(
            is_police, np.where(supports, "yes", np.where(undecided, "undecided", "no")), ""
        )
        has_outcome = is_police & (rng.random(n) < OUTCOME_SHARE)
        outcome = np.where(
            supports,
            _choice(rng, OUTCOMES_SUPPORTED, n),
            _choice(rng, OUTCOMES_UNSUPPORTED, n),
        )
        outcome_at = visited + _uniform_hours(rng, 24 * 7, 24 * 120, n)
        has_outcome &= outcome_at < np.datetime64(spec.end, "us")
        children = rng.random(n)
        present = np.where(children < 0.3, "yes", np.where(children < 0.95, "no", "not_known"))
        household = np.where(children < 0.5, "yes", np.where(children < 0.95, "no", "not_known"))
        agency = np.where(is_police, POLICE, HUB)
        incident_ids = public_ids(rng, n)
        yield (
            "incident",
            {
                "public_id": incident_ids,
                "kind": np.where(is_police, "police", "disclosure").tolist(),
                "victim_id": victim,
                "recorded_by_agency_id": agency.tolist(),
                "recorded_by_id": agency.tolist(),
                "recorded_at": recorded,
                "occurred_at": occurred,
                "local_authority_id": [area] * n,
                "victim_aged_16_or_over": ["yes"] * n,
                "children_present": present.tolist(),
                "children_in_household": household.tolist(),
                "children_count": np.where(
                    household == "yes", rng.integers(1, 4, n), None
                ).tolist(),
                "domestic_abuse": [True] * n,
                "domestic_abuse_test": ["yes"] * n,
                "domestic_abuse_confirmed_by_id": agency.tolist(),
                "domestic_abuse_confirmed_at": recorded,
                "visited_at": visited,
                "supports_action": support_code.tolist(),
                "outcome_id": np.where(has_outcome, outcome, None).tolist(),
                "outcome_recorded_at": np.where(
                    has_outcome, outcome_at, np.datetime64("NaT", "us")
                ),
                "outcome_recorded_by_id": np.where(has_outcome, POLICE, None).tolist(),
            },
        )
        incident = incident_base + index
        yield (
            "harmer",
            {
                "incident_id": incident,
                "person_id": harmer,
                "relationship": _choice(rng, RELATIONSHIPS, n).tolist(),
                "aged_16_or_over": ["yes"] * n,
                "added_at": recorded,
                "added_by_id": agency.tolist(),
            },
        )
        yield from self._assessments_onwards(
            rng, area, incident, incident_ids, victim, visited, is_police, repeat, supports
        )

    def _people(self, rng, area: str, base: int, n_victims: int, first_seen) -> dict:
        columns: dict[str, list] = {
            name: []
            for name in ("given_name", "family_name", "other_names", "date_of_birth", "phone")
        }
        columns["email"] = []
        pool = self.spec.identities
        for population, offset in ((self.victims, base), (self.harmers, base + n_victims)):
            known = self._identities.setdefault(id(population), {})
            for k in range(offset, offset + n_victims):
                person = known.get(k % pool)
                if person is None:
                    person = known[k % pool] = population.person(k % pool)
                columns["given_name"].append(person.given_name)
                columns["family_name"].append(person.family_name)
                columns["other_names"].append(list(person.other_names))
                columns["date_of_birth"].append(person.date_of_birth)
                columns["phone"].append(person.phone)
                columns["email"].append(person.email)
        seen = np.r_[first_seen, first_seen]
        return {
            "public_id": public_ids(rng, 2 * n_victims),
            **columns,
            "local_authority_id": [area] * (2 * n_victims),
            "created_at": seen,
            "updated_at": seen,
            "created_by_id": [POLICE] * (2 * n_victims),
            "created_by_agency_id": [POLICE] * (2 * n_victims),
        }

    def _assessments_onwards(
        self, rng, area, incident, incident_ids, victim, visited, is_police, repeat, supports
    ) -> Iterator[tuple[str, dict]]:
        spec = self.spec
        end = np.datetime64(spec.end, "us")
        n = len(incident)
        # Risk: an area's own mix, higher for a repeat victim.
        area_shift = rng.normal(0, 0.025)
        assessed = is_police & (rng.random(n) < ASSESSED_SHARE)
        u = rng.random(n)
        p_high = HIGH_SHARE + 0.08 * repeat + area_shift
        level = np.where(
            u < p_high, "high", np.where(u < p_high + MEDIUM_SHARE, "medium", "standard")
        )
        judged = (level == "high") & (rng.random(n) < 0.08)  # raised by professional judgement
        questions = police_checklist_questions()
        yes = np.select(
            [judged, level == "high", level == "medium"],
            [rng.integers(10, 14, n), rng.integers(14, 25, n), rng.integers(8, 14, n)],
            rng.integers(0, 8, n),
        )
        at = visited + _uniform_hours(rng, 0.1, 2, n)
        rows = np.flatnonzero(assessed)
        m = len(rows)
        tool_level = np.where(judged, "medium", level)
        not_known = np.minimum(rng.integers(0, 3, m), len(questions) - yes[rows])
        yield (
            "assessment",
            {
                "public_id": public_ids(rng, m),
                "tool_version_id": ["police-checklist"] * m,
                "person_id": victim[rows],
                "incident_id": incident[rows],
                "answers": [
                    _answers(questions, y, k)
                    for y, k in zip(yes[rows].tolist(), not_known.tolist(), strict=True)
                ],
                "level": level[rows].tolist(),
                "tool_level": tool_level[rows].tolist(),
                "yes_count": yes[rows],
                "not_known_count": not_known,
                "question_count": [len(questions)] * m,
                "reasons": [[]] * m,
                "judgement_level": np.where(judged[rows], "high", "").tolist(),
                "judgement_reason": np.where(
                    judged[rows], "Synthetic: raised by professional judgement", ""
                ).tolist(),
                "marac_criteria": [
                    ["professional_judgement"] if j else ["high_risk"] if lv == "high" else []
                    for j, lv in zip(judged[rows].tolist(), level[rows].tolist(), strict=True)
                ],
                "assessed_by_id": [POLICE] * m,
                "assessed_by_agency_id": [POLICE] * m,
                "assessed_at": at[rows],
            },
        )

        # Referrals: high risk to the IDVA service, medium to the hub, most of them.
        referred = assessed & (level != "standard") & (rng.random(n) < 0.85)
        rows = np.flatnonzero(referred)
        r = len(rows)
        sent = at[rows] + _uniform_hours(rng, 0.5, 48, r)
        high = level[rows] == "high"
        to = np.where(high, IDVA, HUB)
        decision = rng.random(r)
        declined = decision < 0.15
        decided = sent + _uniform_hours(rng, 1, 72, r)
        closed = ~declined & (rng.random(r) < 0.7)
        closed_at = decided + _uniform_hours(rng, 24 * 14, 24 * 120, r)
        pending = decided >= end
        declined &= ~pending
        closed &= ~pending & (closed_at < end)
        accepted = ~declined & ~pending
        nat = np.datetime64("NaT", "us")
        status = np.select([pending, declined, closed], ["sent", "declined", "closed"], "accepted")
        yield (
            "referral",
            {
                "public_id": public_ids(rng, r),
                "person_id": victim[rows],
                "from_agency_id": [POLICE] * r,
                "sent_by_id": [POLICE] * r,
                "sent_at": sent,
                "to_agency_id": to.tolist(),
                "receiving_view": np.where(high, "advocacy", "triage").tolist(),
                "reason": np.where(
                    high, "Synthetic: high risk after a police incident", "Synthetic: medium risk"
                ).tolist(),
                "risk_level": level[rows].tolist(),
                "source": [f"incidents.incident:{incident_ids[i]}" for i in rows.tolist()],
                "status": status.tolist(),
                "accepted_at": np.where(accepted, decided, nat),
                "accepted_by_id": np.where(accepted, to, None).tolist(),
                "declined_at": np.where(declined, decided, nat),
                "declined_by_id": np.where(declined, to, None).tolist(),
                "decline_reason": np.where(
                    declined, _choice(rng, (("she_declined", 3), ("no_safe_contact", 1)), r), ""
                ).tolist(),
                "closed_at": np.where(closed, closed_at, nat),
                "closed_by_id": np.where(closed, to, None).tolist(),
                "outcome": np.where(
                    closed,
                    _choice(
                        rng,
                        (
                            ("support_completed", 5),
                            ("she_ended", 2),
                            ("no_contact", 2),
                            ("referred_on", 1),
                        ),
                        r,
                    ),
                    "",
                ).tolist(),
            },
        )

        yield from self._marac(rng, area, victim, at, assessed & (level == "high"), judged)
        yield from self._followups(rng, area, incident, victim, visited, is_police, supports)

    def _meetings(self, area: str) -> np.ndarray:
        """Fortnightly, Thursdays at 10:00 UK time, from the first Thursday of the period."""
        first = self.spec.first_month
        thursday = first + datetime.timedelta(days=(3 - first.weekday()) % 7)
        last = self.spec.month_start(self.spec.months)
        days = np.arange(np.datetime64(thursday), np.datetime64(last), np.timedelta64(14, "D"))
        return _utc(days.astype("datetime64[us]") + 10 * HOUR)

    def _marac(self, rng, area, victim, at, high, judged) -> Iterator[tuple[str, dict]]:
        end = np.datetime64(self.spec.end, "us")
        meetings = self._meetings(area)
        meeting_base = self.counts["meeting"]
        base = self.counts["marac_referral"]
        rows = np.flatnonzero(high)
        referred_at = at[rows] + _uniform_hours(rng, 0.5, 24, len(rows))
        slot = np.searchsorted(meetings, referred_at + 7 * DAY)
        closes = rng.uniform(14, 60, len(rows))
        no_actions = rng.random(len(rows)) < 0.15
        latest: dict[int, tuple[int, np.datetime64, np.datetime64]] = {}  # victim: last case
        columns: dict[str, list] = {k: [] for k in MARAC_COLUMNS}
        hearings: dict[str, list] = {k: [] for k in HEARING_COLUMNS}
        places = np.zeros(len(meetings), dtype=np.int64)
        for k, row in enumerate(rows.tolist()):
            person = int(victim[row])
            when = referred_at[k]
            last = latest.get(person)
            if last is not None and not (last[2] < when):
                continue  # her case is still open: a further instance, not a new referral
            number = base + len(columns["person_id"])
            repeat = last is not None and when - last[1] <= 365 * DAY
            heard = slot[k] < len(meetings)
            status, closed_at, outcome = "open", np.datetime64("NaT", "us"), ""
            if heard:
                meeting = meetings[slot[k]]
                places[slot[k]] += 1
                hearings["meeting_id"].append(meeting_base + int(slot[k]))
                hearings["referral_id"].append(number)
                hearings["position"].append(int(places[slot[k]]))
                hearings["listed_at"].append(meeting - 2 * DAY)
                hearings["outcome"].append("no_actions" if no_actions[k] else "actions_agreed")
                hearings["outcome_at"].append(meeting + 2 * HOUR)
                status = "heard"
                closing = meeting + (closes[k] * 24 * 3600 * 10**6).astype("timedelta64[us]")
                if closing < end:
                    status, closed_at = "closed", closing
                    outcome = "no_actions" if no_actions[k] else "actions_completed"
            criteria = ["professional_judgement" if judged[row] else "high_risk"]
            columns["person_id"].append(person)
            columns["criteria"].append([*criteria, "repeat"] if repeat else criteria)
            columns["is_repeat"].append(bool(repeat))
            columns["repeat_of_id"].append(last[0] if repeat else None)
            columns["referred_at"].append(when)
            columns["status"].append(status)
            columns["closed_at"].append(closed_at)
            columns["outcome"].append(outcome)
            columns["closed_by_id"].append(MARAC if status == "closed" else None)
            open_until = closed_at if status == "closed" else np.datetime64("2200-01-01", "us")
            latest[person] = (number, when, open_until)
        c = len(columns["person_id"])
        yield (
            "marac_referral",
            {
                "public_id": public_ids(rng, c),
                **_times(columns, "referred_at", "closed_at"),
                "local_authority_id": [area] * c,
                "marac_id": [area] * c,
                "origin": ["automatic"] * c,
                "referred_by_id": [POLICE] * c,
                "referred_by_agency_id": [POLICE] * c,
            },
        )
        held = len(meetings)
        yield (
            "meeting",
            {
                "public_id": public_ids(rng, held),
                "marac_id": [area] * held,
                "starts_at": meetings,
                "capacity": np.maximum(places, 1),
                "created_at": meetings - 28 * DAY,
                "created_by_id": [MARAC] * held,
            },
        )
        h = len(hearings["meeting_id"])
        yield (
            "hearing",
            {
                "public_id": public_ids(rng, h),
                **_times(hearings, "listed_at", "outcome_at"),
                "listed_by_id": [MARAC] * h,
                "outcome_by_id": [MARAC] * h,
            },
        )

    def _followups(self, rng, area, incident, victim, visited, is_police, supports):
        starts = self.spec.scheme_start(area)
        if starts is None:
            return
        end = np.datetime64(self.spec.end, "us")
        nat = np.datetime64("NaT", "us")
        covered = is_police & (_uk_dates(visited) >= np.datetime64(starts))
        rows = np.flatnonzero(covered)
        f = len(rows)
        police_visit = visited[rows]
        told = rng.random(f)
        answer = np.where(told < 0.7, "agrees", np.where(told < 0.9, "declines", "not_told"))
        idva_visit = police_visit + _uniform_hours(rng, 2, 23.5, f)
        visited_ok = (answer == "agrees") & (rng.random(f) < 0.85) & (idva_visit < end)
        closed = (answer == "agrees") & ~visited_ok & (idva_visit < end)
        status = np.select(
            [visited_ok, closed, answer == "declines", answer == "not_told"],
            ["visited", "closed", "declined", "not_shared"],
            "open",
        )
        told_at = police_visit + _uniform_hours(rng, 0, 0.5, f)
        prosecution = np.where(
            supports[rows], "yes", _choice(rng, (("no", 2), ("undecided", 1)), f)
        )
        # Her record is shared with the IDVA service when she agrees (what the scheme records).
        shared = answer == "agrees"
        share_base = self.counts["share"]
        s = int(shared.sum())
        yield (
            "share",
            {
                "public_id": public_ids(rng, s),
                "person_id": victim[rows][shared],
                "agency_id": [IDVA] * s,
                "purpose": [SHARE_PURPOSE] * s,
                "categories": [list(SHARE_CATEGORIES)] * s,
                "regime": ["uk_gdpr"] * s,
                "basis_id": ["public-task"] * s,
                "shared_at": told_at[shared],
                "shared_by_id": [POLICE] * s,
                "shared_by_agency_id": [POLICE] * s,
            },
        )
        share = np.full(f, -1, dtype=np.int64)
        share[shared] = share_base + np.arange(s)
        yield (
            "followup",
            {
                "public_id": public_ids(rng, f),
                "share_id": share,
                "incident_id": incident[rows],
                "person_id": victim[rows],
                "scheme_id": [area] * f,
                "local_authority_id": [area] * f,
                "agency_id": [IDVA] * f,
                "assigned_to_id": [IDVA] * f,
                "police_visited_at": police_visit,
                "due_at": police_visit + DAY,
                "status": status.tolist(),
                "created_at": police_visit,
                "created_by_id": [POLICE] * f,
                "notice_answer": answer.tolist(),
                "told_at": told_at,
                "notice_recorded_by_id": [POLICE] * f,
                "notice_recorded_at": told_at,
                "visited_at": np.where(visited_ok, idva_visit, nat),
                "visited_by_id": np.where(visited_ok, IDVA, None).tolist(),
                "safety_plan": np.where(visited_ok, "yes", "").tolist(),
                "referrals": [["outreach"] if v else [] for v in visited_ok.tolist()],
                "supports_prosecution": np.where(visited_ok, prosecution, "").tolist(),
                "closed_at": np.where(closed, idva_visit + DAY, nat),
                "closed_by_id": np.where(closed, IDVA, None).tolist(),
                "close_reason": np.where(closed, "no_contact", "").tolist(),
            },
        )


def monthly_shares(
    spec: RegionSpec, rows: Iterator[tuple[str, datetime.datetime, str, str]]
) -> tuple[np.ndarray, np.ndarray]:
    """(police incidents, of them supporting police action), areas x months, counted from
    incident rows (area, when it happened, kind, supports action), months in UK time."""
    areas = {name: a for a, name in enumerate(spec.areas)}
    first = spec.first_month.year * 12 + spec.first_month.month - 1
    incidents = np.zeros((len(areas), spec.months))
    supported = np.zeros((len(areas), spec.months))
    for area, when, kind, support in rows:
        if kind != "police":
            continue
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.UTC)
        local = when.astimezone(UK)
        t = local.year * 12 + local.month - 1 - first
        incidents[areas[area], t] += 1
        supported[areas[area], t] += support == "yes"
    return incidents, supported
