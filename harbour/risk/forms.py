"""The checklist form, built from a tool version's questions.

The form only checks that each answer is one of yes, no or not known; whether every question
that must be answered is answered, and the level, are the scoring engine's (``assess``), called
by the service. Follow-on answers given for a group that no "yes" opens are dropped (a person
may answer "yes", answer the follow-ons, then change her mind): they were never asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from harbour.risk.definitions import Answer, FollowOn, Level, Question, ToolDefinition
from harbour.risk.scoring import open_follow_ons

PREFIX = "q_"

JUDGEMENT_CHOICES = [
    ("", gettext_lazy("No: keep the level the checklist gives")),
    (Level.MEDIUM, gettext_lazy("Yes: raise it to medium")),
    (Level.HIGH, gettext_lazy("Yes: raise it to high")),
]


def field_name(question_id: str) -> str:
    return f"{PREFIX}{question_id}"


@dataclass(frozen=True)
class Numbered:
    """A question with the number it is shown with, and how an error names it."""

    question: Question
    number: str  # in its list: the main questions, or one follow-on group
    field: str
    group: str = ""  # the follow-on group's title

    @property
    def name(self) -> str:
        if self.group:
            return _("%(group)s, question %(number)s") % {
                "group": self.group,
                "number": self.number,
            }
        return _("Question %(number)s") % {"number": self.number}


class ChecklistForm(forms.Form):
    officer_level = forms.ChoiceField(
        label=gettext_lazy("Your grading of the risk"),
        choices=Level.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    officer_reasons = forms.CharField(
        label=gettext_lazy("Your reasons"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What in her answers and what you saw makes it this level"),
    )
    judgement_level = forms.ChoiceField(
        label=gettext_lazy("Does your professional judgement raise the level?"),
        choices=JUDGEMENT_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text=gettext_lazy("Judgement may raise the level, never lower it"),
    )
    judgement_reason = forms.CharField(
        label=gettext_lazy("Why does your judgement raise it?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Follow-on groups the server has already shown open (without JavaScript, the second step).
    shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, definition: ToolDefinition, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.graded = definition.scoring.method == "officer_graded"
        if not self.graded:
            del self.fields["officer_level"]
            del self.fields["officer_reasons"]
        self.numbered: dict[str, Numbered] = {}
        for number, question in enumerate(definition.questions, start=1):
            self._add(question, str(number))
        for group in definition.follow_ons:
            for number, question in enumerate(group.questions, start=1):
                self._add(question, str(number), group=group.title)
        # Questions first, so the error summary follows the page.
        self.order_fields([name for name in self.fields if name.startswith(PREFIX)])

    def _add(self, question: Question, number: str, group: str = "") -> None:
        name = field_name(question.id)
        self.fields[name] = forms.ChoiceField(
            label=question.text,
            choices=Answer.choices,
            required=False,
            widget=forms.RadioSelect,
            help_text=question.help,
        )
        self.numbered[question.id] = Numbered(question, number, name, group)

    # What the page shows -------------------------------------------------------------------

    def _raw_answers(self) -> dict[str, str]:
        source = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        if not source and self.is_bound:
            source = {
                field_name(q.id): self.data.get(field_name(q.id), "")
                for q in (*self.definition.questions, *self.definition.follow_on_questions)
            }
        elif not source:
            source = self.initial  # a draft's answers, resumed
        return {
            q.id: source.get(field_name(q.id), "") or ""
            for q in (*self.definition.questions, *self.definition.follow_on_questions)
        }

    def opened(self) -> tuple[str, ...]:
        """Follow-on groups opened by the "yes" answers given so far."""
        if not self.is_bound and not self.initial:
            return ()
        return open_follow_ons(self.definition, self._raw_answers())

    def shown_groups(self) -> set[str]:
        value = self.data.get("shown", "") if self.is_bound else ""
        return {group for group in value.split(",") if group}

    def groups_awaiting_answers(self) -> list[FollowOn]:
        """Opened groups with no answer at all that the page has not shown open yet: without
        JavaScript, they are asked on a second step rather than reported as errors."""
        answers = self._raw_answers()
        waiting = []
        for group_id in self.opened():
            group = self.definition.follow_on(group_id)
            if group_id in self.shown_groups():
                continue
            if not any(answers.get(q.id) for q in group.questions):
                waiting.append(group)
        return waiting

    def sections(self) -> list[dict]:
        """The main questions by section, each with the follow-on groups it opens."""
        opened = set(self.opened())
        placed: set[str] = set()
        result = []
        for section in self.definition.sections:
            items = []
            for question in section.questions:
                groups = []
                for group_id in question.opens:
                    if group_id in placed:
                        continue  # a group opened by several questions is asked once
                    placed.add(group_id)
                    group = self.definition.follow_on(group_id)
                    groups.append(
                        {
                            "group": group,
                            "open": group_id in opened,
                            "questions": [
                                {"numbered": self.numbered[q.id], "field": self[field_name(q.id)]}
                                for q in group.questions
                            ],
                        }
                    )
                items.append(
                    {
                        "numbered": self.numbered[question.id],
                        "field": self[field_name(question.id)],
                        "groups": groups,
                    }
                )
            result.append({"title": section.title, "questions": items})
        return result

    def shown_value(self) -> str:
        return ",".join(self.opened())

    # What the service receives ---------------------------------------------------------------

    def answers(self) -> dict[str, str]:
        raw = self._raw_answers()
        opened = set(open_follow_ons(self.definition, raw))
        kept = {q.id: raw[q.id] for q in self.definition.questions}
        for group in self.definition.follow_ons:
            if group.id in opened:
                kept.update({q.id: raw[q.id] for q in group.questions})
        return kept

    def add_engine_errors(self, errors: dict[str, list[str]]) -> None:
        """Put the engine's errors on the fields, each naming its question's number."""
        for key, messages in errors.items():
            for message in messages:
                if key in self.numbered:
                    numbered = self.numbered[key]
                    text = _("%(question)s: %(message)s") % {
                        "question": numbered.name,
                        "message": message[:1].lower() + message[1:],
                    }
                    self.add_error(numbered.field, text)
                elif key in self.fields:
                    self.add_error(key, message)
                else:
                    self.add_error(None, message)
