"""A programme's results: its reach by area and audience, and the change in knowledge.

Reach (people attending) is a count of people, protected by ``harbour.statistics`` as an area ×
audience table with its totals. The change in each question's "yes" share is a model estimate:
shown only when the questionnaires behind it, as published, are at least the rules'
``derived_minimum`` at both stages and the sessions leave at least that many degrees of freedom
(``statistics.derived.estimate``); otherwise withheld.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from harbour.prevention.effects import Change, SessionAnswers, change_in_proportion
from harbour.prevention.models import Audience, Programme, Question, Stage, Tally
from harbour.regions.models import LocalAuthority
from harbour.statistics.charts import chart
from harbour.statistics.conf import default_rules
from harbour.statistics.derived import estimate
from harbour.statistics.protect import protect_table
from harbour.statistics.published import ProtectedTable, PublishedCell
from harbour.statistics.rules import Reason, SuppressionRules
from harbour.statistics.tables import CountTable, Dimension


def reach_table(programme: Programme, *, rules: SuppressionRules | None = None) -> ProtectedTable:
    rules = rules or default_rules()
    areas = list(LocalAuthority.objects.order_by("name"))
    area = Dimension(
        name="area",
        categories=tuple(a.gss_code for a in areas) or ("none",),
        label=_("Area"),
        category_labels=tuple(a.name for a in areas) or (_("No areas"),),
    )
    audience = Dimension(
        name="audience",
        categories=tuple(Audience.values),
        label=_("Audience"),
        category_labels=tuple(Audience.labels),
    )
    counts = (
        programme.sessions.values("area__gss_code", "audience")
        .annotate(people=Sum("attendance"))
        .values_list("area__gss_code", "audience", "people")
    )
    table = CountTable.from_counts(
        [area, audience], {(code, kind): people for code, kind, people in counts}
    )
    return protect_table(
        table, rules=rules, name="reach", title=_("People reached, by area and audience")
    )


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
    programme: Programme, *, audience: str, rules: SuppressionRules | None = None
) -> list[QuestionResult]:
    """For each question, the share saying yes before and after the sessions for ``audience``,
    the change in percentage points and its 95 % interval (clustered by session)."""
    rules = rules or default_rules()
    tallies: dict[int, dict[str, Tally]] = {}
    for tally in Tally.objects.filter(session__programme=programme, session__audience=audience):
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
