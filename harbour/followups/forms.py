"""Forms of the follow-up pages. Plain forms: the views pass cleaned data to the services,
which decide what is required (their errors come back on the fields)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from harbour.followups.choices import (
    CloseReason,
    ContactMethod,
    NoticeAnswer,
    Prosecution,
    ReferralService,
    YesNo,
)
from harbour.incidents.forms import DATETIME_HELP, UKDateTimeField


def _note(label, rows=3, max_length=2000):
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class NoticeForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Did you tell her that an IDVA will contact her within 24 hours?"),
        choices=NoticeAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you told her, and her answer.")},
    )
    told_at = UKDateTimeField(
        label=_("When did you tell her?"),
        required=False,
        help_text=_("Leave empty if you could not tell her. ") + DATETIME_HELP,
    )
    note = _note(_("Anything the IDVA should know about contacting her (optional)"))


class ContactForm(forms.Form):
    at = UKDateTimeField(
        error_messages={"required": _("Enter when you contacted her, or tried to")},
        label=_("When did you contact her, or try to?"),
        help_text=DATETIME_HELP,
    )
    method = forms.ChoiceField(
        label=_("How?"),
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say how you contacted her, or tried to.")},
    )
    contact_made = forms.TypedChoiceField(
        label=_("Did you speak with her?"),
        choices=YesNo.choices,
        coerce=lambda value: value == YesNo.YES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you spoke with her.")},
    )
    note = _note(_("What happened (needed if you did not speak with her)"))
    safety_plan = forms.ChoiceField(
        label=_("Did you complete a safety plan with her?"),
        choices=YesNo.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    safety_plan_summary = _note(_("The safety plan, briefly"), rows=4, max_length=4000)
    referrals = forms.MultipleChoiceField(
        label=_("Services you referred her to"),
        choices=ReferralService.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Choose every one that applies. For the victim care hub, Harbour then offers to "
            "make the referral there."
        ),
        error_messages={
            "invalid_choice": _("Choose the services you referred her to from the list.")
        },
    )
    referrals_note = _note(_("About the referrals (optional)"))
    supports_prosecution = forms.ChoiceField(
        label=_("Does she support a prosecution?"),
        choices=Prosecution.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    decision_note = _note(_("About her decision (optional)"))

    VISIT_FIELDS = (
        "safety_plan",
        "safety_plan_summary",
        "referrals",
        "referrals_note",
        "supports_prosecution",
        "decision_note",
    )

    def clean(self):
        """What is asked only "if you spoke with her" is revealed only when she was reached:
        when she was not, whatever the hidden block held is dropped, never kept or checked
        (the service then requires the note on the attempt)."""
        data = super().clean()
        if data.get("contact_made") is False:
            for name in self.VISIT_FIELDS:
                self.errors.pop(name, None)
                data[name] = [] if name == "referrals" else ""
        return data

    def attempt_fields(self):
        return [self[name] for name in ("at", "method", "note")]

    def visit_fields(self):
        return [self[name] for name in self.VISIT_FIELDS]


class DecisionForm(forms.Form):
    value = forms.ChoiceField(
        label=_("Does she support a prosecution?"),
        choices=Prosecution.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes, no or not decided.")},
    )
    note = _note(_("Note (optional)"))


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you closing it without a visit?"),
        choices=CloseReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why you are closing it without a visit.")},
    )
    note = _note(_("Note (needed for another reason)"))
