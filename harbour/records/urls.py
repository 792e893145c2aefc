from django.urls import path

from harbour.records import views

app_name = "records"

urlpatterns = [
    path("", views.home, name="home"),
    path("people/<pid:person_id>/erasure/", views.erasure_new, name="erasure-new"),
    path("erasure/<pid:request_id>/", views.erasure_detail, name="erasure"),
    path(
        "people/<pid:person_id>/subject-access/",
        views.subject_access_new,
        name="subject-access-new",
    ),
    path("subject-access/<pid:request_id>/", views.subject_access_detail, name="subject-access"),
    path("people/<pid:person_id>/corrections/", views.correction_new, name="correction-new"),
    path("reviews/<pid:review_id>/", views.review_detail, name="review"),
    path("reviews/<pid:review_id>/chronology/", views.chronology, name="chronology"),
    path("holds/<pid:hold_id>/lift/", views.hold_lift, name="hold-lift"),
    path(
        "recommendations/<pid:recommendation_id>/",
        views.recommendation_detail,
        name="recommendation",
    ),
]
