from django.urls import path

from harbour.accounts import views, views_users

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views.two_factor, name="two-factor"),
    path("sign-in/set-up-code/", views.two_factor_setup, name="two-factor-setup"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    # One-time links (opened without a session).
    path("account/link/<str:token>/", views.link_open, name="link"),
    path("account/set-password/", views.link_set_password, name="set-password"),
    path("account/confirm-email/", views.link_confirm_email, name="confirm-email"),
    # Administrators managing users.
    path("users/", views_users.user_list, name="users"),
    path("users/new/", views_users.user_new, name="user-new"),
    path("users/<pid:user_id>/", views_users.user_detail, name="user"),
    path("users/<pid:user_id>/role/", views_users.user_change_role, name="user-role"),
    path("users/<pid:user_id>/email/", views_users.user_change_email, name="user-email"),
    path("users/<pid:user_id>/reset/", views_users.user_reset, name="user-reset"),
    path("users/<pid:user_id>/close/", views_users.user_close, name="user-close"),
    path("users/<pid:user_id>/reopen/", views_users.user_reopen, name="user-reopen"),
    path("users/changes/<pid:change_id>/", views_users.change_detail, name="change"),
]
