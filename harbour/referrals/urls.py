from django.urls import path

from harbour.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new/", views.referral_create, name="create"),
    path("new/find-service/", views.find_service, name="find-service"),
    path("new/<pid:draft_id>/", views.draft_details, name="draft"),
    path("new/<pid:draft_id>/sharing/", views.draft_sharing, name="draft-sharing"),
    path("new/<pid:draft_id>/what-sharing-needs/", views.draft_footing, name="draft-footing"),
    path("new/<pid:draft_id>/her-agreement/", views.draft_agreement, name="draft-agreement"),
    path("new/<pid:draft_id>/check/", views.draft_check, name="draft-check"),
    path("what-agencies-see/", views.matrix, name="matrix"),
    path("self-referrals/", views.self_referral_list, name="self-referrals"),
    path(
        "self-referrals/dismiss-flagged/",
        views.self_referrals_dismiss,
        name="self-referrals-dismiss",
    ),
    path(
        "self-referrals/<pid:self_referral_id>/",
        views.self_referral_detail,
        name="self-referral",
    ),
    path("<pid:referral_id>/", views.referral_detail, name="detail"),
    path("<pid:referral_id>/sent/", views.referral_sent, name="sent"),
    path("<pid:referral_id>/contact-details/", views.referral_contact, name="contact"),
    path("<pid:referral_id>/accept/", views.referral_accept, name="accept"),
    path("<pid:referral_id>/decline/", views.referral_decline, name="decline"),
    path("<pid:referral_id>/withdraw/", views.referral_withdraw, name="withdraw"),
    path("<pid:referral_id>/close/", views.referral_close, name="close"),
    path(
        "<pid:referral_id>/decline-dealt-with/",
        views.referral_decline_dealt_with,
        name="decline-dealt-with",
    ),
    path("<pid:referral_id>/needs-assessment/", views.needs_assessment, name="assessment"),
    path("<pid:referral_id>/refer-on/", views.onward, name="onward"),
    # Any other identifier reaches the getter too: refused and logged.
    path("<str:referral_id>/", views.referral_detail, name="detail-any"),
]
