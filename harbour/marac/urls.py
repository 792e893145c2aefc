from django.urls import path

from harbour.marac import views

app_name = "marac"

urlpatterns = [
    path("", views.home, name="home"),
    path("figures/", views.figures, name="figures"),
    path("referrals/new/<pid:person_id>/", views.referral_create, name="referral-create"),
    path("referrals/<pid:referral_id>/", views.referral_detail, name="referral"),
    path("referrals/<pid:referral_id>/withdraw/", views.referral_withdraw, name="withdraw"),
    path("referrals/<pid:referral_id>/close/", views.referral_close, name="close"),
    path("meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/<pid:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<pid:meeting_id>/agenda/", views.meeting_agenda, name="agenda"),
    path("meetings/<pid:meeting_id>/add/", views.meeting_add, name="meeting-add"),
    path("meetings/<pid:meeting_id>/invite/", views.meeting_invite, name="invite"),
    path("meetings/<pid:meeting_id>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("meetings/<pid:meeting_id>/order/", views.meeting_order, name="meeting-order"),
    path("meetings/<pid:meeting_id>/print/", views.meeting_print, name="print"),
    path("meetings/<pid:meeting_id>/attendance/", views.meeting_attendance, name="attendance"),
    path("hearings/<pid:hearing_id>/", views.hearing_detail, name="hearing"),
    path("hearings/<pid:hearing_id>/run/", views.hearing_run, name="run"),
    path("hearings/<pid:hearing_id>/information/", views.hearing_information, name="information"),
    path("hearings/<pid:hearing_id>/actions/new/", views.hearing_action_new, name="action-new"),
    path("hearings/<pid:hearing_id>/invite/", views.hearing_invite, name="hearing-invite"),
    path("hearings/<pid:hearing_id>/outcome/", views.hearing_outcome, name="outcome"),
    path("hearings/<pid:hearing_id>/remove/", views.hearing_remove, name="hearing-remove"),
    path("actions/<pid:action_id>/", views.action_detail, name="action"),
    # Any other identifier reaches the getters too: refused and logged.
    path("referrals/<str:referral_id>/", views.referral_detail, name="referral-any"),
    path("meetings/<str:meeting_id>/", views.meeting_detail, name="meeting-any"),
    path("hearings/<str:hearing_id>/", views.hearing_detail, name="hearing-any"),
]
