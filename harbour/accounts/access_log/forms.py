from django import forms
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Agency
from harbour.audit.models import Action


class AccessLogSearchForm(forms.Form):
    username = forms.CharField(label=_("Username"), required=False, max_length=150)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.all(), required=False, empty_label=_("Any")
    )
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("Any")), *Action.choices], required=False
    )
    record_type = forms.CharField(label=_("Record type"), required=False, max_length=60)
    record_id = forms.CharField(label=_("Record reference"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From"), required=False, help_text=_("For example, 27/3/2026")
    )
    date_to = forms.DateField(label=_("To"), required=False, help_text=_("For example, 31/3/2026"))
    flagged = forms.BooleanField(label=_("Only entries flagged for review"), required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to", _("The end date must be the same as or after the start date.")
            )
        return cleaned
