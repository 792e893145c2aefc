from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Agency
from harbour.core.public_forms import PublicFormMixin
from harbour.directory.choices import (
    ACCESSIBILITY,
    LANGUAGES,
    FeedbackKind,
    ServiceStatus,
    Weekday,
)
from harbour.directory.models import Location, Organisation, Service
from harbour.directory.queries import need_terms, top_level_needs
from harbour.directory.services import OpeningTimes
from harbour.regions.models import LocalAuthority

MAX_WORDS_LENGTH = 100


def _https_urls(field: models.Field, **kwargs) -> forms.Field | None:
    """Web addresses typed without a scheme are taken to be https."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


def _need_choices(*, empty: str) -> list[tuple[str, str]]:
    return [("", empty), *((term.code, term.name) for term in top_level_needs())]


def _area_choices(*, empty: str) -> list[tuple[str, str]]:
    areas = LocalAuthority.objects.order_by("name").values_list("gss_code", "name")
    return [("", empty), *areas]


# --- The public site ---------------------------------------------------------------------------


class FindSupportForm(PublicFormMixin, forms.Form):
    """The public search: sent in the body of a post, so no search appears in any address.

    The post is answered with a redirect to an opaque results address (decision 0005)."""

    public_form_id = "directory.find-support"
    public_form_once = False  # a search records nothing: searching again is not a replay

    need = forms.ChoiceField(
        label=_("What kind of support are you looking for?"),
        required=False,
        widget=forms.RadioSelect,
    )
    area = forms.ChoiceField(
        label=_("Where do you live, or where do you need support?"),
        required=False,
    )
    words = forms.CharField(
        label=_("Words to search for (optional)"),
        help_text=_("For example, a service’s name or a language."),
        required=False,
        max_length=MAX_WORDS_LENGTH,
        error_messages={
            "max_length": _("Search words must be %(limit_value)d characters or fewer.")
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = _need_choices(empty=_("Any kind of support"))
        self.fields["area"].choices = _area_choices(empty=_("Anywhere in the region"))


class EntryReportForm(PublicFormMixin, forms.Form):
    public_form_id = "directory.entry-report"

    kind = forms.ChoiceField(
        label=_("What is wrong with this entry?"),
        choices=FeedbackKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what is wrong with this entry.")},
    )
    details = forms.CharField(
        label=_("Tell us more (optional)"),
        help_text=_(
            "For example, the right phone number. Do not include your name or anything about "
            "yourself or anyone else."
        ),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Details must be %(limit_value)d characters or fewer.")},
    )


# --- The staff area ----------------------------------------------------------------------------


class StaffSearchForm(forms.Form):
    need = forms.ChoiceField(label=_("Kind of support"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    words = forms.CharField(label=_("Words"), required=False, max_length=MAX_WORDS_LENGTH)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ServiceStatus.choices],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = _need_choices(empty=_("Any"))
        self.fields["area"].choices = _area_choices(empty=_("Any"))


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        error_messages = {
            "name": {"required": _("Enter the organisation's name")},
            "description": {"required": _("Enter a description of the organisation")},
        }
        formfield_callback = _https_urls
        fields = ["name", "description", "email", "website", "agency"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "agency": _(
                "If the organisation is one of the partnership's agencies, referrals to its "
                "services go to that agency."
            )
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)
        self.fields["agency"].empty_label = _("Not a partnership agency")


class LocationForm(forms.ModelForm):
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility"),
        choices=ACCESSIBILITY,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Location
        error_messages = {
            "organisation": {"required": _("Select the organisation")},
            "name": {"required": _("Enter the place's name")},
            "location_type": {"required": _("Select the kind of place")},
        }
        fields = [
            "organisation",
            "name",
            "description",
            "location_type",
            "address_1",
            "city",
            "state_province",
            "postal_code",
            "local_authority",
            "address_confidential",
            "accessibility",
            "accessibility_details",
        ]
        widgets = {
            "location_type": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "accessibility_details": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "address_confidential": _(
                "For refuges and safe houses: the address is never shown on the public site "
                "or in the API."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].empty_label = _("Not known")


class ServiceForm(forms.ModelForm):
    needs = forms.ModelMultipleChoiceField(
        label=_("Kinds of support"),
        queryset=need_terms(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one kind of support.")},
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas served"),
        queryset=LocalAuthority.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one area the service covers.")},
    )
    locations = forms.ModelMultipleChoiceField(
        label=_("Places where it is offered"),
        queryset=Location.objects.select_related("organisation"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only the organisation's own places can be chosen."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages staff speak"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Service
        error_messages = {
            "organisation": {"required": _("Select the organisation that runs the service")},
            "name": {"required": _("Enter the service's name")},
            "description": {"required": _("Enter what the service does")},
            "status": {"required": _("Select the service's status")},
            "gender": {"required": _("Select who can use the service")},
        }
        formfield_callback = _https_urls
        fields = [
            "organisation",
            "name",
            "description",
            "status",
            "alert",
            "needs",
            "areas",
            "gender",
            "minimum_age",
            "maximum_age",
            "eligibility_description",
            "self_referral",
            "professional_referral",
            "how_to_access",
            "phone",
            "phone_description",
            "email",
            "url",
            "fees",
            "languages",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "eligibility_description": forms.Textarea(attrs={"rows": 3}),
            "how_to_access": forms.Textarea(attrs={"rows": 3}),
            "gender": forms.RadioSelect,
            "status": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["locations"].initial = list(self.instance.locations.all())

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        places = cleaned.get("locations") or []
        if organisation is not None and any(
            place.organisation_id != organisation.pk for place in places
        ):
            self.add_error(
                "locations",
                _("Choose only places of %(organisation)s.") % {"organisation": organisation},
            )
        return cleaned


class OpeningTimesForm(forms.Form):
    days = forms.MultipleChoiceField(
        label=_("Days"),
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select the days these opening times are for.")},
    )
    opens_at = forms.TimeField(
        label=_("Opens at"),
        help_text=_("For example, 09:00"),
        error_messages={
            "required": _("Enter when it opens."),
            "invalid": _("Enter a time such as 09:00."),
        },
    )
    closes_at = forms.TimeField(
        label=_("Closes at"),
        help_text=_("For example, 17:30. Use 23:59 for midnight."),
        error_messages={
            "required": _("Enter when it closes."),
            "invalid": _("Enter a time such as 17:30."),
        },
    )
    description = forms.CharField(label=_("Notes (optional)"), required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        return cleaned

    def opening_times(self) -> OpeningTimes:
        data = self.cleaned_data
        return OpeningTimes(
            days=data["days"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            description=data.get("description", ""),
        )


OpeningTimesFormSet = forms.formset_factory(
    OpeningTimesForm, extra=1, max_num=7, validate_max=True, can_delete=True
)
