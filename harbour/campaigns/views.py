"""The commissioner's campaign pages: the list, a new campaign, and a campaign beside the
released searches and self-referrals of its quarters."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from harbour.accounts.decorators import page_refuse, role_required
from harbour.accounts.roles import Role
from harbour.campaigns import figures, forms, services
from harbour.campaigns.models import Campaign
from harbour.core.forms import apply_errors


def commissioner_only(view):
    @role_required(Role.COMMISSIONER)
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not services.may_manage(request.user):
            page_refuse(request, "not the commissioning agency")
        return view(request, *args, **kwargs)

    return wrapped


@require_safe
@commissioner_only
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "campaigns/home.html",
        {"campaigns": Campaign.objects.prefetch_related("areas")},
    )


@require_http_methods(["GET", "POST"])
@commissioner_only
def campaign_add(request: HttpRequest) -> HttpResponse:
    form = forms.CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Campaign recorded."))
            return redirect("campaigns:detail", campaign_id=campaign.public_id)
    return render(request, "campaigns/form.html", {"form": form})


@require_safe
@commissioner_only
def campaign_detail(request: HttpRequest, campaign_id: str) -> HttpResponse:
    campaign = Campaign.objects.filter(public_id=campaign_id).first()
    if campaign is None:
        return render(request, "campaigns/not_found.html", status=404)
    quarters = figures.campaign_quarters(campaign)
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "areas": campaign.areas.all(),
            "quarters": quarters,
            "searches_chart": figures.quarters_chart(quarters, "searches"),
            "self_referrals_chart": figures.quarters_chart(quarters, "self_referrals"),
        },
    )
