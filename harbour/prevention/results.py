"""A programme's results: its reach by area and audience, and the change in knowledge.

Both are read from the stored releases of ``prevention.reach`` (``published_tables.py``), one
for each school year: nothing here counts sessions or tallies on a page view.

Reach (people attending) is a count of people, protected by ``harbour.statistics`` as a
programme × area × audience table with its totals; a programme's reach is its slice. The change
in each question's "yes" share is a model estimate (``knowledge_change``), worked out when the
release is made: shown only when the questionnaires behind it, as published, are at least the
rules' ``derived_minimum`` at both stages and the sessions leave at least that many degrees of
freedom (``statistics.derived.estimate``); otherwise withheld, and stored withheld.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.prevention.effects import Change, SessionAnswers, change_in_proportion
from harbour.prevention.models import Audience, Programme, Question, Stage, Tally
from harbour.statistics.charts import chart
from harbour.statistics.conf import default_rules
from harbour.statistics.derived import estimate
from harbour.statistics.periods import Period
from harbour.statistics.published import ProtectedTable, PublishedCell
from harbour.statistics.releases import StoredRelease, releases_current
from harbour.statistics.rules import Reason, SuppressionRules


@dataclass(frozen=True)
class QuestionResult:
    question: str
    label: str
    change: Change | None
    before: PublishedCell
    after: PublishedCell
    difference: PublishedCell
    low: PublishedCell
    high: PublishedCell


def _published_count(count: int, rules: SuppressionRules) -> PublishedCell:
    if rules.is_small(count):
        return PublishedCell(value=None, reason=Reason.PRIMARY, marker=rules.marker)
    return PublishedCell(value=rules.rounded(count))


def _points(value: float) -> Decimal:
    return Decimal(str(value * 100))


def knowledge_change(
    programme: Programme,
    *,
    audience: str,
    rules: SuppressionRules | None = None,
    period: Period | None = None,
) -> list[QuestionResult]:
    """For each question, the share saying yes before and after the sessions for ``audience``
    (held in ``period``, if given), the change in percentage points and its 95 % interval
    (clustered by session). Made when a release is made (``published_tables``), never on a page
    view."""
    rules = rules or default_rules()
    tallies: dict[int, dict[str, Tally]] = {}
    rows = Tally.objects.filter(session__programme=programme, session__audience=audience)
    if period is not None:
        rows = rows.filter(session__held_on__gte=period.start, session__held_on__lt=period.end)
    for tally in rows:
        tallies.setdefault(tally.session_id, {})[tally.stage] = tally
    results = []
    for question in Question:
        sessions = []
        for stages in tallies.values():
            before, after = stages.get(Stage.BEFORE), stages.get(Stage.AFTER)
            sessions.append(
                SessionAnswers(
                    before_yes=before.yes(question) if before else 0,
                    before_n=before.responses if before else 0,
                    after_yes=after.yes(question) if after else 0,
                    after_n=after.responses if after else 0,
                )
            )
        change = change_in_proportion(sessions)
        if change is None:
            withheld = PublishedCell(value=None, reason=Reason.RATE, marker=rules.marker)
            results.append(QuestionResult(question, question.label, None, *([withheld] * 5)))
            continue
        bases = [_published_count(change.before_n, rules), _published_count(change.after_n, rules)]
        residual = change.sessions - 1

        def published(value: float, bases=bases, residual=residual) -> PublishedCell:
            return estimate(
                _points(value), bases=bases, rules=rules, residual_df=residual, decimals=1
            )

        results.append(
            QuestionResult(
                question=question,
                label=question.label,
                change=change,
                before=published(change.before),
                after=published(change.after),
                difference=published(change.difference),
                low=published(change.low),
                high=published(change.high),
            )
        )
    return results


FIELDS = ("before", "after", "difference", "low", "high")


def results_json(results: list[QuestionResult]) -> dict:
    """The published figures of ``results`` as stored with a release: text for a value, None
    for a withheld figure (no value is kept for it)."""
    return {
        str(result.question): {
            name: None if cell.value is None else str(cell.value)
            for name in FIELDS
            for cell in [getattr(result, name)]
        }
        for result in results
    }


def stored_knowledge(release: StoredRelease, programme: str, audience: str) -> list[QuestionResult]:
    """The change in knowledge for ``programme`` (its public id) and ``audience`` as stored with
    ``release``: every figure withheld where the release withheld it, or where the release holds
    nothing for the programme."""
    rules = release.rules
    stored = release.estimates.get("knowledge", {}).get(programme, {}).get(audience, {})

    def cell(text: str | None) -> PublishedCell:
        if text is None:
            return PublishedCell(value=None, reason=Reason.RATE, marker=rules.marker)
        return PublishedCell(value=Decimal(text))

    results = []
    for question in Question:
        figures = stored.get(str(question), {})
        results.append(
            QuestionResult(
                question, question.label, None, *(cell(figures.get(name)) for name in FIELDS)
            )
        )
    return results


def programme_reach(release: StoredRelease, programme: str) -> ProtectedTable | None:
    """The programme's reach by area and audience: its slice of the released table, cell for
    cell as published; None when the release holds no figures for the programme."""
    table = release.protected_tables()["by_programme_area_audience"]
    if programme not in table.dimension("programme").categories:
        return None
    area, audience = table.dimension("area"), table.dimension("audience")
    shape = (area.size + 1, audience.size + 1)
    values = np.full(shape, None, dtype=object)
    reasons = np.full(shape, None, dtype=object)
    structural = np.zeros(shape, dtype=bool)
    for position in np.ndindex(shape):
        cell = table.cell(programme, area.key_at(position[0]), audience.key_at(position[1]))
        values[position], reasons[position] = cell.value, cell.reason
        structural[position] = cell.structural
    return ProtectedTable(
        name="reach",
        title=_("People reached, by area and audience"),
        dimensions=(area, audience),
        rules=table.rules,
        values=values,
        reasons=reasons,
        structural=structural,
    )


def reach_chart(reach: ProtectedTable) -> dict:
    """The reach table as a chart: people reached in each area, one bar for each audience; a
    withheld figure is a gap."""
    area = reach.dimension("area")
    audience = reach.dimension("audience")
    area_labels = area.category_labels or area.categories
    audience_labels = audience.category_labels or audience.categories
    return chart(
        kind="bar",
        label=str(_("Chart of the people reached in each area by audience, from the table below")),
        labels=[str(label) for label in area_labels],
        series=[
            (str(label), [reach.cell(code, kind) for code in area.categories])
            for kind, label in zip(audience.categories, audience_labels, strict=True)
        ],
    )


def knowledge_chart(audience: str, results: list[QuestionResult]) -> dict:
    """One audience's change in knowledge as a chart: the share saying yes before and after, for
    each question."""
    return chart(
        kind="bar",
        label=str(
            _("Chart of the share saying yes before and after the sessions: %(audience)s")
            % {"audience": audience}
        ),
        labels=[str(result.label) for result in results],
        series=[
            (_("Yes before"), [result.before for result in results]),
            (_("Yes after"), [result.after for result in results]),
        ],
        unit="%",
        horizontal=True,
    )


@dataclass
class ResultsPage:
    """What the results page shows: one school year's release (the latest, or the one asked
    for), the programme's reach and change in knowledge from it, and the years to choose from."""

    releases: list[StoredRelease]
    release: StoredRelease | None = None
    reach: ProtectedTable | None = None
    sessions: int = 0
    audiences: list[tuple[str, list[QuestionResult]]] | None = None
    error: str = ""
    next_period: Period | None = None
    next_released_from: datetime.date | None = None


def results_page(programme: Programme, *, period: str | None = None) -> ResultsPage:
    """The programme's released results for the school year ``period`` (its key; the latest if
    not given). An unknown key is an error, and the latest year is shown."""
    from harbour.prevention.published_tables import LAG_DAYS, NAME, SCHOOL_YEAR

    releases = releases_current(name=NAME)
    page = ResultsPage(releases=releases)
    latest = releases[-1] if releases else None
    following = latest.period.next() if latest and latest.period else None
    page.next_period = following or SCHOOL_YEAR.containing(timezone.localdate())
    page.next_released_from = page.next_period.end + datetime.timedelta(days=LAG_DAYS)
    if not releases:
        return page
    by_key = {release.key: release for release in releases}
    release = latest
    if period:
        if period in by_key:
            release = by_key[period]
        else:
            page.error = str(_("Choose a school year from the list"))
    assert release is not None
    key = str(programme.public_id)
    page.release = release
    page.reach = programme_reach(release, key)
    page.sessions = int(release.estimates.get("sessions", {}).get(key, 0))
    page.audiences = [
        (label, stored_knowledge(release, key, value)) for value, label in Audience.choices
    ]
    return page
