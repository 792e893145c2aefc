"""Forms of the consultation pages: the builder's, and the answer form built from a
consultation's questions (public, with the cookie-less token, or for the professional route)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from harbour.consultations.models import (
    MAX_TEXT_LENGTH,
    RATING_SCALES,
    AboutYou,
    Audience,
    Consultation,
    Question,
    QuestionKind,
)
from harbour.core.public_forms import PublicFormMixin

DATE_HELP = _("For example, 27/3/2027")


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10"})


class ConsultationForm(forms.Form):
    title = forms.CharField(
        error_messages={"required": _("Enter the consultation's title")},
        label=_("Title"),
        max_length=200,
    )
    introduction = forms.CharField(
        label=_("Introduction (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown above the questions: what the consultation is for and how answers are used."
        ),
    )
    audiences = forms.MultipleChoiceField(
        label=_("Who is it for?"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one audience.")},
    )
    opens_on = forms.DateField(
        error_messages={"required": _("Enter the date the consultation opens")},
        label=_("Opens on"),
        help_text=DATE_HELP,
        widget=_date_widget(),
    )
    closes_on = forms.DateField(
        error_messages={"required": _("Enter the date the consultation closes")},
        label=_("Closes on"),
        help_text=DATE_HELP,
        widget=_date_widget(),
    )
    topics = forms.CharField(
        label=_("Topics (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One topic a line; questions are grouped under them."),
    )


class TopicForm(forms.Form):
    title = forms.CharField(
        error_messages={"required": _("Enter the new topic")}, label=_("New topic"), max_length=200
    )


class QuestionForm(forms.Form):
    about_you = forms.ChoiceField(
        label=_("Kind of question"),
        choices=[
            ("", _("A question of the consultation")),
            *[
                (value, _("About you: %(what)s") % {"what": label})
                for value, label in AboutYou.choices
            ],
        ],
        required=False,
        help_text=_("“About you” questions have fixed answers and are never required."),
    )
    kind = forms.ChoiceField(
        label=_("How is it answered?"),
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Not needed for “about you” questions."),
    )
    text = forms.CharField(label=_("Question"), max_length=500, required=False)
    hint = forms.CharField(label=_("Hint (optional)"), max_length=500, required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    choices = forms.CharField(
        label=_("Choices (for list questions)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One choice a line."),
    )
    scale_points = forms.TypedChoiceField(
        label=_("Points on the scale (for rating questions)"),
        choices=[("", _("Not a rating question"))] + [(n, str(n)) for n in sorted(RATING_SCALES)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    scale_low_label = forms.CharField(
        label=_("The lowest point means"), max_length=60, required=False
    )
    scale_high_label = forms.CharField(
        label=_("The highest point means"), max_length=60, required=False
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def __init__(self, *args, consultation: Consultation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("No topic"))] + [
            (str(topic.pk), topic.title) for topic in consultation.topics.all()
        ]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("about_you"):
            if not (cleaned.get("text") or "").strip():
                self.add_error("text", _("Enter the question."))
            if not cleaned.get("kind"):
                self.add_error("kind", _("Choose how the question is answered."))
        return cleaned


class AnalysisForm(forms.Form):
    themes = forms.TypedChoiceField(
        label=_("Number of themes"),
        choices=[("", _("Let the analysis propose it"))] + [(n, str(n)) for n in range(2, 31)],
        coerce=int,
        empty_value=None,
        required=False,
    )


class RenameForm(forms.Form):
    label = forms.CharField(
        error_messages={"required": _("Enter the theme's new name")},
        label=_("New name"),
        max_length=120,
    )


class MergeForm(forms.Form):
    into = forms.ChoiceField(
        error_messages={"required": _("Select the theme to merge into")}, label=_("Merge into")
    )

    def __init__(self, *args, choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = choices


class MoveForm(forms.Form):
    to = forms.ChoiceField(
        error_messages={"required": _("Select the theme to move to")}, label=_("Move to")
    )

    def __init__(self, *args, choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = choices


class ImportForm(forms.Form):
    file = forms.FileField(
        error_messages={"required": _("Choose the spreadsheet of answers")},
        label=_("Spreadsheet of answers"),
        help_text=_("A CSV or XLSX file laid out like the template, at most 2 MB."),
    )


def field_name(question: Question) -> str:
    return f"q_{question.public_id}"


def _question_field(question: Question) -> forms.Field:
    optional = "" if question.required else str(_(" (optional)"))
    label = f"{question.text}{optional}"
    common = {"label": label, "required": question.required, "help_text": question.hint}
    if question.kind == QuestionKind.SINGLE:
        return forms.ChoiceField(
            choices=[(c, c) for c in question.choices],
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Choose an answer."),
                "invalid_choice": _("Choose an answer from the list."),
            },
            **common,
        )
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in question.choices],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Choose at least one answer.")},
            **common,
        )
    if question.kind == QuestionKind.RATING:
        points = question.rating_values()
        labels = {points[0]: question.scale_low_label, points[-1]: question.scale_high_label}
        return forms.TypedChoiceField(
            choices=[(p, f"{p} – {labels[p]}" if labels.get(p) else str(p)) for p in points],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose a point on the scale.")},
            **common,
        )
    return forms.CharField(
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Answer this question.")},
        **common,
    )


class AnswersForm(forms.Form):
    """The consultation's questions as fields; ``audiences`` adds "which describes you"."""

    def __init__(
        self, *args, consultation: Consultation, audiences: list[str] | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.questions = list(consultation.questions.select_related("topic"))
        if audiences and len(audiences) > 1:
            self.fields["audience"] = forms.ChoiceField(
                label=_("Which of these describes you best?"),
                choices=[(a, Audience(a).label) for a in audiences],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose the one that describes you best.")},
            )
        for question in self.questions:
            self.fields[field_name(question)] = _question_field(question)

    def sections(self) -> list[tuple[str, list]]:
        """(heading, bound fields) in order: the consultation's topics, then "about you"."""
        groups: dict[str, list] = {}
        for question in self.questions:
            heading = (
                str(_("About you (optional)"))
                if question.about_you
                else (question.topic.title if question.topic else "")
            )
            groups.setdefault(heading, []).append(self[field_name(question)])
        about = str(_("About you (optional)"))
        ordered = [(h, f) for h, f in groups.items() if h != about]
        if about in groups:
            ordered.append((about, groups[about]))
        return ordered

    def answers(self) -> dict[Question, object]:
        return {q: self.cleaned_data.get(field_name(q)) for q in self.questions}


class PublicAnswersForm(PublicFormMixin, AnswersForm):
    public_form_id = "consultations.respond"


ABOUT_YOU_TEXT = [
    (AboutYou.AREA, _("Where do you live?")),
    (AboutYou.AGE_BAND, _("How old are you?")),
    (AboutYou.ETHNICITY, _("What is your ethnic group?")),
    (AboutYou.DISABILITY, _("Do you consider yourself to be disabled?")),
]
