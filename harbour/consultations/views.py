"""Staff pages of consultations. Thin: parse, call a getter or a service, render.

The builder, imports, analysis and results are for analysts of the agency running the
consultation (``queries.consultation_get_for_user``: anyone else gets the same 404 as a
consultation that does not exist, and the refusal is logged). The professional route is for
staff of any partner agency, who answer for their agency.
"""

from __future__ import annotations

import io
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from harbour.accounts.decorators import role_required
from harbour.audit.services import Action, access_log
from harbour.consultations import forms, imports, queries, results, services
from harbour.consultations.models import (
    AnalysisStatus,
    Answer,
    Audience,
    QuestionKind,
    Quote,
    ThemeAssignment,
)
from harbour.consultations.themes import wordllama_available
from harbour.core.forms import apply_errors
from harbour.regions.queries import area_categories
from harbour.statistics.export import SafeCsvWriter

analyst = role_required(*services.BUILDER_ROLES)
professional = role_required(*services.PROFESSIONAL_ROLES)


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "consultations/not_found.html", status=404)


def with_consultation(view):
    @wraps(view)
    def wrapped(request: HttpRequest, consultation_id: str, *args, **kwargs):
        try:
            consultation = queries.consultation_get_for_user(
                user=request.user, consultation_id=consultation_id
            )
        except queries.NotFound:
            return _not_found(request)
        return view(request, consultation, *args, **kwargs)

    return wrapped


# The builder --------------------------------------------------------------------------------


@require_safe
@analyst
def consultation_list(request: HttpRequest) -> HttpResponse:
    rows = queries.consultations_for_user(user=request.user)
    return render(request, "consultations/list.html", {"consultations": rows})


@require_http_methods(["GET", "HEAD", "POST"])
@analyst
def consultation_create(request: HttpRequest) -> HttpResponse:
    form = forms.ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = services.consultation_create(
                by=request.user,
                title=data["title"],
                introduction=data["introduction"],
                audiences=data["audiences"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                topics=data["topics"].splitlines(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Consultation created. Now add its questions."))
            return redirect("consultations:detail", consultation_id=consultation.public_id)
    status = 400 if form.errors else 200
    return render(request, "consultations/create.html", {"form": form}, status=status)


@require_safe
@analyst
@with_consultation
def consultation_detail(request: HttpRequest, consultation) -> HttpResponse:
    access_log(user=request.user, action=Action.VIEW, record=consultation)
    questions = list(consultation.questions.select_related("topic"))
    return render(
        request,
        "consultations/detail.html",
        {
            "consultation": consultation,
            "questions": questions,
            "topics": consultation.topics.all(),
            "topic_form": forms.TopicForm(),
            "responses": consultation.responses.count(),
            "by_route": {
                label: consultation.responses.filter(route=value).count()
                for value, label in services.Route.choices
            },
            "imports": consultation.imports.all()[:10],
            "text_questions": [q for q in questions if q.kind == QuestionKind.TEXT],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@analyst
@with_consultation
def consultation_edit(request: HttpRequest, consultation) -> HttpResponse:
    initial = {
        "title": consultation.title,
        "introduction": consultation.introduction,
        "audiences": consultation.audiences,
        "opens_on": consultation.opens_on,
        "closes_on": consultation.closes_on,
    }
    form = forms.ConsultationForm(request.POST or None, initial=initial)
    del form.fields["topics"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consultation_update(
                consultation=consultation,
                by=request.user,
                title=data["title"],
                introduction=data["introduction"],
                audiences=data["audiences"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Consultation saved."))
            return redirect("consultations:detail", consultation_id=consultation.public_id)
    status = 400 if form.errors else 200
    return render(
        request,
        "consultations/edit.html",
        {"form": form, "consultation": consultation},
        status=status,
    )


@require_POST
@analyst
@with_consultation
def topic_add(request: HttpRequest, consultation) -> HttpResponse:
    form = forms.TopicForm(request.POST)
    if form.is_valid():
        services.topic_add(
            consultation=consultation, by=request.user, title=form.cleaned_data["title"]
        )
        messages.success(request, _("Topic added."))
    else:
        messages.error(request, _("Enter the topic."))
    return redirect("consultations:detail", consultation_id=consultation.public_id)


def _areas() -> list[str]:
    return [str(label) for _code, label in area_categories()]


@require_http_methods(["GET", "HEAD", "POST"])
@analyst
@with_consultation
def question_add(request: HttpRequest, consultation) -> HttpResponse:
    form = forms.QuestionForm(request.POST or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        topic = consultation.topics.filter(pk=data["topic"]).first() if data["topic"] else None
        about = data["about_you"]
        text = data["text"] or (dict(forms.ABOUT_YOU_TEXT).get(about, "") if about else "")
        try:
            services.question_add(
                consultation=consultation,
                by=request.user,
                kind=data["kind"],
                text=str(text),
                hint=data["hint"],
                topic=topic,
                choices=data["choices"].splitlines(),
                scale_points=data["scale_points"],
                scale_low_label=data["scale_low_label"],
                scale_high_label=data["scale_high_label"],
                required=data["required"],
                about_you=about,
                areas=_areas(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect("consultations:detail", consultation_id=consultation.public_id)
    status = 400 if form.errors else 200
    return render(
        request,
        "consultations/question_add.html",
        {"form": form, "consultation": consultation},
        status=status,
    )


@require_POST
@analyst
@with_consultation
def question_remove(request: HttpRequest, consultation, question_id: str) -> HttpResponse:
    try:
        question = queries.question_get(consultation=consultation, question_id=question_id)
        services.question_remove(question=question, by=request.user)
    except queries.NotFound:
        return _not_found(request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Question removed."))
    return redirect("consultations:detail", consultation_id=consultation.public_id)


# Import -------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@analyst
@with_consultation
def import_answers(request: HttpRequest, consultation) -> HttpResponse:
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report = None
    refused = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.max_bytes():
            refused = _("The file is larger than %(kb)s KB.") % {"kb": imports.max_bytes() // 1024}
        else:
            try:
                report = imports.import_file(
                    consultation=consultation,
                    by=request.user,
                    name=upload.name,
                    data=upload.read(imports.max_bytes() + 1),
                )
            except imports.FileRefused as error:
                refused = str(error)
        if refused:
            form.add_error("file", refused)
    status = 400 if (form.errors or (report and not report.ok)) else 200
    return render(
        request,
        "consultations/import.html",
        {"form": form, "consultation": consultation, "report": report},
        status=status,
    )


@require_safe
@analyst
@with_consultation
def import_template(request: HttpRequest, consultation) -> HttpResponse:
    buffer = io.StringIO()
    SafeCsvWriter(buffer).writerow(imports.template_header(consultation))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="answers-template.csv"'
    return response


# Theme analysis -----------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@analyst
@with_consultation
def question_analysis(request: HttpRequest, consultation, question_id: str) -> HttpResponse:
    try:
        question = queries.question_get(consultation=consultation, question_id=question_id)
    except queries.NotFound:
        return _not_found(request)
    if question.kind != QuestionKind.TEXT:
        return _not_found(request)
    form = forms.AnalysisForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        analysis = services.analysis_request(
            question=question, by=request.user, themes=form.cleaned_data["themes"]
        )
        return redirect("consultations:analysis", analysis_id=analysis.public_id)
    return render(
        request,
        "consultations/question_analysis.html",
        {
            "consultation": consultation,
            "question": question,
            "form": form,
            "analyses": question.analyses.all()[:10],
            "answers": Answer.objects.filter(question=question).exclude(redacted_text="").count(),
            "wordllama": wordllama_available(),
        },
    )


def with_analysis(view):
    @wraps(view)
    def wrapped(request: HttpRequest, analysis_id: str, *args, **kwargs):
        try:
            analysis = queries.analysis_get_for_user(user=request.user, analysis_id=analysis_id)
        except queries.NotFound:
            return _not_found(request)
        return view(request, analysis, *args, **kwargs)

    return wrapped


@require_safe
@analyst
@with_analysis
def analysis_detail(request: HttpRequest, analysis) -> HttpResponse:
    themes = []
    for theme in analysis.themes.all():
        primary = theme.assignments.filter(primary=True)
        candidates = list(
            theme.assignments.filter(primary=True)
            .select_related("answer")
            .order_by("-confidence")[:3]
        )
        themes.append(
            {
                "theme": theme,
                "count": primary.count(),
                "also": theme.assignments.filter(primary=False).count(),
                "quotes": [a.answer.redacted_text for a in candidates]
                if not theme.is_other
                else [],
            }
        )
    total = sum(item["count"] for item in themes) or 1
    for item in themes:
        item["share"] = round(100 * item["count"] / total)
    running = analysis.status in (AnalysisStatus.QUEUED, AnalysisStatus.RUNNING)
    return render(
        request,
        "consultations/analysis.html",
        {
            "analysis": analysis,
            "question": analysis.question,
            "consultation": analysis.question.consultation,
            "themes": themes,
            "running": running,
        },
    )


def with_theme(view):
    @wraps(view)
    def wrapped(request: HttpRequest, theme_id: str, *args, **kwargs):
        try:
            theme = queries.theme_get_for_user(user=request.user, theme_id=theme_id)
        except queries.NotFound:
            return _not_found(request)
        return view(request, theme, *args, **kwargs)

    return wrapped


def _other_themes(theme, *, include_other: bool):
    return [
        (t.public_id, t.label)
        for t in theme.analysis.themes.exclude(pk=theme.pk)
        if include_other or not t.is_other
    ]


@require_safe
@analyst
@with_theme
def theme_detail(request: HttpRequest, theme) -> HttpResponse:
    access_log(user=request.user, action=Action.VIEW, record=theme, reason="redacted answers")
    assignments = list(theme.assignments.select_related("answer")[:200])
    chosen = set(Quote.objects.filter(theme=theme).values_list("answer_id", flat=True))
    return render(
        request,
        "consultations/theme.html",
        {
            "theme": theme,
            "analysis": theme.analysis,
            "consultation": theme.analysis.question.consultation,
            "assignments": assignments,
            "total": theme.assignments.count(),
            "chosen": chosen,
            "rename_form": forms.RenameForm(initial={"label": theme.label}),
            "merge_form": forms.MergeForm(choices=_other_themes(theme, include_other=False)),
            "move_choices": _other_themes(theme, include_other=True),
        },
    )


@require_POST
@analyst
@with_theme
def theme_change(request: HttpRequest, theme, action: str) -> HttpResponse:
    analysis = theme.analysis
    try:
        if action == "rename":
            form = forms.RenameForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Enter a name for the theme."))
            services.theme_rename(theme=theme, by=request.user, label=form.cleaned_data["label"])
            messages.success(request, _("Theme renamed."))
        elif action == "merge":
            into = analysis.themes.filter(public_id=request.POST.get("into", "")).first()
            if into is None:
                raise ValidationError(_("Choose a theme to merge into."))
            theme = services.theme_merge(theme=theme, into=into, by=request.user)
            messages.success(request, _("Themes merged."))
        elif action == "split":
            theme, _second = services.theme_split(theme=theme, by=request.user)
            messages.success(request, _("Theme split in two."))
            return redirect("consultations:analysis", analysis_id=analysis.public_id)
        elif action == "move":
            to = analysis.themes.filter(public_id=request.POST.get("to", "")).first()
            assignment = ThemeAssignment.objects.filter(
                theme=theme, pk=request.POST.get("assignment") or 0
            ).first()
            if to is None or assignment is None:
                raise ValidationError(_("Choose an answer and a theme to move it to."))
            services.answer_move(
                analysis=analysis, answer=assignment.answer, to=to, by=request.user
            )
            messages.success(request, _("Answer moved."))
        elif action == "quote":
            assignment = ThemeAssignment.objects.filter(
                theme=theme, pk=request.POST.get("assignment") or 0
            ).first()
            if assignment is None:
                raise ValidationError(_("Choose an answer."))
            quote = Quote.objects.filter(theme=theme, answer=assignment.answer).first()
            if quote is None:
                services.quote_choose(theme=theme, answer=assignment.answer, by=request.user)
                messages.success(request, _("Quote chosen for the report."))
            else:
                services.quote_remove(quote=quote, by=request.user)
                messages.success(request, _("Quote taken out of the report."))
        else:
            return _not_found(request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("consultations:theme", theme_id=theme.public_id)


# Results ------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@analyst
@with_consultation
def consultation_results(request: HttpRequest, consultation) -> HttpResponse:
    if request.method == "POST":
        results.results_publish(consultation=consultation, by=request.user)
        messages.success(request, _("Results published."))
        return redirect("consultations:results", consultation_id=consultation.public_id)
    release = consultation.releases.first()
    return render(
        request,
        "consultations/results.html",
        {"consultation": consultation, "release": release, "printable": False},
    )


@require_safe
@analyst
@with_consultation
def results_report(request: HttpRequest, consultation) -> HttpResponse:
    release = consultation.releases.first()
    return render(
        request,
        "consultations/report.html",
        {"consultation": consultation, "release": release, "printable": True},
    )


@require_safe
@analyst
@with_consultation
def results_csv(request: HttpRequest, consultation) -> HttpResponse:
    release = consultation.releases.first()
    if release is None:
        return _not_found(request)
    access_log(user=request.user, action=Action.EXPORT, record=release, reason="results CSV")
    buffer = io.StringIO()
    SafeCsvWriter(buffer).writerows(results.csv_rows(release))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="consultation-results.csv"'
    return response


# The professional route ---------------------------------------------------------------------


@require_safe
@professional
def professional_list(request: HttpRequest) -> HttpResponse:
    rows = queries.consultations_open(audience=Audience.PROFESSIONALS)
    return render(request, "consultations/professional_list.html", {"consultations": rows})


@require_http_methods(["GET", "HEAD", "POST"])
@professional
def professional_respond(request: HttpRequest, consultation_id: str) -> HttpResponse:
    try:
        consultation = queries.consultation_open_get(
            consultation_id=consultation_id, audience=Audience.PROFESSIONALS
        )
    except queries.NotFound:
        access_log(
            user=request.user,
            action=Action.DENIED,
            record_type="consultations.consultation",
            record_id=consultation_id,
            reason="not open to professionals",
        )
        return _not_found(request)
    form = forms.AnswersForm(request.POST or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            services.professional_response_submit(
                consultation=consultation, by=request.user, answers=form.answers()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you: your agency's answers were sent."))
            return redirect("consultations:answer-list")
    status = 400 if form.errors else 200
    return render(
        request,
        "consultations/professional_respond.html",
        {"consultation": consultation, "form": form},
        status=status,
    )
