"""Harbour's URLs: the public site at the root, the staff area under /staff/."""

from django.contrib import admin
from django.urls import include, path, register_converter
from django_otp.admin import OTPAdminSite

from harbour.core import urls as core_urls
from harbour.core.converters import PublicIdConverter
from harbour.directory.public_views import find_support

register_converter(PublicIdConverter, "pid")

# The admin requires a two-factor sign-in like every other staff page.
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "Harbour administration"
admin.site.site_title = "Harbour administration"

# The public site's home is the directory's "Find support" search.
core_pages = [path("", find_support, name="public-home"), *core_urls.urlpatterns]

# Unhandled errors: the page gives the request's id as a reference to quote.
handler500 = "harbour.core.views.server_error"

urlpatterns = [
    path("", include((core_pages, core_urls.app_name))),
    path("", include("harbour.directory.urls")),
    path("", include("harbour.referrals.public_urls")),
    path("", include("harbour.safety_reports.public_urls")),
    path("", include("harbour.consultations.public_urls")),
    path("", include("harbour.insights.public_urls")),
    path("api/openreferral/", include("harbour.directory.api_urls")),
    path("staff/", include("harbour.accounts.urls")),
    path("staff/audit/", include("harbour.accounts.access_log.urls")),
    path("staff/directory/", include("harbour.directory.staff_urls")),
    path("staff/notifications/", include("harbour.accounts.outbox.urls")),
    path("staff/people/", include("harbour.people.urls")),
    path("staff/incidents/", include("harbour.incidents.urls")),
    path("staff/followups/", include("harbour.followups.urls")),
    path("staff/risk/", include("harbour.risk.urls")),
    path("staff/referrals/", include("harbour.referrals.urls")),
    path("staff/marac/", include("harbour.marac.urls")),
    path("staff/insights/", include("harbour.insights.urls")),
    path("staff/safety/", include("harbour.safety_reports.urls")),
    path("staff/commissioning/", include("harbour.commissioning.urls")),
    path("staff/prevention/", include("harbour.prevention.urls")),
    path("staff/campaigns/", include("harbour.campaigns.urls")),
    path("staff/action-plan/", include("harbour.action_plan.urls")),
    path("staff/consultations/", include("harbour.consultations.urls")),
    path("staff/records/", include("harbour.records.urls")),
    path("staff/admin/", admin.site.urls),
]
