from django.contrib import admin

from harbour.audit.models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: entries cannot be added, changed or deleted through the admin."""

    list_display = ["at", "username", "agency_name", "action", "record_type", "record_id"]
    list_filter = ["action", "flagged", "record_type"]
    search_fields = ["username", "record_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
