"""Harbour's URLs plus a referral form at the address the referrals app provides, to test the
links incidents and assessments offer to it (the referrals app is not part of this package)."""

from django.http import HttpResponse
from django.urls import include, path


def referral_form(request):
    return HttpResponse("referral form")


urlpatterns = [
    path("", include("harbour.urls")),
    path(
        "staff/referrals/",
        include(([path("new/", referral_form, name="create")], "referrals")),
    ),
]
