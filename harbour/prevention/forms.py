"""Forms of the prevention pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from harbour.prevention.models import Audience
from harbour.regions.models import LocalAuthority


def _count(label, required=True, error_messages=None):
    return forms.IntegerField(
        label=label,
        error_messages=error_messages,
        min_value=0,
        max_value=10_000,
        required=required,
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-4", "inputmode": "numeric"}
        ),
    )


class ProgrammeForm(forms.Form):
    name = forms.CharField(
        error_messages={"required": _("Enter the programme's name")},
        label=_("Name"),
        max_length=200,
    )
    description = forms.CharField(
        error_messages={"required": _("Enter what the programme does, and for whom")},
        label=_("What the programme does, and for whom"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


STAGES = (("before", _("before")), ("after", _("after")))


class SessionForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date of the session"),
        help_text=_("For example, 12/3/2026"),
        widget=forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10"}),
        error_messages={
            "required": _("Enter the date of the session"),
            "invalid": _("Enter a date, like 12/3/2026"),
        },
    )
    venue = forms.CharField(
        error_messages={"required": _("Enter the school or venue")},
        label=_("School or venue"),
        max_length=200,
        help_text=_("A school's or a venue's name: never a person's."),
    )
    area = forms.ModelChoiceField(
        error_messages={"required": _("Select the area")},
        label=_("Area"),
        queryset=LocalAuthority.objects.all(),
    )
    audience = forms.ChoiceField(
        error_messages={"required": _("Select the audience")},
        label=_("Audience"),
        choices=Audience.choices,
        widget=forms.RadioSelect,
    )
    attendance = _count(
        _("How many attended?"), error_messages={"required": _("Enter how many attended")}
    )
    before_responses = _count(_("Questionnaires returned before the session"), required=False)
    before_recognises_yes = _count(
        _("Before: how many said they can recognise the forms abuse takes"), required=False
    )
    before_knows_help_yes = _count(
        _("Before: how many said they know where to get help"), required=False
    )
    after_responses = _count(_("Questionnaires returned after the session"), required=False)
    after_recognises_yes = _count(
        _("After: how many said they can recognise the forms abuse takes"), required=False
    )
    after_knows_help_yes = _count(
        _("After: how many said they know where to get help"), required=False
    )

    def tallies(self) -> dict[str, dict[str, int]]:
        out = {}
        for stage, _label in STAGES:
            values = {
                name: self.cleaned_data.get(f"{stage}_{name}")
                for name in ("responses", "recognises_yes", "knows_help_yes")
            }
            if all(value is None for value in values.values()):
                continue
            out[stage] = values
        return out

    def clean(self):
        cleaned = super().clean()
        for stage, _label in STAGES:
            names = [f"{stage}_{n}" for n in ("responses", "recognises_yes", "knows_help_yes")]
            given = [cleaned.get(name) for name in names]
            if any(v is not None for v in given) and any(v is None for v in given):
                raise ValidationError(
                    _(
                        "Give all three figures for the questionnaires %(stage)s the session, "
                        "or none."
                    )
                    % {"stage": dict(STAGES)[stage]}
                )
            if given[0] is not None:
                for name, value in zip(names[1:], given[1:], strict=True):
                    if value > given[0]:
                        self.add_error(name, _("More said yes than returned a questionnaire."))
                attendance = cleaned.get("attendance")
                if attendance is not None and given[0] > attendance:
                    self.add_error(names[0], _("More questionnaires than people at the session."))
        return cleaned
