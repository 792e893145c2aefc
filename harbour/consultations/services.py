"""Every write of the consultations app: keyword-only, typed, in a transaction."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from harbour.accounts.roles import Role
from harbour.audit.services import Action, access_log
from harbour.consultations import themes as theme_analysis
from harbour.consultations.models import (
    MAX_TEXT_LENGTH,
    AboutYou,
    Analysis,
    AnalysisStatus,
    Answer,
    Audience,
    Consultation,
    ImportBatch,
    Question,
    QuestionKind,
    Quote,
    Response,
    Route,
    Theme,
    ThemeAssignment,
    Topic,
)
from harbour.consultations.redaction import redact
from harbour.core.scheduling import enqueue_at

BUILDER_ROLES = frozenset({Role.ANALYST})
# Staff of any partner agency may answer for their agency (the professional route).
PROFESSIONAL_ROLES = frozenset(
    {
        Role.POLICE_OFFICER,
        Role.IDVA,
        Role.HUB_CASEWORKER,
        Role.SPECIALIST_CASEWORKER,
        Role.MARAC_COORDINATOR,
        Role.LIAISON_OFFICER,
        Role.EDUCATION_PROVIDER,
        Role.ANALYST,
    }
)

# Categories of the "about you" questions (fixed, so results can be crossed by them).
AGE_BANDS = ["16–17", "18–24", "25–34", "35–44", "45–54", "55–64", "65 and over"]
ETHNIC_GROUPS = [
    "Asian or Asian British",
    "Black, Black British, Caribbean or African",
    "Mixed or multiple ethnic groups",
    "White",
    "Other ethnic group",
]
DISABILITY = ["Yes", "No"]
PREFER_NOT = "Prefer not to say"


def about_you_choices(kind: str, *, areas: Sequence[str] = ()) -> list[str]:
    lists = {
        AboutYou.AREA: [*areas, "Outside the region"],
        AboutYou.AGE_BAND: AGE_BANDS,
        AboutYou.ETHNICITY: ETHNIC_GROUPS,
        AboutYou.DISABILITY: DISABILITY,
    }
    return [*lists[kind], PREFER_NOT]


# The builder ---------------------------------------------------------------------------------


@transaction.atomic
def consultation_create(
    *,
    by,
    title: str,
    introduction: str,
    audiences: Sequence[str],
    opens_on: datetime.date,
    closes_on: datetime.date,
    topics: Sequence[str] = (),
) -> Consultation:
    consultation = Consultation(
        agency=by.agency,
        title=title,
        introduction=introduction,
        audiences=list(audiences),
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=by,
    )
    consultation.full_clean()
    consultation.save()
    for order, topic in enumerate(t.strip() for t in topics if t.strip()):
        Topic.objects.create(consultation=consultation, title=topic, order=order)
    access_log(user=by, action=Action.CREATE, record=consultation)
    return consultation


@transaction.atomic
def consultation_update(
    *,
    consultation: Consultation,
    by,
    title: str,
    introduction: str,
    audiences: Sequence[str],
    opens_on: datetime.date,
    closes_on: datetime.date,
) -> Consultation:
    consultation.title = title
    consultation.introduction = introduction
    consultation.audiences = list(audiences)
    consultation.opens_on = opens_on
    consultation.closes_on = closes_on
    consultation.full_clean()
    consultation.save()
    access_log(user=by, action=Action.UPDATE, record=consultation)
    return consultation


@transaction.atomic
def topic_add(*, consultation: Consultation, by, title: str) -> Topic:
    if not title.strip():
        raise ValidationError({"title": "Enter the topic."})
    order = consultation.topics.count()
    topic = Topic.objects.create(consultation=consultation, title=title.strip(), order=order)
    access_log(user=by, action=Action.UPDATE, record=consultation, reason="topic added")
    return topic


@transaction.atomic
def question_add(
    *,
    consultation: Consultation,
    by,
    kind: str,
    text: str,
    hint: str = "",
    topic: Topic | None = None,
    choices: Sequence[str] = (),
    scale_points: int | None = None,
    scale_low_label: str = "",
    scale_high_label: str = "",
    required: bool = False,
    about_you: str = "",
    areas: Sequence[str] = (),
) -> Question:
    """Add a question; an "about you" question takes its fixed choices and is never required."""
    if topic is not None and topic.consultation_id != consultation.pk:
        raise ValidationError({"topic": "Choose one of this consultation's topics."})
    if about_you:
        kind = QuestionKind.SINGLE
        choices = about_you_choices(about_you, areas=areas)
        required = False
    question = Question(
        consultation=consultation,
        topic=topic,
        kind=kind,
        text=text.strip(),
        hint=hint.strip(),
        choices=[c.strip() for c in choices if c.strip()],
        scale_points=scale_points if kind == QuestionKind.RATING else None,
        scale_low_label=scale_low_label if kind == QuestionKind.RATING else "",
        scale_high_label=scale_high_label if kind == QuestionKind.RATING else "",
        required=required,
        about_you=about_you,
        order=consultation.questions.count(),
    )
    question.full_clean()
    question.save()
    access_log(user=by, action=Action.UPDATE, record=consultation, reason="question added")
    return question


@transaction.atomic
def question_remove(*, question: Question, by) -> None:
    if question.answers.exists():
        raise ValidationError("A question that has answers cannot be removed.")
    consultation = question.consultation
    question.delete()
    access_log(user=by, action=Action.UPDATE, record=consultation, reason="question removed")


# Answers ------------------------------------------------------------------------------------


class AnswerError(ValueError):
    """An answer that does not fit its question (the message says how)."""


def answer_values(question: Question, raw: Any) -> dict[str, Any]:
    """Check one raw answer against its question: the fields of an :class:`Answer`, or an
    empty dict for no answer. Raises :class:`AnswerError` with a message for a person."""
    if raw is None or raw == "" or raw == []:
        if question.required:
            raise AnswerError("Answer this question.")
        return {}
    if question.kind == QuestionKind.SINGLE:
        value = str(raw).strip()
        if value not in question.choices:
            raise AnswerError("Choose one of the answers listed.")
        return {"choices": [value]}
    if question.kind == QuestionKind.MULTIPLE:
        values = raw if isinstance(raw, list | tuple) else str(raw).split(";")
        values = [str(v).strip() for v in values if str(v).strip()]
        unknown = [v for v in values if v not in question.choices]
        if unknown:
            raise AnswerError("Choose answers from the list.")
        return {"choices": sorted(set(values), key=question.choices.index)} if values else {}
    if question.kind == QuestionKind.RATING:
        try:
            rating = int(str(raw).strip())
        except ValueError as error:
            raise AnswerError(f"Give a whole number from 1 to {question.scale_points}.") from error
        if not 1 <= rating <= (question.scale_points or 0):
            raise AnswerError(f"Give a whole number from 1 to {question.scale_points}.")
        return {"rating": rating}
    text = str(raw).strip()
    if len(text) > MAX_TEXT_LENGTH:
        raise AnswerError(f"Write at most {MAX_TEXT_LENGTH} characters.")
    if not text:
        if question.required:
            raise AnswerError("Answer this question.")
        return {}
    redaction = redact(text)
    return {"text": text, "redacted_text": redaction.text, "redactions": redaction.counts}


def _audience_check(consultation: Consultation, audience: str) -> None:
    if audience not in consultation.audiences:
        raise ValidationError("This consultation does not ask that audience.")


@transaction.atomic
def response_submit(
    *,
    consultation: Consultation,
    audience: str,
    route: str,
    answers: Mapping[Question, Any],
    agency=None,
    import_batch: ImportBatch | None = None,
    received_on: datetime.date | None = None,
) -> Response:
    """Keep one response: raises :class:`ValidationError` (nothing kept) if an answer is bad.
    Nothing about the sender is kept but the audience, the route and the day."""
    _audience_check(consultation, audience)
    if route != Route.IMPORT and not consultation.is_open():
        raise ValidationError("This consultation is not open.")
    checked: dict[Question, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    for question, raw in answers.items():
        if question.consultation_id != consultation.pk:
            raise ValidationError("An answer is for another consultation's question.")
        try:
            values = answer_values(question, raw)
        except AnswerError as error:
            errors[question.public_id] = str(error)
            continue
        if values:
            checked[question] = values
    if errors:
        raise ValidationError(errors)
    response = Response.objects.create(
        consultation=consultation,
        audience=audience,
        route=route,
        agency=agency,
        import_batch=import_batch,
        received_on=received_on or timezone.localdate(),
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=question, **values)
        for question, values in checked.items()
    )
    return response


def professional_response_submit(
    *, consultation: Consultation, by, answers: Mapping[Question, Any]
) -> Response:
    response = response_submit(
        consultation=consultation,
        audience=Audience.PROFESSIONALS,
        route=Route.PROFESSIONAL,
        answers=answers,
        agency=by.agency,
    )
    access_log(user=by, action=Action.CREATE, record=response, reason="answered for the agency")
    return response


# Theme analysis ------------------------------------------------------------------------------


def _free_text_question(question: Question) -> None:
    if question.kind != QuestionKind.TEXT:
        raise ValidationError("Theme analysis is for free-text questions.")


@transaction.atomic
def analysis_request(*, question: Question, by, themes: int | None = None) -> Analysis:
    """Queue an analysis (a row in the task table, in this transaction: nothing lost on a
    restart); the task does the work and reports its progress on the row."""
    from harbour.consultations.tasks import analysis_run

    _free_text_question(question)
    if themes is not None and not 2 <= themes <= theme_analysis.MAX_THEMES:
        raise ValidationError({"themes": f"Ask for 2 to {theme_analysis.MAX_THEMES} themes."})
    running = question.analyses.filter(
        status__in=[AnalysisStatus.QUEUED, AnalysisStatus.RUNNING]
    ).first()
    if running is not None:
        return running
    analysis = Analysis.objects.create(question=question, requested_by=by, themes_asked=themes)
    enqueue_at(analysis_run, None, analysis.pk)
    access_log(user=by, action=Action.CREATE, record=analysis, reason="theme analysis")
    return analysis


def _progress(analysis_id: int) -> theme_analysis.Progress:
    def report(percent: int, stage: str) -> None:
        Analysis.objects.filter(pk=analysis_id).update(progress=percent, stage=stage)

    return report


def analysis_answers(question: Question) -> list[Answer]:
    return list(Answer.objects.filter(question=question).exclude(redacted_text="").order_by("id"))


def analysis_perform(
    *, analysis_id: int, embedder: theme_analysis.Embedder | None = None
) -> Analysis | None:
    """Run one analysis (the task's body). Safe to run twice: a finished analysis is left as
    it is, and a half-written one is written again from the start."""
    analysis = Analysis.objects.filter(pk=analysis_id).select_related("question").first()
    if analysis is None or analysis.status == AnalysisStatus.DONE:
        return analysis
    Analysis.objects.filter(pk=analysis_id).update(
        status=AnalysisStatus.RUNNING, progress=1, stage="reading answers"
    )
    report = _progress(analysis_id)
    try:
        answers = analysis_answers(analysis.question)
        texts = [answer.redacted_text for answer in answers]
        embedder = embedder or theme_analysis.embedder_default()
        report(10, "embedding answers")
        vectors = embedder.embed(texts) if texts else np.zeros((0, 1))
        discovery = theme_analysis.discover(
            vectors, texts, count=analysis.themes_asked, progress=report
        )
    except Exception:
        Analysis.objects.filter(pk=analysis_id).update(
            status=AnalysisStatus.FAILED, error="The analysis could not be completed.", stage=""
        )
        raise
    with transaction.atomic():
        analysis = Analysis.objects.select_for_update().get(pk=analysis_id)
        analysis.themes.all().delete()
        _themes_save(analysis, answers, discovery)
        analysis.status = AnalysisStatus.DONE
        analysis.progress = 100
        analysis.stage = ""
        analysis.embedder = embedder.name
        analysis.themes_proposed = discovery.proposed
        analysis.answers_count = len(answers)
        analysis.finished_at = timezone.now()
        analysis.save()
    return analysis


def _themes_save(
    analysis: Analysis, answers: Sequence[Answer], discovery: theme_analysis.Discovery
) -> None:
    rows = []
    for order, found in enumerate(discovery.themes):
        theme = Theme.objects.create(
            analysis=analysis,
            label=found.label[:120] or f"Theme {order + 1}",
            key_terms=found.key_terms,
            centroid=[round(float(x), 5) for x in found.centre],
            order=order,
        )
        rows += [
            ThemeAssignment(theme=theme, answer=answers[row], confidence=conf, primary=True)
            for row, conf in zip(found.members, found.confidences, strict=True)
        ]
        rows += [
            ThemeAssignment(theme=theme, answer=answers[row], confidence=conf, primary=False)
            for row, conf in found.also
        ]
    other = Theme.objects.create(
        analysis=analysis, label="Other", is_other=True, order=len(discovery.themes)
    )
    rows += [
        ThemeAssignment(theme=other, answer=answers[row], confidence=0.0, primary=True)
        for row in discovery.other
    ]
    ThemeAssignment.objects.bulk_create(rows, batch_size=2000)


@transaction.atomic
def theme_rename(*, theme: Theme, by, label: str) -> Theme:
    label = label.strip()
    if not label:
        raise ValidationError({"label": "Enter a name for the theme."})
    if len(label) > 120:
        raise ValidationError({"label": "Enter a name of at most 120 characters."})
    theme.label = label
    theme.save(update_fields=["label"])
    access_log(user=by, action=Action.UPDATE, record=theme, reason="renamed")
    return theme


@transaction.atomic
def theme_merge(*, theme: Theme, into: Theme, by) -> Theme:
    """Every answer of ``theme`` joins ``into``; ``theme`` goes."""
    if theme.pk == into.pk or theme.analysis_id != into.analysis_id:
        raise ValidationError("Choose another theme of the same analysis.")
    if theme.is_other or into.is_other:
        raise ValidationError("“Other” cannot be merged; move its answers one by one.")
    already = set(into.assignments.values_list("answer_id", flat=True))
    for assignment in theme.assignments.all():
        if assignment.answer_id in already:
            continue
        ThemeAssignment.objects.create(
            theme=into,
            answer_id=assignment.answer_id,
            confidence=assignment.confidence,
            primary=assignment.primary,
        )
    if theme.centroid and into.centroid:
        into.centroid = [
            round((a + b) / 2, 5) for a, b in zip(theme.centroid, into.centroid, strict=True)
        ]
    into.key_terms = list(dict.fromkeys([*into.key_terms, *theme.key_terms]))[:8]
    into.save(update_fields=["centroid", "key_terms"])
    theme.delete()
    access_log(user=by, action=Action.UPDATE, record=into, reason="merged")
    return into


@transaction.atomic
def theme_split(
    *, theme: Theme, by, embedder: theme_analysis.Embedder | None = None
) -> tuple[Theme, Theme]:
    """Split a theme in two by its answers' own k-means."""
    if theme.is_other:
        raise ValidationError("“Other” cannot be split.")
    assignments = list(theme.assignments.filter(primary=True).select_related("answer"))
    if len(assignments) < 4:
        raise ValidationError("A theme needs at least four answers to be split.")
    texts = [a.answer.redacted_text for a in assignments]
    vectors = (embedder or theme_analysis.embedder_default()).embed(texts)
    centres, labels = theme_analysis.kmeans(vectors, 2, seed=0)
    terms = theme_analysis.key_terms(
        [[t for t, group in zip(texts, labels, strict=True) if group == i] for i in (0, 1)]
    )
    second = Theme.objects.create(
        analysis=theme.analysis,
        label=", ".join(terms[1][:3]) or f"{theme.label} (2)",
        key_terms=terms[1],
        centroid=[round(float(x), 5) for x in centres[1]],
        order=theme.order,
    )
    for assignment, label in zip(assignments, labels, strict=True):
        if label == 1:
            assignment.theme = second
            assignment.save(update_fields=["theme"])
    theme.key_terms = terms[0]
    theme.centroid = [round(float(x), 5) for x in centres[0]]
    theme.save(update_fields=["key_terms", "centroid"])
    access_log(user=by, action=Action.UPDATE, record=theme, reason="split")
    return theme, second


@transaction.atomic
def answer_move(*, analysis: Analysis, answer: Answer, to: Theme, by) -> ThemeAssignment:
    """Put an answer in ``to`` as its only theme (an analyst's decision, confidence 1)."""
    if to.analysis_id != analysis.pk:
        raise ValidationError("Choose a theme of this analysis.")
    ThemeAssignment.objects.filter(theme__analysis=analysis, answer=answer).delete()
    assignment = ThemeAssignment.objects.create(
        theme=to, answer=answer, confidence=1.0, primary=True, moved_by=by
    )
    access_log(user=by, action=Action.UPDATE, record=to, reason="answer moved")
    return assignment


@transaction.atomic
def quote_choose(*, theme: Theme, answer: Answer, by) -> Quote:
    if not theme.assignments.filter(answer=answer).exists():
        raise ValidationError("Choose a quote from the theme's own answers.")
    quote, _created = Quote.objects.get_or_create(
        theme=theme, answer=answer, defaults={"chosen_by": by}
    )
    access_log(user=by, action=Action.UPDATE, record=theme, reason="quote chosen")
    return quote


@transaction.atomic
def quote_remove(*, quote: Quote, by) -> None:
    theme = quote.theme
    quote.delete()
    access_log(user=by, action=Action.UPDATE, record=theme, reason="quote removed")


@dataclass(frozen=True)
class ImportReport:
    """What a file import found: every bad row by number, and each cell neutralised."""

    rows: int
    errors: list[tuple[int, str]]
    neutralised: list[tuple[int, str]]
    batch: ImportBatch | None = None

    @property
    def ok(self) -> bool:
        return not self.errors
