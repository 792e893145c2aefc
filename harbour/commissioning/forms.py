"""Forms of the commissioning pages. The views pass cleaned data to the services, whose errors
come back on the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from harbour.commissioning.models import MONEY, Funder, year_label
from harbour.directory.models import Organisation, Service
from harbour.regions.models import LocalAuthority

DATE_HELP = _("For example, 1/4/2026")


def _date(label, error_messages=None):
    return forms.DateField(
        label=label,
        help_text=DATE_HELP,
        widget=forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10"}),
        error_messages={"invalid": _("Enter a date, like 1/4/2026"), **(error_messages or {})},
    )


def _money(label, **kwargs):
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_digits=MONEY["max_digits"],
        decimal_places=MONEY["decimal_places"],
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-10", "inputmode": "decimal"}
        ),
        **kwargs,
    )


def _count(label, error_messages=None):
    return forms.IntegerField(
        label=label,
        error_messages=error_messages,
        min_value=0,
        max_value=1_000_000,
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-5", "inputmode": "numeric"}
        ),
    )


class FunderForm(forms.Form):
    name = forms.CharField(
        error_messages={"required": _("Enter the funder's name")}, label=_("Name"), max_length=200
    )
    identifier = forms.CharField(
        error_messages={"required": _("Enter the funder's organisation identifier")},
        label=_("Organisation identifier"),
        max_length=100,
        help_text=_("As the Organisation Identifier Standard gives it, such as GB-LAE-LIV."),
    )
    website = forms.URLField(label=_("Website (optional)"), required=False, assume_scheme="https")


class StreamForm(forms.Form):
    funder = forms.ModelChoiceField(
        error_messages={"required": _("Select the funder")},
        label=_("Funder"),
        queryset=Funder.objects.all(),
    )
    name = forms.CharField(
        error_messages={"required": _("Enter the name of the fund")},
        label=_("Name of the fund"),
        max_length=200,
    )
    code = forms.SlugField(
        error_messages={"required": _("Enter the programme code")},
        label=_("Programme code"),
        max_length=50,
        help_text=_("Letters, digits and hyphens, such as victim-services-2026."),
    )
    description = forms.CharField(
        label=_("Description (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    total = _money(_("Total (£)"), error_messages={"required": _("Enter the fund's total")})
    starts_on = _date(_("Starts"), error_messages={"required": _("Enter the date the fund starts")})
    ends_on = _date(_("Ends"), error_messages={"required": _("Enter the date the fund ends")})


class ContractForm(forms.Form):
    reference = forms.SlugField(
        error_messages={"required": _("Enter the contract reference")},
        label=_("Contract reference"),
        max_length=50,
        help_text=_("Providers name the contract by this in their returns, such as VSF-DA-01."),
    )
    title = forms.CharField(
        error_messages={"required": _("Enter the contract's title")},
        label=_("Title"),
        max_length=200,
    )
    description = forms.CharField(
        error_messages={"required": _("Enter what the contract pays for")},
        label=_("What the contract pays for"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("This is published as open data: name no person."),
    )
    organisation = forms.ModelChoiceField(
        error_messages={"required": _("Select the provider")},
        label=_("Provider"),
        queryset=Organisation.objects.order_by("name"),
    )
    services = forms.ModelMultipleChoiceField(
        error_messages={"required": _("Select at least one service")},
        label=_("Services"),
        queryset=Service.objects.select_related("organisation").order_by(
            "organisation__name", "name"
        ),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only services the provider itself runs."),
    )
    areas = forms.ModelMultipleChoiceField(
        error_messages={"required": _("Select at least one area served")},
        label=_("Areas served"),
        queryset=LocalAuthority.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    amount = _money(
        _("Amount awarded (£)"), error_messages={"required": _("Enter the amount awarded")}
    )
    awarded_on = _date(
        _("Awarded"), error_messages={"required": _("Enter the date the contract was awarded")}
    )
    starts_on = _date(
        _("Starts"), error_messages={"required": _("Enter the date the contract starts")}
    )
    ends_on = _date(_("Ends"), error_messages={"required": _("Enter the date the contract ends")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].label_from_instance = lambda service: (
            f"{service.name} ({service.organisation.name})"
        )


class BudgetForm(forms.Form):
    year = forms.TypedChoiceField(
        error_messages={"required": _("Select the financial year")},
        label=_("Financial year"),
        coerce=int,
        choices=(),
    )
    amount = _money(_("Budget (£)"), error_messages={"required": _("Enter the budget")})

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year_label(year)) for year in years]


class ReturnForm(forms.Form):
    period = forms.ChoiceField(
        error_messages={"required": _("Select the quarter")}, label=_("Quarter"), choices=()
    )
    spend = _money(
        _("Spend in the quarter (£)"),
        error_messages={"required": _("Enter the spend in the quarter")},
    )
    referrals_received = _count(
        _("Referrals received"),
        error_messages={"required": _("Enter how many referrals were received")},
    )
    people_supported = _count(
        _("People supported"),
        error_messages={"required": _("Enter how many people were supported")},
    )
    outcomes_achieved = _count(
        _("Outcomes achieved"),
        error_messages={"required": _("Enter how many outcomes were achieved")},
    )
    notes = forms.CharField(
        label=_("Notes (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Name no person."),
    )

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [
            (f"{year}-{quarter}", f"{year_label(year)} Q{quarter}") for year, quarter in periods
        ]

    def clean_period(self) -> tuple[int, int]:
        year, quarter = self.cleaned_data["period"].split("-")
        return int(year), int(quarter)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet of returns"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file, up to 1 MB."),
        error_messages={"required": _("Choose a file to upload")},
    )
