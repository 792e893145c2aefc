from django.urls import path

from harbour.accounts.outbox import views

app_name = "notifications"

urlpatterns = [
    path("outbox/", views.outbox, name="outbox"),
]
