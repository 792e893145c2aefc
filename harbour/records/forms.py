from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Agency
from harbour.records.models import CorrectionRequest, RefusalGround


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should her records be erased?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why her records should be erased.")},
    )


class ErasureRefuseForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("Ground for refusing"),
        choices=RefusalGround.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the ground for refusing.")},
    )
    note = forms.CharField(
        label=_("More about the refusal"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SubjectAccessForm(forms.Form):
    received_on = forms.DateField(
        label=_("Date her request was received"),
        help_text=_("For example, 27 3 2026. Her copy is due one calendar month later."),
        error_messages={
            "required": _("Enter the date her request was received."),
            "invalid": _("Enter the date her request was received as a real date."),
        },
        input_formats=["%d %m %Y", "%Y-%m-%d", "%d/%m/%Y"],
    )


class HoldForm(forms.Form):
    person = forms.CharField(
        label=_("Reference of the person record"),
        help_text=_("The 16-character reference shown on her record."),
        max_length=32,
        error_messages={"required": _("Enter the reference of a person record.")},
    )


class HoldLiftForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the hold lifted?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the hold is lifted.")},
    )


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label=_("Recommendation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the recommendation.")},
    )
    agency = forms.ModelChoiceField(
        label=_("Agency it is for"),
        queryset=Agency.objects.order_by("name"),
        error_messages={"required": _("Choose the agency it is for.")},
    )
    due_on = forms.DateField(
        label=_("Due by"),
        help_text=_("For example, 27 3 2027."),
        input_formats=["%d %m %Y", "%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": _("Enter the date it is due by."),
            "invalid": _("Enter the date it is due by as a real date."),
        },
    )


class RecommendationCompleteForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what was done.")},
    )


class CorrectionRequestForm(forms.Form):
    received_on = forms.DateField(
        label=_("Date her request was received"),
        help_text=_("For example, 27 3 2026."),
        input_formats=["%d %m %Y", "%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": _("Enter the date her request was received."),
            "invalid": _("Enter the date her request was received as a real date."),
        },
    )
    asked = forms.CharField(
        label=_("What she asked to be corrected"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what she asked to be corrected.")},
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=CorrectionRequest.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome.")},
    )
    outcome_reason = forms.CharField(
        label=_("Why"),
        help_text=_(
            "Make a correction on her record's correction page: its history keeps what was "
            "corrected."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why.")},
    )
