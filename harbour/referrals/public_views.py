"""The public contact form: a survivor asks the victim care hub to contact her, safely.

Cookie-less like every public form (``harbour.core.public_forms``: an origin check and a signed,
time-limited token), with neutral titles, no address or device data kept, and flood limits
(``harbour.referrals.flood``) that no one sender or network can use to silence others.
The confirmation page says nothing about what was sent.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from harbour.core.public_forms import public_form_view
from harbour.referrals.flood import NETWORK, SURGE, flood_admit, flood_refusal
from harbour.referrals.forms import SelfReferralForm
from harbour.referrals.services import NoHub, self_referral_hub, self_referral_submit


def _hub_available() -> bool:
    try:
        self_referral_hub()
    except NoHub:
        return False
    return True


@public_form_view
@require_http_methods(["GET", "HEAD", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    if not _hub_available():
        return render(request, "referrals/public/unavailable.html", status=503)
    if request.method != "POST":
        return render(request, "referrals/public/contact.html", {"form": SelfReferralForm()})
    if flood_refusal(request) is not None:
        # Nothing is kept, not even what was typed: she is told how else to get help.
        return render(request, "referrals/public/busy.html", status=429)
    form = SelfReferralForm(request.POST)
    if not form.is_valid():
        return render(request, "referrals/public/contact.html", {"form": form}, status=400)
    admission = flood_admit(request)
    if admission.refused is not None:  # the limit was reached while she was typing
        return render(request, "referrals/public/busy.html", status=429)
    data = form.cleaned_data
    self_referral_submit(
        safe_channels=data["safe_channels"],
        phone=data["phone"],
        email=data["email"],
        name=data["name"],
        safe_times=data["safe_times"],
        voicemail_ok=data["voicemail_ok"],
        code_word=data["code_word"],
        help_with=data["help_with"],
        message=data["message"],
        language=data["language"],
        local_authority=data["area"],
        flagged_network=NETWORK in admission.flags,
        flagged_surge=SURGE in admission.flags,
    )
    return redirect("referrals-public:sent")


@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "referrals/public/sent.html")
