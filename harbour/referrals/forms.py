"""Forms of the referral pages and of the public self-referral form. Plain forms: views pass
cleaned data to the services, which hold the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Agency
from harbour.accounts.roles import AgencyKind
from harbour.core.public_forms import PublicFormMixin
from harbour.directory.queries import need_terms
from harbour.people.choices import ContactChannel, YesNoUnknown
from harbour.people.models import AgreementMethod, LawfulBasis, ProcessingCondition
from harbour.referrals.choices import (
    SELF_REFERRAL_CHANNELS,
    DeclineReason,
    Domain,
    NeedLevel,
    Outcome,
    ReceivingView,
    RiskLevel,
    SelfReferralClosure,
)
from harbour.referrals.footings import OTHER, Footing, footing_messages
from harbour.referrals.matrix import VIEW_FOR_AGENCY_KIND
from harbour.regions.models import LocalAuthority

TEXT_LIMIT = 4000


def _text(
    label, *, required=False, help_text="", rows=4, max_length=TEXT_LIMIT, error_messages=None
):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "max_length": _("Keep it to %(limit_value)d characters or fewer."),
            **(error_messages or {}),
        },
    )


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, agency):
        return f"{agency.name} ({agency.get_kind_display()})"


class ReferralForm(forms.Form):
    """What a referral says: the first page of making one. Why her information may be shared
    is asked next (:class:`SituationForm`, :class:`FootingForm`); what is shared follows from
    the receiving agency's view."""

    to_agency = AgencyChoiceField(
        label=_("Refer her to"),
        queryset=Agency.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose where to refer her.")},
    )
    need = forms.ModelChoiceField(
        label=_("Kind of support she needs"),
        queryset=need_terms(),
        required=False,
        empty_label=_("Choose a kind of support"),
        to_field_name="code",
    )
    reason = _text(
        _("Why are you referring her, and what does she want help with?"),
        required=True,
        help_text=_("Write what the service needs to help her. Do not describe the offence."),
        error_messages={"required": _("Say why you are referring her.")},
    )
    circumstances = _text(
        _("Background for triage (optional)"),
        help_text=_(
            "What happened and anything else the hub needs to triage the referral. Specialist "
            "services never see this."
        ),
        rows=5,
    )
    risk_level = forms.ChoiceField(
        label=_("Risk level from her latest risk assessment"),
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the risk level from her latest risk assessment.")},
    )
    risk_reasons = _text(_("Reasons for the risk level (optional)"), rows=3)

    field_order = ["to_agency", "need", "reason", "circumstances", "risk_level", "risk_reasons"]

    def __init__(self, *args, user, service=None, risk_hint="", **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service
        if risk_hint:
            self.fields["risk_level"].help_text = risk_hint
        if service is not None:
            # The destination is the service's agency; the service sees no background or
            # reasons for the risk level, so they are not asked for.
            del self.fields["to_agency"]
            del self.fields["circumstances"]
            del self.fields["risk_reasons"]
            field = self.fields["need"]
            field.queryset = service_need_terms(service)
            field.required = True
            field.widget = forms.RadioSelect()
            field.empty_label = None
            field.error_messages["required"] = _("Choose the kind of support she needs.")
            offered = list(field.queryset)
            if len(offered) == 1 and not self.initial.get("need"):
                self.initial["need"] = offered[0].code  # one kind of support: chosen
        else:
            receiving = [
                kind
                for kind, view in VIEW_FOR_AGENCY_KIND.items()
                if view in (ReceivingView.TRIAGE, ReceivingView.ADVOCACY)
            ]
            self.fields["to_agency"].queryset = (
                Agency.objects.filter(is_active=True, kind__in=receiving)
                .exclude(pk=user.agency_id)
                .order_by("kind", "name")
            )
            self.fields["need"].label = _("Kind of support she needs (optional)")
            hubs = [
                a for a in self.fields["to_agency"].queryset if a.kind == AgencyKind.VICTIM_CARE_HUB
            ]
            if len(hubs) == 1:  # "Refer to the victim care hub" links land with it chosen
                self.initial.setdefault("to_agency", hubs[0].pk)

    def answers(self) -> dict:
        """What the draft keeps: plain values (codes and public ids)."""
        data = self.cleaned_data
        agency = data.get("to_agency")
        need = data.get("need")
        return {
            "to_agency": agency.public_id if agency is not None else "",
            "need": need.code if need is not None else "",
            "reason": data.get("reason", ""),
            "circumstances": data.get("circumstances", ""),
            "risk_level": data.get("risk_level", ""),
            "risk_reasons": data.get("risk_reasons", ""),
        }


def service_need_terms(service):
    """The kinds of support a service offers: its terms and any umbrella they sit under, never
    an umbrella alone with none of its parts offered."""
    terms = list(service.needs.all())
    return need_terms().filter(code__in={t.code for t in terms})


class SituationForm(forms.Form):
    """Why her information can be shared: the situation, which decides the basis."""

    situation = forms.ChoiceField(
        label=_("Why can her information be shared?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose why her information can be shared."),
            "invalid_choice": _("Choose why her information can be shared."),
        },
    )

    def __init__(self, *args, situations, agency_name, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["situation"]
        field.label = _("Why can her information be shared with %(agency)s?") % {
            "agency": agency_name
        }
        field.choices = [(s.code, s.label) for s in situations] + [
            (OTHER, _("Another lawful basis"))
        ]
        self.hints = {s.code: s.hint for s in situations}
        self.hints[OTHER] = _("Name the lawful basis and the condition yourself.")


class FootingForm(forms.Form):
    """What the chosen footing needs, and only that: her agreement; the basis and condition
    (another basis); each precondition of the condition; a justification. Judged by the one
    sharing check (:func:`harbour.referrals.footings.footing_messages`)."""

    def __init__(
        self,
        *args,
        footing: Footing,
        view: str,
        regime: str,
        agency,
        person_id: int,
        agreements=(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.footing = footing
        self.view = view
        self.agency = agency
        self.person_id = person_id
        self.agreements = {a.public_id: a for a in agreements}
        if footing.situation == OTHER:
            self.fields["basis"] = forms.ModelChoiceField(
                label=_("Lawful basis"),
                queryset=LawfulBasis.objects.filter(is_active=True, regime=regime),
                to_field_name="code",
                empty_label=_("Choose a lawful basis"),
                error_messages={
                    "required": _("Choose the lawful basis on which her information is shared.")
                },
            )
            self.fields["condition"] = forms.ModelChoiceField(
                label=_("Condition for offence information"),
                help_text=_(
                    "A referral tells the agency that she is the victim of an alleged offence."
                ),
                queryset=ProcessingCondition.objects.filter(is_active=True, regime=regime),
                to_field_name="code",
                required=False,
                empty_label=_("No condition"),
            )
        if footing.relies_on_agreement:
            self.fields["agreement"] = forms.ChoiceField(
                label=_("Her agreement"),
                widget=forms.RadioSelect,
                choices=[
                    (
                        a.public_id,
                        _("%(purpose)s, given %(date)s%(explicit)s")
                        % {
                            "purpose": a.purpose,
                            "date": timezone.localtime(a.given_at).strftime("%d/%m/%Y"),
                            "explicit": _(" (explicit)") if a.explicit else "",
                        },
                    )
                    for a in agreements
                ],
                error_messages={
                    "required": _("Choose her agreement to this referral, or record it."),
                    "invalid_choice": _("Choose her agreement to this referral, or record it."),
                },
            )
        if footing.preconditions:
            self.fields["preconditions_confirmed"] = forms.MultipleChoiceField(
                label=_("Confirm that each of these holds"),
                help_text=_("%(condition)s") % {"condition": footing.condition},
                choices=[(p, p) for p in footing.preconditions],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        if footing.requires_justification:
            self.fields["justification"] = _text(
                _("Why is sharing without her agreement needed?"),
                help_text=_(
                    "Say why it applies, and why she was not asked or could not agree. Her "
                    "record keeps this with the share."
                ),
                rows=4,
            )

    def clean_agreement(self):
        key = self.cleaned_data.get("agreement")
        return self.agreements.get(key) if key else None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        footing = self.footing
        if footing.situation == OTHER:
            footing = Footing(footing.regime, OTHER, cleaned.get("basis"), cleaned.get("condition"))
        messages = footing_messages(
            footing=footing,
            view=self.view,
            agency_name=self.agency.name,
            agreement=cleaned.get("agreement"),
            person_id=self.person_id,
            agency_id=self.agency.pk,
            preconditions_confirmed=cleaned.get("preconditions_confirmed", ()),
            justification=cleaned.get("justification", ""),
        )
        fields = {"preconditions": "preconditions_confirmed"}
        for name, message in messages.items():
            target = fields.get(name, name)
            self.add_error(target if target in self.fields else None, message)
        return cleaned


class AgreementStepForm(forms.Form):
    """Her agreement to this referral, recorded without leaving it (the agency is the one the
    referral goes to)."""

    purpose = forms.CharField(
        label=_("What she agreed to"),
        max_length=200,
        help_text=_("Do not include personal details. For example: referral for outreach support"),
        error_messages={"required": _("Say what she agreed to.")},
    )
    given_at = forms.DateTimeField(
        label=_("When she agreed"),
        help_text=_("For example, 27/3/2026 14:30"),
        input_formats=["%d/%m/%Y %H:%M", "%d/%m/%Y"],
        widget=forms.DateTimeInput(
            format="%d/%m/%Y %H:%M", attrs={"class": "govuk-input govuk-input--width-20"}
        ),
        error_messages={
            "required": _("Enter when she agreed."),
            "invalid": _("Enter when she agreed as a date and time, like 27/3/2026 14:30."),
        },
    )
    given_how = forms.ChoiceField(
        label=_("How she agreed"),
        choices=AgreementMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how she agreed.")},
    )
    explicit = forms.BooleanField(
        label=_("She agreed explicitly, knowing that the agency will be told she has been harmed"),
        required=False,
    )

    def __init__(self, *args, explicit_needed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if explicit_needed:
            self.fields["explicit"].required = True
            self.fields["explicit"].error_messages["required"] = _(
                "Confirm that she agreed explicitly, or choose another reason for sharing."
            )
        else:
            del self.fields["explicit"]


class FindServiceForm(forms.Form):
    need = forms.ModelChoiceField(
        label=_("Kind of support she needs"),
        queryset=need_terms(),
        empty_label=_("Choose a kind of support"),
        to_field_name="code",
        error_messages={"required": _("Choose the kind of support she needs.")},
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=LocalAuthority.objects.order_by("name"),
        to_field_name="gss_code",
        empty_label=_("Choose an area"),
        error_messages={"required": _("Choose the area where she needs support.")},
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you declining the referral?"),
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why the referral is declined.")},
    )
    details = _text(
        _("More about the decision (optional)"),
        help_text=_("The referring agency reads this. Needed for another reason."),
        rows=3,
    )


class WithdrawForm(forms.Form):
    reason = _text(
        _("Why are you withdrawing the referral?"),
        required=True,
        rows=3,
        error_messages={"required": _("Say why the referral is withdrawn.")},
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome.")},
    )
    notes = _text(_("About the outcome (optional)"), rows=3)


class NeedsAssessmentForm(forms.Form):
    """A level and notes for every area of need, and the specialist support she needs."""

    support_needs = forms.ModelMultipleChoiceField(
        label=_("Specialist support she needs"),
        queryset=need_terms(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Services offering these in her area are suggested for onward referral."),
    )
    summary = _text(_("Summary (optional)"), rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for domain in Domain:
            self.fields[f"level_{domain.value}"] = forms.ChoiceField(
                label=_("%(area)s: level of need") % {"area": domain.label},
                choices=NeedLevel.choices,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
                error_messages={
                    "required": _("Choose a level for %(area)s.")
                    % {"area": str(domain.label).lower()}
                },
            )
            self.fields[f"notes_{domain.value}"] = _text(
                _("%(area)s: notes (optional)") % {"area": domain.label}, rows=2
            )

    def domains(self):
        return [
            (domain, self[f"level_{domain.value}"], self[f"notes_{domain.value}"])
            for domain in Domain
        ]

    def levels(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            domain.value: (data[f"level_{domain.value}"], data[f"notes_{domain.value}"])
            for domain in Domain
        }


class TriageForm(forms.Form):
    """Who she is, to check for an existing record before one is created. The phone number and
    email address she gave on the form take part in the check too."""

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
    date_of_birth = forms.DateField(
        label=_("Date of birth (optional)"),
        required=False,
        help_text=_("For example, 27/3/1988"),
        widget=forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10"}),
    )

    def __init__(self, *args, self_referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.self_referral = self_referral

    def clean(self):
        cleaned = super().clean()
        cleaned["phone"] = self.self_referral.phone
        cleaned["email"] = self.self_referral.email
        return cleaned


class SelfReferralCloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is it being closed?"),
        choices=SelfReferralClosure.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why it is closed.")},
    )
    notes = _text(_("Notes (optional)"), rows=3)


class DismissFlaggedForm(forms.Form):
    """Dismiss, as not genuine, self-referrals the flood limits flagged: each one chosen."""

    # Rendered by the page as a table of the messages, a box on each row.
    chosen = forms.MultipleChoiceField(
        label=_("Flagged messages to dismiss"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose the messages to dismiss."),
            "invalid_choice": _(
                "Some of the messages chosen are no longer waiting: look at the list again."
            ),
        },
    )
    confirm = forms.BooleanField(
        label=_("I have checked these messages: they are not from people who need our help"),
        error_messages={"required": _("Confirm that you have checked the messages.")},
    )

    def __init__(self, *args, flagged, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = [(s.public_id, s.public_id) for s in flagged]
        self.fields["chosen"].initial = [s.public_id for s in flagged]


# The public site ---------------------------------------------------------------------------------

HELP_WITH_LABELS = {
    Domain.SAFETY: _("Feeling safe"),
    Domain.HEALTH: _("My health"),
    Domain.HOUSING: _("Somewhere safe to live"),
    Domain.MONEY: _("Money"),
    Domain.LEGAL: _("The police, courts or legal advice"),
    Domain.CHILDREN: _("My children"),
    Domain.EMOTIONAL: _("How I am feeling"),
}


class SelfReferralForm(PublicFormMixin, forms.Form):
    """The survivor's own request. Only a safe way to reach her is needed."""

    public_form_id = "referrals.self-referral"

    safe_channels = forms.MultipleChoiceField(
        label=_("How can we contact you safely?"),
        choices=[(c, ContactChannel(c).label) for c in SELF_REFERRAL_CHANNELS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose all that are safe."),
        error_messages={"required": _("Choose at least one safe way for us to contact you.")},
    )
    phone = forms.CharField(
        label=_("Phone number (if we may call or text)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email address (if we may email)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"invalid": _("Enter an email address, like name@example.com.")},
    )
    safe_times = forms.CharField(
        label=_("When is it safe to contact you? (optional)"),
        help_text=_("For example, weekdays between 10am and 2pm."),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    voicemail_ok = forms.ChoiceField(
        label=_("Can we leave a voicemail? (optional)"),
        choices=[(YesNoUnknown.YES, _("Yes")), (YesNoUnknown.NO, _("No"))],
        widget=forms.RadioSelect,
        required=False,
    )
    code_word = forms.CharField(
        label=_("A code word (optional)"),
        help_text=_(
            "We will ask for it before we say anything, so we know we are speaking to you."
        ),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("What should we call you? (optional)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    help_with = forms.MultipleChoiceField(
        label=_("What would you like help with? (optional)"),
        choices=list(HELP_WITH_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    area = forms.ModelChoiceField(
        label=_("Where do you live? (optional)"),
        queryset=LocalAuthority.objects.order_by("name"),
        to_field_name="gss_code",
        required=False,
        empty_label=_("I would rather not say"),
    )
    language = forms.CharField(
        label=_("Which language would you like us to use? (optional)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    message = forms.CharField(
        label=_("Anything else you want to tell us (optional)"),
        help_text=_("Only what you are comfortable sharing. You can tell us more when we talk."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        error_messages={"max_length": _("Keep it to %(limit_value)d characters or fewer.")},
    )

    def clean_phone(self):
        from harbour.people.matching import normalise_phone

        value = (self.cleaned_data.get("phone") or "").strip()
        if value and not normalise_phone(value):
            raise forms.ValidationError(
                _("Enter a phone number, like 07700 900 982 or 0151 496 0000.")
            )
        return value

    def clean(self):
        cleaned = super().clean()
        channels = set(cleaned.get("safe_channels") or [])
        wants_phone = bool(channels & {"phone_call", "text_message"})
        if wants_phone and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Enter the phone number we can safely call or text."))
        if "email" in channels and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter the email address we can safely write to."))
        return cleaned
