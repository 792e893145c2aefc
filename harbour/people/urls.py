from django.urls import path

from harbour.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/<pid:review_id>/", views.review_detail, name="review"),
    path("<pid:person_id>/", views.person_detail, name="detail"),
    path("<pid:person_id>/contact-details/", views.person_contact, name="contact"),
    path("<pid:person_id>/correct/", views.person_edit, name="edit"),
    path("<pid:person_id>/safe-contact/", views.person_safe_contact, name="safe-contact"),
    path("<pid:person_id>/history/", views.person_history, name="history"),
    path("<pid:person_id>/timeline/", views.person_timeline, name="timeline"),
    path("<pid:person_id>/sharing/", views.person_sharing, name="sharing"),
    path("<pid:person_id>/sharing/share/", views.share_new, name="share-new"),
    path("<pid:person_id>/sharing/agreement/", views.agreement_new, name="agreement-new"),
    path(
        "<pid:person_id>/sharing/agreement/<pid:agreement_id>/withdraw/",
        views.agreement_withdraw,
        name="agreement-withdraw",
    ),
    path("<pid:person_id>/sharing/<pid:share_id>/stop/", views.share_stop, name="share-stop"),
    path("<pid:person_id>/restriction/", views.person_restriction, name="restriction"),
    path("<pid:person_id>/emergency-access/", views.emergency_access, name="emergency-access"),
    # Any other identifier (a guessed number, say) reaches the getter too: refused and logged.
    path("<str:person_id>/", views.person_detail, name="detail-any"),
]
