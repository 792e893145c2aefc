"""The public report form, the subscribers' sign-in, and the project's moderation forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from harbour.core.public_forms import PublicFormMixin
from harbour.regions.models import LocalAuthority
from harbour.safety_reports.choices import (
    AgeRange,
    Consent,
    ContactMethod,
    Gender,
    ProcessingCondition,
    RejectReason,
    SubscriberPattern,
    ViolenceType,
    WorkingPattern,
)
from harbour.safety_reports.identifiers import split_lines

SHORT = 200
LONG = 4000
MAX_IDENTIFIERS = 10
IDENTIFIER_LENGTH = 60


def _text(label, *, required=False, help_text="", max_length=SHORT, rows=None, required_msg=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        widget=widget,
        error_messages={
            "max_length": _("Keep it to %(limit_value)d characters or fewer."),
            "required": required_msg or _("Fill in this field."),
        },
    )


class IdentifierListField(forms.CharField):
    """One value a line; at most ten, each of at most 60 characters."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", MAX_IDENTIFIERS * (IDENTIFIER_LENGTH + 2))
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        kwargs.setdefault(
            "error_messages", {"max_length": _("Keep it to %(limit_value)d characters or fewer.")}
        )
        super().__init__(*args, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        values = split_lines(text)
        if len(values) > MAX_IDENTIFIERS:
            raise ValidationError(
                _("Give at most %(count)d, one a line."), params={"count": MAX_IDENTIFIERS}
            )
        if any(len(v) > IDENTIFIER_LENGTH for v in values):
            raise ValidationError(
                _("Each one must be %(limit)d characters or fewer."),
                params={"limit": IDENTIFIER_LENGTH},
            )
        return values


class PhoneListField(IdentifierListField):
    def clean(self, value):
        values = super().clean(value)
        for v in values:
            digits = sum(c.isdigit() for c in v)
            if not 7 <= digits <= 15 or any(c not in "0123456789 +-()." for c in v):
                raise ValidationError(
                    _("Enter phone numbers like 07700 900123, one a line."), code="invalid"
                )
        return values


class AreaField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=LocalAuthority.objects.order_by("name"),
            to_field_name="gss_code",
            **kwargs,
        )


class SafetyReportForm(PublicFormMixin, forms.Form):
    public_form_id = "safety_reports.report"

    # When and where
    pattern = forms.ChoiceField(
        label=_("Did this happen on the street or online / indoors?"),
        choices=WorkingPattern.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose street or online / indoors.")},
    )
    area = AreaField(
        label=_("Area"),
        required=False,
        empty_label=_("Choose an area (optional)"),
        error_messages={"invalid_choice": _("Choose an area from the list.")},
    )
    happened_on = forms.DateField(
        label=_("Date it happened (optional)"),
        required=False,
        help_text=_("For example, 27 3 2026 or 2026-03-27"),
        input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y", "%d-%m-%Y"],
        error_messages={"invalid": _("Enter a real date, like 27/3/2026.")},
    )
    happened_time = _text(_("Time (optional)"), max_length=40)
    location = _text(_("Street or place (optional)"))
    platform = _text(_("Website or app (optional)"))
    # What happened
    violence_types = forms.MultipleChoiceField(
        label=_("What happened?"),
        choices=ViolenceType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one thing that happened.")},
    )
    contact_method = forms.ChoiceField(
        label=_("How did he make contact? (optional)"),
        choices=[("", _("Choose (optional)")), *ContactMethod.choices],
        required=False,
    )
    account = _text(
        _("Tell us what happened (optional)"),
        max_length=LONG,
        rows=5,
        help_text=_("Leave out your own name and anything that could identify you."),
    )
    # The individual
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        choices=[("", _("Choose (optional)")), *Gender.choices],
        required=False,
    )
    age_range = forms.ChoiceField(
        label=_("Age (optional)"),
        choices=[("", _("Choose (optional)")), *AgeRange.choices],
        required=False,
    )
    build = _text(_("Build (optional)"))
    features = _text(_("Distinguishing features (optional)"), max_length=1000, rows=2)
    vehicle = _text(_("Vehicle: make, model, colour (optional)"))
    registrations = IdentifierListField(label=_("Vehicle registrations (optional)"))
    phones = PhoneListField(label=_("Phone numbers he used (optional)"))
    handles = IdentifierListField(label=_("Online names or profiles (optional)"))
    description = _text(_("Anything else about him (optional)"), max_length=LONG, rows=3)
    # What may happen
    consent = forms.ChoiceField(
        label=_("What may we do with your report?"),
        choices=Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what we may do with your report.")},
    )
    contact_name = _text(_("Your name or a name we can use (optional)"), max_length=100)
    contact_details = _text(
        _("A safe phone number or email (optional)"),
        max_length=200,
        help_text=_(
            "Only if you want a support worker to contact you, or chose to pass your details "
            "to the police."
        ),
    )
    support_wanted = forms.BooleanField(
        label=_("I would like a support worker to contact me"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent") == Consent.POLICE_FULL and not cleaned.get("contact_details"):
            self.add_error(
                "contact_details",
                _("Give a safe way to contact you, so the police can reach you."),
            )
        if cleaned.get("support_wanted") and not cleaned.get("contact_details"):
            self.add_error(
                "contact_details", _("Give a safe way for a support worker to contact you.")
            )
        return cleaned


class SubscriberSignInForm(PublicFormMixin, forms.Form):
    public_form_id = "safety_reports.sign-in"

    handle = _text(
        _("Your name on this service"),
        required=True,
        max_length=40,
        required_msg=_("Enter your name on this service."),
    )
    passphrase = forms.CharField(
        label=_("Passphrase"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Enter your passphrase.")},
    )


class RedactForm(forms.Form):
    redacted_account = _text(_("Account, redacted"), max_length=LONG, rows=6)
    redacted_description = _text(
        _("Description of the individual, redacted"), max_length=LONG, rows=4
    )


class PublishForm(forms.Form):
    warning = _text(
        _("Warning"),
        required=True,
        max_length=1000,
        rows=3,
        help_text=_("What workers should know. Nothing that could identify who reported it."),
        required_msg=_("Write the warning."),
    )
    description = _text(_("Description of the individual"), max_length=LONG, rows=4)
    condition = forms.ChoiceField(
        label=_("Condition for processing criminal-offence data"),
        choices=ProcessingCondition.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the condition the alert is processed under.")},
    )
    days = forms.IntegerField(
        label=_("Days until it expires"),
        min_value=1,
        max_value=365,
        initial=90,
        error_messages={
            "required": _("Enter how many days until it expires."),
            "min_value": _("Enter a number of days from 1 to 365."),
            "max_value": _("Enter a number of days from 1 to 365."),
            "invalid": _("Enter a number of days from 1 to 365."),
        },
    )


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is it rejected?"),
        choices=RejectReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why the report is rejected.")},
    )
    notes = _text(_("More about the decision (optional)"), max_length=1000, rows=3)


class WithdrawForm(forms.Form):
    reason = _text(
        _("Why is the alert withdrawn?"),
        required=True,
        max_length=1000,
        rows=3,
        required_msg=_("Say why the alert is withdrawn."),
    )


class EnrolForm(forms.Form):
    handle = forms.RegexField(
        label=_("Handle"),
        regex=r"^[A-Za-z0-9_.-]{3,40}$",
        help_text=_("A made-up name she chooses: letters, numbers, dots, dashes; 3 to 40."),
        error_messages={
            "required": _("Enter a handle."),
            "invalid": _("Use 3 to 40 letters, numbers, dots or dashes."),
        },
    )
    passphrase = forms.CharField(
        label=_("Passphrase"),
        min_length=12,
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        error_messages={
            "required": _("Enter a passphrase."),
            "min_length": _("The passphrase must be at least 12 characters."),
        },
    )
    email = forms.EmailField(
        label=_("Email address for notices"),
        max_length=200,
        error_messages={
            "required": _("Enter an email address."),
            "invalid": _("Enter a real email address."),
        },
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas she works in"),
        queryset=LocalAuthority.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one area.")},
    )
    pattern = forms.ChoiceField(
        label=_("Street or online"),
        choices=SubscriberPattern.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose street, online or both.")},
    )
