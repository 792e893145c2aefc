"""Forms of the incident pages. Plain forms: the views pass cleaned data to the services."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.incidents.choices import ActionStatus, Relationship, Support, YesNoNotKnown
from harbour.incidents.models import OffenceType, OutcomeCode
from harbour.people.forms import (
    ContactFields,
    EqualityFields,
    IdentityFields,
    NeedsFields,
    SafeContactForm,
)

DATETIME_HELP = _("Use the 24-hour clock, UK time. For example, 27/3/2026 21:30")


class UKDateTimeInput(forms.DateTimeInput):
    """Shows a time as the hint asks for one: "27/3/2026 21:30" (UK time, 24-hour clock)."""

    def format_value(self, value):
        if isinstance(value, datetime.datetime):
            return f"{value.day}/{value.month}/{value.year} {value:%H:%M}"
        return super().format_value(value)


class UKDateTimeField(forms.DateTimeField):
    """A date and time typed in UK time; a time the clocks skip or repeat gets a clear error."""

    widget = UKDateTimeInput(attrs={"class": "govuk-input govuk-input--width-20"})
    default_error_messages = {
        "invalid": _("Enter a date and time, like 27/3/2026 21:30"),
        "required": _("Enter a date and time, like 27/3/2026 21:30"),
    }

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if getattr(error, "code", None) == "ambiguous_timezone":
                raise ValidationError(
                    _(
                        "The clocks changed at that time, so it did not happen or happened "
                        "twice. Enter a time before 1am or after 2am."
                    ),
                    code="ambiguous_timezone",
                ) from error
            raise


def _yes_no_not_known(label, required, help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=YesNoNotKnown.choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": required},
    )


class _PastTimes:
    def _past(self, name: str, message):
        value = self.cleaned_data.get(name)
        if value and value > timezone.now():
            raise ValidationError(message)
        return value


class IncidentForm(_PastTimes, forms.Form):
    occurred_at = UKDateTimeField(
        error_messages={"required": _("Enter when it happened")},
        label=_("When did it happen?"),
        help_text=DATETIME_HELP,
    )
    visited_at = UKDateTimeField(
        error_messages={"required": _("Enter when the police first visited her")},
        label=_("When did the police first visit her?"),
        help_text=DATETIME_HELP,
    )
    force_reference = forms.CharField(
        label=_("Force reference (optional)"), required=False, max_length=40
    )
    local_authority = forms.ModelChoiceField(
        label=_("Area"),
        queryset=None,
        empty_label=_("Choose the area"),
        error_messages={"required": _("Choose the area where it happened")},
    )
    offences = forms.ModelMultipleChoiceField(
        label=_("Offences"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every one that applies"),
        error_messages={"required": _("Choose at least one offence")},
    )
    summary = forms.CharField(
        label=_("What happened, briefly (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    victim_aged_16_or_over = _yes_no_not_known(
        _("Is she aged 16 or over?"),
        _("Say whether she is aged 16 or over"),
        help_text=_("Her date of birth is not on her record"),
    )
    children_present = _yes_no_not_known(
        _("Were children present?"), _("Say whether children were present")
    )
    children_in_household = _yes_no_not_known(
        _("Do children live in the household?"), _("Say whether children live in the household")
    )
    children_count = forms.IntegerField(
        label=_("How many children? (optional)"),
        required=False,
        min_value=0,
        max_value=30,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )
    supports_action = forms.ChoiceField(
        label=_("Does she support police action?"),
        choices=Support.choices,
        widget=forms.RadioSelect,
        help_text=_("You can record a change later; every answer is kept"),
        error_messages={"required": _("Say whether she supports police action")},
    )

    def __init__(self, *args, victim=None, **kwargs):
        super().__init__(*args, **kwargs)
        from harbour.regions.models import LocalAuthority

        self.fields["local_authority"].queryset = LocalAuthority.objects.all()
        self.fields["offences"].queryset = OffenceType.objects.filter(is_active=True)
        if victim is not None and victim.date_of_birth is not None:
            # Worked out from her date of birth on the day.
            del self.fields["victim_aged_16_or_over"]
        if victim is not None and not self.is_bound and victim.local_authority_id:
            self.initial.setdefault("local_authority", victim.local_authority_id)

    def clean_occurred_at(self):
        return self._past("occurred_at", _("When it happened must be in the past"))

    def clean_visited_at(self):
        return self._past("visited_at", _("The visit must be in the past"))

    def clean(self):
        data = super().clean()
        occurred, visited = data.get("occurred_at"), data.get("visited_at")
        if occurred and visited and visited < occurred:
            self.add_error("visited_at", _("The visit must be after the incident happened"))
        return data


class DisclosureForm(_PastTimes, forms.Form):
    occurred_at = UKDateTimeField(
        error_messages={"required": _("Enter when it happened")},
        label=_("When did it happen?"),
        help_text=_("As near as she can say. Use the 24-hour clock, UK time: 27/3/2026 21:30"),
    )
    local_authority = IncidentForm.base_fields["local_authority"]
    offences = forms.ModelMultipleChoiceField(
        label=_("Kinds of abuse (optional)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("It does not need to be a crime"),
    )
    summary = IncidentForm.base_fields["summary"]
    victim_aged_16_or_over = IncidentForm.base_fields["victim_aged_16_or_over"]
    children_present = IncidentForm.base_fields["children_present"]
    children_in_household = IncidentForm.base_fields["children_in_household"]

    def __init__(self, *args, victim=None, **kwargs):
        super().__init__(*args, **kwargs)
        from harbour.regions.models import LocalAuthority

        self.fields["local_authority"].queryset = LocalAuthority.objects.all()
        self.fields["offences"].queryset = OffenceType.objects.filter(is_active=True)
        if victim is not None and victim.date_of_birth is not None:
            del self.fields["victim_aged_16_or_over"]
        if victim is not None and not self.is_bound and victim.local_authority_id:
            self.initial.setdefault("local_authority", victim.local_authority_id)

    def clean_occurred_at(self):
        return self._past("occurred_at", _("When it happened must be in the past"))


class HarmerFields(forms.Form):
    relationship = forms.ChoiceField(
        label=_("What is this person to her?"),
        choices=[("", _("Choose one")), *Relationship.choices],
        error_messages={"required": _("Choose what this person is to her")},
    )
    aged_16_or_over = forms.ChoiceField(
        label=_("Is this person aged 16 or over?"),
        choices=YesNoNotKnown.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Only needed when you do not know their date of birth"),
    )


class HarmerForm(IdentityFields, ContactFields, HarmerFields):
    """A new person harming her (checked for an existing record first) and what they are to
    her."""

    IDENTITY = (
        "given_name",
        "family_name",
        "other_names",
        "date_of_birth",
        "works_for_partner_agency",
    )
    CONTACT = ("address", "postcode", "phone", "email")
    HARMER = ("relationship", "aged_16_or_over")

    def group(self, names):
        return [self[name] for name in names]

    def identity(self):
        return self.group(self.IDENTITY)

    def contact(self):
        return self.group(self.CONTACT)

    def harmer(self):
        return self.group(self.HARMER)

    def clean(self):
        data = super().clean()
        if not data.get("date_of_birth") and not data.get("aged_16_or_over"):
            self.add_error(
                "aged_16_or_over",
                _("Enter their date of birth, or say whether they are aged 16 or over"),
            )
        return data


class DomesticAbuseForm(forms.Form):
    domestic_abuse = forms.TypedChoiceField(
        label=_("Is this domestic abuse?"),
        choices=[("yes", _("Yes, this is domestic abuse")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether this is domestic abuse")},
    )
    note = forms.CharField(
        label=_("Why? (needed when your decision differs from the test)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SupportForm(forms.Form):
    value = forms.ChoiceField(
        label=_("Does she support police action now?"),
        choices=Support.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose her answer")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OutcomeForm(forms.Form):
    outcome = forms.ModelChoiceField(
        label=_("Outcome code"),
        queryset=None,
        empty_label=_("Choose the outcome"),
        error_messages={"required": _("Choose the outcome code")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = OutcomeCode.objects.filter(is_active=True)


class ActionForm(_PastTimes, forms.Form):
    status = forms.ChoiceField(
        label=_("What happened?"),
        choices=[
            (ActionStatus.DONE, _("It has been done")),
            (ActionStatus.NOT_NEEDED, _("It is not needed")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether it has been done or is not needed")},
    )
    completed_at = UKDateTimeField(
        label=_("When? (optional: now if left empty)"), required=False, help_text=DATETIME_HELP
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when it is not needed: say why. Otherwise, for example, who you told"),
    )

    def clean_completed_at(self):
        return self._past("completed_at", _("When it was done must be in the past"))


# Step 1 as question pages: what is asked about her, page by page -------------------------------


class VictimWhoForm(IdentityFields, ContactFields):
    """Who she is, with the details that find her record again (date of birth, phone, email):
    the duplicate check runs on this page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["address"], self.fields["postcode"]
        fields = self.fields
        fields["given_name"].error_messages["required"] = _("Enter her given name")
        fields["family_name"].error_messages["required"] = _("Enter her family name")
        fields["given_name"].error_messages["max_length"] = _(
            "Her given name must be 100 characters or fewer"
        )
        fields["family_name"].error_messages["max_length"] = _(
            "Her family name must be 100 characters or fewer"
        )
        fields["date_of_birth"].error_messages["invalid"] = _(
            "Enter her date of birth as a real date, like 27/3/1988"
        )
        fields["email"].error_messages["invalid"] = _(
            "Enter her email address in the right format, like name@example.com"
        )
        fields["phone"].help_text = _(
            "With a date of birth or email address, this finds a record another agency holds"
        )


class VictimSafeContactForm(SafeContactForm):
    pass


class VictimAddressForm(ContactFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["phone"], self.fields["email"]
        self.fields["postcode"].error_messages["max_length"] = _(
            "Her postcode must be 10 characters or fewer"
        )


class VictimNeedsForm(NeedsFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        children = self.fields["children_in_household"]
        children.error_messages.update(
            {
                "invalid": _("Enter the number of children in the household as a number"),
                "min_value": _("The number of children in the household cannot be below 0"),
                "max_value": _("The number of children in the household must be 30 or fewer"),
            }
        )
        self.fields["local_authority"].error_messages["invalid_choice"] = _(
            "Choose her local authority from the list"
        )


class VictimEqualityForm(EqualityFields):
    pass
