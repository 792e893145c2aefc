"""Forms of the MARAC pages. Plain forms: the views pass cleaned data to the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from harbour.incidents.forms import DATETIME_HELP, UKDateTimeField
from harbour.marac import conf
from harbour.marac.choices import ClosureOutcome, HearingOutcome
from harbour.marac.services import INFORMATION_CATEGORIES
from harbour.people.models import DataCategory

DATE_HELP = _("For example, 27/3/2026")
TEXT_MAX = 4000


def _textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class MaracChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class MeetingForm(forms.Form):
    marac = MaracChoiceField(
        label=_("MARAC"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Choose the MARAC that meets")},
    )
    starts_at = UKDateTimeField(
        error_messages={"required": _("Enter when the meeting starts")},
        label=_("When does the meeting start?"),
        help_text=DATETIME_HELP,
    )
    venue = forms.CharField(
        label=_("Venue (optional)"),
        required=False,
        max_length=200,
        help_text=_("Where the agencies meet, or how they join. Leave empty for the usual venue."),
    )
    capacity = forms.IntegerField(
        label=_("How many cases can it hear?"),
        min_value=1,
        max_value=60,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
        error_messages={
            "required": _("Enter how many cases the meeting can hear"),
            "invalid": _("Enter a whole number of cases"),
            "min_value": _("A meeting can hear between 1 and 60 cases"),
            "max_value": _("A meeting can hear between 1 and 60 cases"),
        },
    )

    def __init__(self, *args, maracs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["marac"].queryset = maracs
        self.initial.setdefault("capacity", conf.cases_per_meeting())


class ReferralForm(forms.Form):
    marac = MaracChoiceField(
        label=_("Which MARAC should hear her case?"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Choose the MARAC")},
    )
    reason = forms.CharField(
        label=_("Why should she be heard at the MARAC?"),
        help_text=_(
            "Your professional judgement: what makes you believe she is at high risk of "
            "serious harm."
        ),
        max_length=TEXT_MAX,
        widget=_textarea(),
        error_messages={"required": _("Say why she should be heard at the MARAC")},
    )

    def __init__(self, *args, maracs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["marac"].queryset = maracs


class InformationForm(forms.Form):
    text = forms.CharField(
        label=_("What does your agency know?"),
        help_text=_(
            "What your records say about her, the person harming her and any children, and "
            "about the risk: only what the meeting needs. It is shared with the agencies "
            "hearing the case."
        ),
        max_length=TEXT_MAX,
        widget=_textarea(8),
        error_messages={"required": _("Enter what your agency knows")},
    )
    categories = forms.MultipleChoiceField(
        label=_("What does it include?"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose what the information includes")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("categories", [str(c) for c in INFORMATION_CATEGORIES])


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ActionForm(forms.Form):
    agency = AgencyChoiceField(
        label=_("Which agency owns the action?"),
        queryset=None,
        empty_label=_("Choose the agency"),
        error_messages={"required": _("Choose the agency that owns the action")},
    )
    description = forms.CharField(
        label=_("What is the action?"),
        max_length=TEXT_MAX,
        widget=_textarea(3),
        error_messages={"required": _("Describe the action")},
    )
    due_on = forms.DateField(
        label=_("Due by"),
        help_text=DATE_HELP,
        widget=forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10"}),
        error_messages={
            "required": _("Enter the date the action is due by"),
            "invalid": _("Enter a date, like 27/3/2026"),
        },
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the meeting cancelled?"),
        help_text=_("Kept with the meeting's record and in the access log."),
        max_length=TEXT_MAX,
        widget=_textarea(3),
        error_messages={"required": _("Enter why the meeting is cancelled")},
    )


class PrintForm(forms.Form):
    """What to print or save, for whom, and why (every print is recorded with the reason)."""

    kind = forms.ChoiceField(
        label=_("What do you want to print?"),
        choices=[("agenda", _("The agenda")), ("minutes", _("The minutes"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to print the agenda or the minutes")},
    )
    agency = forms.ChoiceField(
        label=_("Whose copy?"),
        help_text=_("An agency's copy holds only the cases it is invited to hear."),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whose copy to print"),
            "invalid_choice": _("Choose whose copy to print from the list"),
        },
    )
    reason = forms.CharField(
        label=_("Why are you printing it?"),
        help_text=_("Prints are recorded in the access log with the reason."),
        max_length=200,
        error_messages={
            "required": _("Enter why you are printing it"),
            "max_length": _("Keep why you are printing it to 200 characters or fewer"),
        },
    )

    def __init__(self, *args, agencies=None, kinds=("agenda", "minutes"), **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {a.public_id: a for a in agencies or []}
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0] in kinds]
        if len(self.fields["kind"].choices) == 1:
            self.initial.setdefault("kind", self.fields["kind"].choices[0][0])
        if agencies is None:
            del self.fields["agency"]  # an invited agency prints its own copy
        else:
            self.fields["agency"].choices = [("all", _("The full agenda (coordinators)"))] + [
                (a.public_id, a.name) for a in agencies
            ]
            self.initial.setdefault("agency", "all")

    def chosen_agency(self):
        return self.agencies.get(self.cleaned_data.get("agency", "all"))


class AttendanceForm(forms.Form):
    agency = AgencyChoiceField(
        label=_("Agency"),
        queryset=None,
        empty_label=_("Choose the agency"),
        error_messages={"required": _("Choose the agency they attended for")},
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        error_messages={
            "required": _("Enter the name of the person who attended"),
            "max_length": _("Keep the name to 120 characters or fewer"),
        },
    )
    job_title = forms.CharField(
        label=_("Job title (optional)"),
        required=False,
        max_length=120,
        error_messages={"max_length": _("Keep the job title to 120 characters or fewer")},
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class InviteForm(forms.Form):
    agency = AgencyChoiceField(
        label=_("Agency to invite"),
        queryset=None,
        empty_label=_("Choose the agency"),
        error_messages={"required": _("Choose the agency to invite")},
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What did the meeting decide?"),
        choices=HearingOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome")},
    )
    summary = forms.CharField(
        label=_("Summary of the discussion (optional)"),
        required=False,
        max_length=TEXT_MAX,
        widget=_textarea(5),
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=ClosureOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome")},
    )
    notes = forms.CharField(
        label=_("About the outcome (optional)"),
        required=False,
        max_length=TEXT_MAX,
        widget=_textarea(3),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why?"),
        max_length=TEXT_MAX,
        widget=_textarea(3),
        error_messages={"required": _("Say why")},
    )

    def __init__(self, *args, label=None, required_message=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        if required_message:
            self.fields["reason"].error_messages["required"] = required_message


class ActionDoneForm(forms.Form):
    note = forms.CharField(
        label=_("What was done (optional)"),
        required=False,
        max_length=TEXT_MAX,
        widget=_textarea(3),
    )


class ExportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you downloading these figures?"),
        max_length=200,
        help_text=_("Downloads are recorded with the reason."),
        error_messages={"required": _("Say why you are downloading the figures")},
    )
