"""A consultation's results, published through ``harbour.statistics``: counts protected
together (suppression of small counts, secondary suppression, the deployment's rounding), and
shares and means worked out only from the protected counts under the output rules for derived
figures. A release is made once, by an analyst's action, and shown from storage.

Tables, for each question with fixed answers (lists and rating scales) and each theme
analysis: answer × audience × area, published as "by answer", "by answer and audience" and
"by answer and area", protected as one set. Areas come from the optional "about you" area
question ("Not stated" otherwise). The "about you" questions themselves are crossed with
audience and area the same way. Theme shares count each answer's primary theme.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from harbour.audit.services import Action, access_log
from harbour.consultations.models import (
    AboutYou,
    AnalysisStatus,
    Answer,
    Audience,
    Consultation,
    Question,
    QuestionKind,
    ResultsRelease,
    ThemeAssignment,
)
from harbour.statistics import derived
from harbour.statistics.conf import default_rules
from harbour.statistics.protect import protect_table_set
from harbour.statistics.render import grid
from harbour.statistics.tables import TOTAL, CountTable, Dimension, PublishedTable

NOT_STATED = "not-stated"


def _area_of_responses(consultation: Consultation) -> dict[int, str]:
    area_question = consultation.questions.filter(about_you=AboutYou.AREA).first()
    if area_question is None:
        return {}
    return {
        answer.response_id: answer.choices[0]
        for answer in Answer.objects.filter(question=area_question).only("response_id", "choices")
        if answer.choices
    }


def _dimension(name: str, label: str, keys: list[str]) -> Dimension:
    return Dimension(name=name, label=label, categories=tuple(keys), category_labels=tuple(keys))


def _protect(
    title: str, answer_keys: list[str], rows: list[tuple[str, str, str]], areas: list[str]
):
    """rows: (answer, audience, area) one per counted mention."""
    audiences = [str(label) for value, label in Audience.choices]
    audience_of = {value: str(label) for value, label in Audience.choices}
    counts = Counter((answer, audience_of[audience], area) for answer, audience, area in rows)
    dimensions = (
        _dimension("answer", _("Answer"), answer_keys),
        _dimension("audience", _("Audience"), audiences),
        _dimension("area", _("Area"), areas),
    )
    table = CountTable.from_counts(dimensions, counts)
    tables = [
        PublishedTable("by_answer", ("answer",), title),
        PublishedTable("by_answer_audience", ("answer", "audience"), _("By audience")),
        PublishedTable("by_answer_area", ("answer", "area"), _("By area")),
    ]
    return protect_table_set(table, tables=tables)


def _grid_json(table) -> dict[str, Any]:
    laid = grid(table)
    return {
        "title": str(table.title),
        "corner": str(laid.corner),
        "columns": [str(c) for c in laid.columns],
        "rows": [[str(heading), [str(cell) for cell in cells]] for heading, cells in laid.rows],
        "notes": [str(n) for n in laid.notes],
    }


def _shares(table, keys: list[str]) -> list[list[str]]:
    rules = default_rules()
    cells = [table.cell(key) for key in keys]
    return [
        [key, str(derived.share(cell, cells, rules=rules))]
        for key, cell in zip(keys, cells, strict=True)
    ]


def _section(title: str, kind: str, keys: list[str], rows, areas, *, rating: bool = False) -> dict:
    protected = _protect(title, keys, rows, areas)
    section = {
        "title": title,
        "kind": kind,
        "tables": [_grid_json(t) for t in protected.values()],
        "shares": _shares(protected["by_answer"], keys),
    }
    if rating:
        by_answer = protected["by_answer"]
        section["mean"] = str(
            derived.mean_from_bands(
                [(by_answer.cell(key), Decimal(key)) for key in keys], rules=default_rules()
            )
        )
        # A mean for each audience too, from the protected counts by audience.
        by_audience = protected["by_answer_audience"]
        section["mean_by_audience"] = [
            [
                str(label),
                str(
                    derived.mean_from_bands(
                        [(by_audience.cell(key, str(label)), Decimal(key)) for key in keys],
                        rules=default_rules(),
                    )
                ),
            ]
            for _value, label in Audience.choices
        ]
    return section


def results_compute(consultation: Consultation) -> list[dict]:
    """The protected sections of a release, from the answers as they are now."""
    area_of = _area_of_responses(consultation)
    area_question = consultation.questions.filter(about_you=AboutYou.AREA).first()
    areas = [*(area_question.choices if area_question else []), NOT_STATED]
    areas = list(dict.fromkeys(areas))
    sections = []
    questions = consultation.questions.exclude(kind=QuestionKind.TEXT).order_by(
        "about_you", "order", "id"
    )
    for question in questions:
        rows = []
        answers = Answer.objects.filter(question=question).select_related("response")
        for answer in answers:
            area = area_of.get(answer.response_id, NOT_STATED)
            values = [str(answer.rating)] if answer.rating is not None else answer.choices
            rows += [(value, answer.response.audience, area) for value in values]
        keys = (
            [str(v) for v in question.rating_values()]
            if question.kind == QuestionKind.RATING
            else list(question.choices)
        )
        kind = "about_you" if question.about_you else question.kind
        sections.append(
            _section(
                question.text, kind, keys, rows, areas, rating=question.kind == QuestionKind.RATING
            )
        )
    for question in consultation.questions.filter(kind=QuestionKind.TEXT):
        analysis = question.analyses.filter(status=AnalysisStatus.DONE).first()
        if analysis is None:
            continue
        themes = list(analysis.themes.all())
        keys = [theme.label for theme in themes]
        if len(set(keys)) != len(keys):
            keys = [f"{theme.label} ({i + 1})" for i, theme in enumerate(themes)]
        label_of = {theme.pk: key for theme, key in zip(themes, keys, strict=True)}
        rows = [
            (
                label_of[a.theme_id],
                a.answer.response.audience,
                area_of.get(a.answer.response_id, NOT_STATED),
            )
            for a in ThemeAssignment.objects.filter(
                theme__analysis=analysis, primary=True
            ).select_related("answer__response")
        ]
        section = _section(
            _("Themes: %(question)s") % {"question": question.text}, "themes", keys, rows, areas
        )
        section["quotes"] = [
            [label_of[quote.theme_id], quote.answer.redacted_text]
            for theme in themes
            for quote in theme.quotes.select_related("answer")
        ]
        sections.append(section)
    return sections


@transaction.atomic
def results_publish(*, consultation: Consultation, by) -> ResultsRelease:
    """Make a release of the results now (an action, never a page view)."""
    release = ResultsRelease.objects.create(
        consultation=consultation, published_by=by, tables=results_compute(consultation)
    )
    access_log(user=by, action=Action.CREATE, record=release, reason="results published")
    return release


def csv_rows(release: ResultsRelease):
    """The release in long form for the CSV export (written with SafeCsvWriter)."""
    yield [_("Consultation"), release.consultation.title]
    yield [_("Published"), release.published_at.date().isoformat()]
    for section in release.tables:
        for table in section["tables"]:
            yield []
            yield [section["title"], table["title"]]
            yield [table["corner"], *table["columns"]]
            for heading, cells in table["rows"]:
                yield [heading, *cells]
            for note in table["notes"]:
                yield [note]
        if section.get("mean"):
            yield [_("Mean rating"), section["mean"]]
        yield [_("Share (%)")]
        for key, share in section["shares"]:
            yield [key, share]


__all__ = ["TOTAL", "Question", "csv_rows", "results_compute", "results_publish"]
