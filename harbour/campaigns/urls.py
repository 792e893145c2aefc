from django.urls import path

from harbour.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.home, name="home"),
    path("add/", views.campaign_add, name="add"),
    path("<pid:campaign_id>/", views.campaign_detail, name="detail"),
]
