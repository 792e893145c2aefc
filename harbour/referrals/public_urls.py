from django.urls import path

from harbour.referrals import public_views

app_name = "referrals-public"

urlpatterns = [
    path("contact/", public_views.contact, name="contact"),
    path("contact/sent/", public_views.sent, name="sent"),
]
