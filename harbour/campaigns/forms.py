from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from harbour.campaigns.models import Channel
from harbour.regions.models import LocalAuthority


def _date(label, error_messages=None):
    return forms.DateField(
        label=label,
        help_text=_("For example, 1/2/2026"),
        widget=forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10"}),
        error_messages={"invalid": _("Enter a date, like 1/2/2026"), **(error_messages or {})},
    )


class CampaignForm(forms.Form):
    name = forms.CharField(
        error_messages={"required": _("Enter the campaign's name")}, label=_("Name"), max_length=200
    )
    message = forms.CharField(
        error_messages={"required": _("Enter what the campaign says")},
        label=_("What it says"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    channels = forms.MultipleChoiceField(
        error_messages={"required": _("Select at least one channel")},
        label=_("Channels"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = _date(
        _("Starts"), error_messages={"required": _("Enter the date the campaign starts")}
    )
    ends_on = _date(_("Ends"), error_messages={"required": _("Enter the date the campaign ends")})
    areas = forms.ModelMultipleChoiceField(
        error_messages={"required": _("Select at least one area")},
        label=_("Areas"),
        queryset=LocalAuthority.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    reach = forms.IntegerField(
        label=_("Reach (optional)"),
        help_text=_("People reached, as the channels report it."),
        required=False,
        min_value=0,
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-10", "inputmode": "numeric"}
        ),
    )
