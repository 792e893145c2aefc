"""Administrators edit the retention rules and start reviews (naming the chair) here; runs
and tombstones are read-only. Requests, holds and copies are worked on the staff pages."""

from django.contrib import admin

from harbour.records.models import RetentionRule, RetentionRun, Review, Tombstone


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ("label", "record_type", "period_days", "applied", "active")
    readonly_fields = ("record_type",)

    def has_add_permission(self, request) -> bool:
        return False  # a record type needs code that knows how to find and erase it

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("reference", "kind", "chair", "started_on", "closed_on")
    autocomplete_fields = ()
    raw_id_fields = ("chair",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "started_at", "state", "position", "cursor", "finished_at")


@admin.register(Tombstone)
class TombstoneAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "record_type", "erased_at", "why", "by")
    list_filter = ("record_type", "why")
