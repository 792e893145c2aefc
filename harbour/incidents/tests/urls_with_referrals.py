"""Harbour's URLs with a referral form at the name the referrals app provides
(``referrals:create``), to test the links incidents and assessments offer to it whether or not
the referrals app is installed."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import include, path


def referral_form(request):
    return HttpResponse("referral form")


urlpatterns = [path("", include("harbour.urls"))]
if "harbour.referrals" not in settings.INSTALLED_APPS:
    urlpatterns.append(
        path(
            "staff/referrals/",
            include(([path("new/", referral_form, name="create")], "referrals")),
        )
    )
