from django.urls import path

from harbour.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views.two_factor, name="two-factor"),
    path("sign-in/set-up-code/", views.two_factor_setup, name="two-factor-setup"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
]
