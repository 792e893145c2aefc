from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from harbour.action_plan.models import Status


class MilestoneUpdateForm(forms.Form):
    status = forms.ChoiceField(
        error_messages={"required": _("Select the milestone's status")},
        label=_("Status"),
        choices=Status.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Progress"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What has happened since the last update. Name no survivor."),
        error_messages={"required": _("Say what has happened.")},
    )
