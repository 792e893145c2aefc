"""Releases in the admin, for the people who produce statistics: read only (a release is never
edited), with why the last revision was held back. The true counts behind a release are not
in the admin at all."""

from __future__ import annotations

from django.contrib import admin

from harbour.statistics.models import Release


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = (
        "table_set",
        "period_key",
        "revision",
        "made_at",
        "withheld_share",
        "alone_withheld_share",
        "next_revision_on",
        "held_back",
    )
    list_filter = ("table_set",)
    fields = (*list_display, "period_start", "period_end", "reason", "changes", "all_withheld")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
