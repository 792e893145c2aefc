"""What the Django admin holds of accounts: agencies, and nothing else.

Users are managed on the staff pages (``/staff/users/``), where no one sets or reads another
person's password or authenticator secret, changes of role, agency and email wait for a second
administrator, and every act goes in the access log. So the Django admin has no page for users,
two-factor devices (their secrets), backup codes (not installed) or permission groups (Harbour
uses roles), and its own "change password" page leads to the logged one. See decision 0023.
"""

from django.contrib import admin
from django.contrib.auth.models import Group
from django.shortcuts import redirect
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour.accounts.models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active", "areas"]
    search_fields = ["name"]
    filter_horizontal = ["areas"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # close an agency (not active) instead: its history stays


for _model in (Group, TOTPDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


def _password_change(request, extra_context=None):
    return redirect("accounts:password-change")


admin.site.password_change = _password_change
