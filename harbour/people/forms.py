"""Forms of the person pages. Plain forms: views pass cleaned data to the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Agency, User
from harbour.people.choices import (
    AgeBand,
    ContactChannel,
    Ethnicity,
    GenderIdentity,
    ImmigrationStatus,
    Religion,
    SexualOrientation,
    YesNoDeclined,
    YesNoUnknown,
)
from harbour.people.models import (
    AgreementMethod,
    DataCategory,
    LawfulBasis,
    ProcessingCondition,
    Regime,
    ReviewOutcome,
)

DATE_HELP = _("For example, 27/3/1988")


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10"})


def _datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"class": "govuk-input govuk-input--width-20"})


NOT_RECORDED = [("", _("Not recorded"))]


def _optional_choice(label, choices, help_text=""):
    return forms.ChoiceField(
        label=label, choices=NOT_RECORDED + list(choices), required=False, help_text=help_text
    )


class IdentityFields(forms.Form):
    given_name = forms.CharField(
        error_messages={"required": _("Enter her given name")},
        label=_("Given name"),
        max_length=100,
    )
    family_name = forms.CharField(
        error_messages={"required": _("Enter her family name")},
        label=_("Family name"),
        max_length=100,
    )
    other_names = forms.CharField(
        label=_("Other names (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Previous names or names she is also known by, one on each line"),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth (optional)"),
        required=False,
        help_text=DATE_HELP,
        widget=_date_widget(),
    )
    works_for_partner_agency = forms.BooleanField(
        label=_("Works for a partner agency"),
        required=False,
        help_text=_(
            "For example a police officer or a council worker. Every read of the record is "
            "then flagged for someone else to review."
        ),
    )

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Date of birth must be in the past."))
        if value and value.year < 1900:
            raise forms.ValidationError(_("Date of birth must be after 1900."))
        return value

    def clean_other_names(self):
        text = self.cleaned_data.get("other_names") or ""
        names = [line.strip() for line in text.splitlines() if line.strip()]
        if any(len(name) > 200 for name in names):
            raise forms.ValidationError(_("Each other name must be 200 characters or fewer."))
        return names


class ContactFields(forms.Form):
    address = forms.CharField(
        label=_("Address (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    postcode = forms.CharField(label=_("Postcode (optional)"), required=False, max_length=10)
    phone = forms.CharField(label=_("Phone number (optional)"), required=False, max_length=30)
    email = forms.EmailField(label=_("Email address (optional)"), required=False)

    def clean_phone(self):
        from harbour.people.matching import normalise_phone

        value = (self.cleaned_data.get("phone") or "").strip()
        if value and not normalise_phone(value):
            raise forms.ValidationError(
                _("Enter a phone number, like 01632 960 001 or 07700 900 982.")
            )
        return value


class SafeContactForm(forms.Form):
    safe_channels = forms.MultipleChoiceField(
        label=_("Safe ways to contact her"),
        choices=ContactChannel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    safe_times = forms.CharField(
        label=_("Safe times to contact her"), required=False, max_length=300
    )
    voicemail_ok = _optional_choice(_("May a voicemail be left?"), YesNoUnknown.choices)
    code_word = forms.CharField(
        label=_("Code word"),
        required=False,
        max_length=100,
        help_text=_("Ask for it before discussing anything with someone who calls as her."),
    )
    safe_contact_notes = forms.CharField(
        label=_("Other safe-contact notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NeedsFields(forms.Form):
    local_authority = forms.ModelChoiceField(
        label=_("Local authority"), queryset=None, required=False, empty_label=_("Not known")
    )
    language = forms.CharField(label=_("Preferred language"), required=False, max_length=100)
    interpreter_needed = forms.BooleanField(label=_("She needs an interpreter"), required=False)
    disability = _optional_choice(_("Disability"), YesNoDeclined.choices)
    disability_details = forms.CharField(
        label=_("Disability and access needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    children_in_household = forms.IntegerField(
        label=_("Children in the household"), required=False, min_value=0, max_value=30
    )
    children_details = forms.CharField(
        label=_("About the children"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from harbour.regions.models import LocalAuthority

        self.fields["local_authority"].queryset = LocalAuthority.objects.all()


class EqualityFields(forms.Form):
    ethnicity = _optional_choice(_("Ethnicity"), Ethnicity.choices)
    gender_identity = _optional_choice(_("Gender identity"), GenderIdentity.choices)
    sexual_orientation = _optional_choice(_("Sexual orientation"), SexualOrientation.choices)
    religion = _optional_choice(_("Religion or belief"), Religion.choices)
    age_band = _optional_choice(
        _("Age band"), AgeBand.choices, help_text=_("Only if her date of birth is not known")
    )
    immigration_status = _optional_choice(_("Immigration status"), ImmigrationStatus.choices)
    no_recourse_to_public_funds = _optional_choice(
        _("No recourse to public funds"), YesNoUnknown.choices
    )


class PersonForm(IdentityFields, ContactFields, NeedsFields, EqualityFields, SafeContactForm):
    """Everything recorded about a person; only the two names are required."""

    IDENTITY = (
        "given_name",
        "family_name",
        "other_names",
        "date_of_birth",
        "works_for_partner_agency",
    )
    CONTACT = ("address", "postcode", "phone", "email")
    NEEDS = (
        "local_authority",
        "language",
        "interpreter_needed",
        "disability",
        "disability_details",
        "children_in_household",
        "children_details",
    )
    EQUALITY = (
        "ethnicity",
        "gender_identity",
        "sexual_orientation",
        "religion",
        "age_band",
        "immigration_status",
        "no_recourse_to_public_funds",
    )
    SAFE_CONTACT = (
        "safe_channels",
        "safe_times",
        "voicemail_ok",
        "code_word",
        "safe_contact_notes",
    )

    def group(self, names):
        return [self[name] for name in names]

    def identity(self):
        return self.group(self.IDENTITY)

    def contact(self):
        return self.group(self.CONTACT)

    def needs(self):
        return self.group(self.NEEDS)

    def equality(self):
        return self.group(self.EQUALITY)

    def safe_contact(self):
        return self.group(self.SAFE_CONTACT)


class CorrectionForm(PersonForm):
    reason = forms.CharField(
        error_messages={"required": _("Enter why you are changing the record")},
        label=_("Why are you changing the record?"),
        max_length=100,
        help_text=_("For example: spelling of her name corrected after she checked it"),
    )


class SafeContactUpdateForm(SafeContactForm):
    reason = forms.CharField(
        error_messages={"required": _("Enter what changed")},
        label=_("What changed?"),
        max_length=100,
        help_text=_("For example: new phone number"),
    )


class LinkForm(forms.Form):
    ref = forms.CharField(
        error_messages={"required": _("Choose the record to link")}, widget=forms.HiddenInput
    )
    reason = forms.CharField(
        error_messages={"required": _("Enter why this is the same person")},
        label=_("Why is this the same person?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
    )


class SearchForm(forms.Form):
    name = forms.CharField(
        error_messages={"required": _("Enter a name to search for")},
        label=_("Name"),
        max_length=200,
        help_text=_("Her given name and family name, in either order"),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth (optional)"),
        required=False,
        help_text=DATE_HELP,
        widget=_date_widget(),
    )

    def clean(self):
        from harbour.people.names import words

        data = super().clean()
        name = data.get("name")
        if name is not None and not words(name):
            self.add_error("name", _("Enter a name in letters."))
        elif name and len(words(name)) == 1 and not data.get("date_of_birth"):
            # Harbour keeps no key on a single name (decision 0008): one name needs a second.
            self.add_error(
                "name",
                _("Enter her given name and family name, or one name and her date of birth."),
            )
        return data


class AgreementForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        error_messages={"required": _("Select the agencies she agreed to share with")},
        label=_("Agencies she agreed to share with"),
        queryset=Agency.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(
        error_messages={"required": _("Enter what she agreed to share for")},
        label=_("For what"),
        max_length=200,
        help_text=_("Do not include personal details. For example: outreach support"),
    )
    explicit = forms.BooleanField(
        label=_("She explicitly agreed to sharing health, disability or equality information"),
        required=False,
    )
    given_at = forms.DateTimeField(
        error_messages={"required": _("Enter when she agreed")},
        label=_("When she agreed"),
        help_text=_("For example, 27/3/2026 14:30"),
        widget=_datetime_widget(),
    )
    given_how = forms.ChoiceField(
        error_messages={"required": _("Select how she agreed")},
        label=_("How she agreed"),
        choices=AgreementMethod.choices,
    )
    notes = forms.CharField(
        label=_("Notes (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WithdrawForm(forms.Form):
    withdrawn_at = forms.DateTimeField(
        error_messages={"required": _("Enter when she withdrew her agreement")},
        label=_("When she withdrew"),
        help_text=_("For example, 27/3/2026 14:30"),
        widget=_datetime_widget(),
    )
    how = forms.ChoiceField(
        error_messages={"required": _("Select how she withdrew")},
        label=_("How she withdrew"),
        choices=AgreementMethod.choices,
    )


class ShareForm(forms.Form):
    agency = forms.ModelChoiceField(
        error_messages={"required": _("Select who to share with")},
        label=_("Share with"),
        queryset=Agency.objects.filter(is_active=True),
    )
    purpose = forms.CharField(
        error_messages={"required": _("Enter what the sharing is for")},
        label=_("For what"),
        max_length=200,
        help_text=_("Do not include personal details. For example: MARAC referral"),
    )
    categories = forms.MultipleChoiceField(
        error_messages={"required": _("Select what is shared")},
        label=_("What is shared"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    regime = forms.ChoiceField(
        error_messages={"required": _("Select the regime")},
        label=_("Regime"),
        choices=Regime.choices,
    )
    basis = forms.ModelChoiceField(
        error_messages={"required": _("Select the lawful basis")},
        label=_("Lawful basis"),
        queryset=LawfulBasis.objects.filter(is_active=True),
    )
    condition = forms.ModelChoiceField(
        label=_("Condition for special-category or criminal-offence information"),
        queryset=ProcessingCondition.objects.filter(is_active=True),
        required=False,
        empty_label=_("None needed"),
    )
    agreement = forms.ChoiceField(label=_("Her agreement relied on"), required=False, choices=())
    preconditions_confirmed = forms.MultipleChoiceField(
        label=_("Preconditions of the condition that hold (confirm each)"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Needed for some conditions (such as safeguarding): why it applies and why she was "
            "not asked."
        ),
    )

    def __init__(self, *args, agreements=(), user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreements = {a.public_id: a for a in agreements}
        self.fields["agreement"].choices = [("", _("None"))] + [
            (
                a.public_id,
                _("%(purpose)s, given %(date)s")
                % {
                    "purpose": a.purpose,
                    "date": timezone.localtime(a.given_at).strftime("%d/%m/%Y"),
                },
            )
            for a in agreements
        ]
        preconditions = []
        for condition in ProcessingCondition.objects.filter(is_active=True):
            preconditions.extend(condition.preconditions)
        self.fields["preconditions_confirmed"].choices = [
            (text, text) for text in dict.fromkeys(preconditions)
        ]
        if user is not None and not self.is_bound:
            from harbour.accounts.roles import AgencyKind

            if user.agency.kind == AgencyKind.POLICE:
                self.initial.setdefault("regime", Regime.DPA_PART_3)
            else:
                self.initial.setdefault("regime", Regime.UK_GDPR)
        if user is not None:
            self.fields["agency"].queryset = Agency.objects.filter(is_active=True).exclude(
                pk=user.agency_id
            )

    def clean_agreement(self):
        key = self.cleaned_data.get("agreement")
        return self.agreements.get(key) if key else None


class StopShareForm(forms.Form):
    reason = forms.CharField(
        error_messages={"required": _("Enter why sharing is stopping")},
        label=_("Why is sharing stopping?"),
        max_length=200,
    )


class RestrictForm(forms.Form):
    reason = forms.CharField(
        error_messages={"required": _("Enter why the record is restricted")},
        label=_("Why?"),
        max_length=300,
        help_text=_("For example: the person harming her works in a partner agency"),
    )
    username = forms.CharField(
        label=_("Username of a user to name (optional)"),
        max_length=150,
        required=False,
        help_text=_("Administrators must name at least one user who may read the record."),
    )

    def clean_username(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if not username:
            return None
        named = NamedUserForm({"username": username})
        if not named.is_valid():
            raise forms.ValidationError(named.errors["username"])
        return named.cleaned_data["username"]


class NamedUserForm(forms.Form):
    username = forms.CharField(
        error_messages={"required": _("Enter the username of the user to name")},
        label=_("Username of the user to name"),
        max_length=150,
    )

    def clean_username(self):
        from harbour.people.queries import may_work_with_people

        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None or not may_work_with_people(user):
            raise forms.ValidationError(_("There is no active casework user with that username."))
        return user


class EmergencyAccessForm(forms.Form):
    reason = forms.CharField(
        error_messages={"required": _("Enter what the emergency is")},
        label=_("What is the emergency?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=10,
        max_length=1000,
        help_text=_(
            "Your reason is recorded, and someone else will review this access. Misuse is a "
            "disciplinary matter."
        ),
    )


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        error_messages={"required": _("Select the outcome of the review")},
        label=_("Outcome"),
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the access was not appropriate: what you did and who was told."),
    )
