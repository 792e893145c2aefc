from django.urls import path

from harbour.accounts.access_log import views

app_name = "audit"

urlpatterns = [
    path("", views.search, name="search"),
]
