from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Agency
from harbour.accounts.queries import AccountStatus
from harbour.accounts.roles import Role


class SignInForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={"required": _("Enter your username")},
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("The 6-digit code shown in the app, for example 123456"),
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
        error_messages={"required": _("Enter the 6-digit code from your authenticator app")},
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not (len(code) == 6 and code.isdigit()):
            raise forms.ValidationError(_("The code must be 6 digits, for example 123456"))
        return code


class NewPasswordForm(forms.Form):
    """The person's own new password, from a one-time link (checked by the password rules)."""

    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters, with at least three of these: lower-case letters, capital "
            "letters, numbers and symbols."
        ),
        error_messages={"required": _("Enter a new password")},
    )
    new_password2 = forms.CharField(
        label=_("Type the new password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type the new password again")},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("The two passwords are not the same"))
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return cleaned


def _agency_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.filter(is_active=True),
        empty_label=_("Choose an agency"),
        error_messages={"required": _("Choose their agency")},
    )


def _role_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Choose a role")), *Role.choices],
        help_text=_(
            "New accounts that work with people's records, pass intelligence to the police or "
            "manage accounts wait for another administrator's approval."
        ),
        error_messages={"required": _("Choose their role")},
    )


class AccountRequestForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        error_messages={"required": _("Enter their first name")},
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        error_messages={"required": _("Enter their last name")},
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What they will sign in with, for example jo.smith"),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"required": _("Enter a username")},
    )
    email = forms.EmailField(
        label=_("Work email address"),
        help_text=_("The link to set up the account goes here, and only here."),
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter their work email address"),
            "invalid": _("Enter an email address like name@example.org"),
        },
    )
    job_title = forms.CharField(label=_("Job title (optional)"), max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"] = _agency_field()
        self.fields["role"] = _role_field()


class RoleChangeForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"] = _role_field()
        self.fields["role"].label = _("New role")
        self.fields["role"].help_text = ""
        self.fields["agency"] = _agency_field()
        self.fields["agency"].label = _("New agency")


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label=_("New work email address"),
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter the new email address"),
            "invalid": _("Enter an email address like name@example.org"),
        },
    )


class UsersFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.all(), required=False, empty_label=_("Any")
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Any")), *Role.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any")),
            (AccountStatus.OPEN, _("Open")),
            (AccountStatus.NOT_SET_UP, _("Open, never signed in")),
            (AccountStatus.WAITING, _("Waiting for approval")),
            (AccountStatus.CLOSED, _("Closed")),
        ],
    )
